"""Customers: one item per customer, keyed by Kundennummer; found by e-mail through a GSI."""

from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class BankAccount(MapAttribute[str, object]):
    """The SEPA direct debit account. The full IBAN is stored here and never leaves the service unmasked."""

    account_holder = UnicodeAttribute()
    iban = UnicodeAttribute()
    bic = UnicodeAttribute(default="")
    bank_name = UnicodeAttribute(default="")
    mandate_reference = UnicodeAttribute()
    mandate_signed_at = UTCDateTimeAttribute()
    amended_at = UTCDateTimeAttribute(null=True)  # last mandate amendment (new account, same mandate)


class CompanyName(MapAttribute[str, object]):
    """The company as it is named from `valid_from` (ISO date, Europe/Berlin) on."""

    company = UnicodeAttribute()
    legal_form = UnicodeAttribute(default="")
    vat_id = UnicodeAttribute(default="")
    register_court = UnicodeAttribute(default="")
    register_number = UnicodeAttribute(default="")
    valid_from = UnicodeAttribute()


class CustomerEmailIndex(GlobalSecondaryIndex["Customer"]):
    class Meta:
        index_name = "email-index"
        projection = AllProjection()

    email = UnicodeAttribute(hash_key=True)


class Customer(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("customers")

    customer_number = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()  # stored lower-case
    email_index = CustomerEmailIndex()
    password_hash = UnicodeAttribute()
    salutation = UnicodeAttribute(default="")
    first_name = UnicodeAttribute()
    last_name = UnicodeAttribute()
    company = UnicodeAttribute(default="")
    street = UnicodeAttribute(default="")
    postal_code = UnicodeAttribute(default="")
    city = UnicodeAttribute(default="")
    country = UnicodeAttribute(default="DE")
    legal_form = UnicodeAttribute(default="")
    vat_id = UnicodeAttribute(default="")
    phone = UnicodeAttribute(default="")  # E.164
    bank = BankAccount(null=True)  # type: ignore[no-untyped-call]
    # Umfirmierung: the scheduled new name (null when none) and the names valid before the current one.
    pending_rename = CompanyName(null=True)  # type: ignore[no-untyped-call]
    former_names = ListAttribute(of=CompanyName, null=True)
    # The current name's commercial register entry and the ISO date it began (null: since created_at).
    register_court = UnicodeAttribute(default="")
    register_number = UnicodeAttribute(default="")
    company_valid_from = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    password_changed_at = UTCDateTimeAttribute()
    # Raised by every password reset or change: sessions and reset links of an older generation are void.
    credential_generation = NumberAttribute(default=0)
    # The SHA-256 of the one live login-address change link (bookkeeping: written without raising
    # `version`): a newer request replaces it, a password reset or change removes it.
    pending_email_token = UnicodeAttribute(null=True)
    # Two-factor sign-in (TOTP): the base32 secret while switched on, hashes of the unused recovery codes,
    # and the last time step a code was accepted for (a code is never accepted twice).
    totp_secret = UnicodeAttribute(null=True)
    totp_last_step = NumberAttribute(default=0)
    recovery_code_hashes = UnicodeSetAttribute(null=True)
    # A secret being set up (shown once, not yet confirmed with a code) and when the offer ends.
    totp_pending_secret = UnicodeAttribute(null=True)
    totp_pending_until = UTCDateTimeAttribute(null=True)
    version = VersionAttribute()

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
