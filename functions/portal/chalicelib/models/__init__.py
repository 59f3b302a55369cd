"""PynamoDB models, one module per table."""

from pynamodb.models import Model

from chalicelib.models.audit import AuditEntry
from chalicelib.models.contact import ConfirmationToken, ContactEntry, EmailClaim
from chalicelib.models.contract import Contract, PendingCharge, ScheduledChange
from chalicelib.models.customer import Customer
from chalicelib.models.device import KnownDevice
from chalicelib.models.feedback import FeedbackCounter, FeedbackVote
from chalicelib.models.idempotency import IdempotencyRecord
from chalicelib.models.invoice import Invoice, InvoiceRegister
from chalicelib.models.licence import LicenceKey
from chalicelib.models.reset_token import PasswordResetToken
from chalicelib.models.session import Session
from chalicelib.models.sso_token import SsoToken
from chalicelib.models.staff import Staff, StaffSession
from chalicelib.models.statistics import Order, OrderStats
from chalicelib.models.throttle import AttemptCounter
from chalicelib.models.ticket import Ticket, TicketAttachment, TicketLink, TicketMessage
from chalicelib.models.two_factor import TwoFactorChallenge

ALL_MODELS: list[type[Model]] = [
    Customer,
    ContactEntry,
    EmailClaim,
    ConfirmationToken,
    Session,
    PasswordResetToken,
    AuditEntry,
    AttemptCounter,
    KnownDevice,
    FeedbackCounter,
    FeedbackVote,
    IdempotencyRecord,
    Staff,
    StaffSession,
    TwoFactorChallenge,
    SsoToken,
    Contract,
    Invoice,
    InvoiceRegister,
    LicenceKey,
    Order,
    OrderStats,
    Ticket,
    TicketMessage,
    TicketAttachment,
    TicketLink,
]

__all__ = [
    "ALL_MODELS",
    "AttemptCounter",
    "AuditEntry",
    "ConfirmationToken",
    "ContactEntry",
    "Contract",
    "Customer",
    "EmailClaim",
    "FeedbackCounter",
    "FeedbackVote",
    "IdempotencyRecord",
    "Invoice",
    "InvoiceRegister",
    "KnownDevice",
    "LicenceKey",
    "Order",
    "OrderStats",
    "PasswordResetToken",
    "PendingCharge",
    "ScheduledChange",
    "Session",
    "SsoToken",
    "Staff",
    "StaffSession",
    "Ticket",
    "TicketAttachment",
    "TicketLink",
    "TicketMessage",
    "TwoFactorChallenge",
]
