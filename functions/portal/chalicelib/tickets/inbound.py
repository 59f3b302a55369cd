"""Mail to the support address: a reply to a ticket, or a new request.

Production: an SES receipt rule stores each mail under `inbound/` of the ticket bucket, and the S3 event
runs `ticket-inbound-mail` (app.py), which calls `receive`. Locally `POST /_dev/inbound` does the same.

- To `<local>+<ticket>.<secret>@<domain>` (the Reply-To of every ticket mail): added to that ticket when
  the secret matches and the sender is the ticket's address, or the customer's login or verified further
  address; the quoted history is stripped. A closed ticket within its 14 days is opened again. Anything
  else is refused (nothing stored, no answer: an answer would tell a stranger the address exists).
- To the plain support address: a new ticket for the customer whose login or verified further address
  sent it; from any other address, an unconfirmed ticket and a confirmation link, as from the public form.
- Automatic mail (out-of-office, bounces, lists) is ignored, so two robots never answer each other.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass

from chalicelib import logs
from chalicelib.settings import settings

MAX_RAW_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class InboundResult:
    result: str  # "added" | "created" | "pending" | "refused" | "ignored"
    ticket_id: str | None = None


def _log(result: InboundResult, reason: str) -> InboundResult:
    logs.event(
        "ticket_mail", level=logging.INFO, result=result.result, ticket_id=result.ticket_id, reason=reason
    )
    return result


def receive(raw: bytes) -> InboundResult:
    """Handle one raw RFC 822 mail (see the module docstring)."""
    from chalicelib.contacts.service import customer_for_email
    from chalicelib.tickets import mailparse, service

    if not raw or len(raw) > MAX_RAW_BYTES:
        return _log(InboundResult("refused"), "size")
    mail = mailparse.parse(raw)
    if mail.auto_submitted or not mail.sender:
        return _log(InboundResult("ignored"), "automatic")
    text = mailparse.strip_quoted(mail.text).strip()[: service.MAX_TEXT]
    target = mailparse.reply_target(mail.recipients, settings.support_address)
    if target is not None:
        ticket_id, secret = target
        ticket = service.load(ticket_id)
        if ticket is None or not hmac.compare_digest(ticket.reply_secret, secret):
            return _log(InboundResult("refused"), "unknown ticket or secret")
        owner = customer_for_email(mail.sender)
        if mail.sender != ticket.email and (
            ticket.customer_number is None or owner != ticket.customer_number
        ):
            return _log(InboundResult("refused", ticket.ticket_id), "sender not on the ticket")
        if not text:
            return _log(InboundResult("refused", ticket.ticket_id), "empty")
        if ticket.merged_into:
            merged = service.load(ticket.merged_into)
            if merged is None:
                return _log(InboundResult("refused", ticket.ticket_id), "merged into nothing")
            ticket = merged
        if ticket.status == "geschlossen":
            if not service.can_reopen(ticket):
                return _log(InboundResult("refused", ticket.ticket_id), "closed")
            ticket = service.reopen(ticket=ticket)
        service.add_public_message(ticket=ticket, text=text, channel="email")
        return _log(InboundResult("added", ticket.ticket_id), "reply")
    if settings.support_address.lower() not in mail.recipients:
        return _log(InboundResult("refused"), "not addressed to support")
    if not text:
        return _log(InboundResult("refused"), "empty")
    subject = (mail.subject or "").strip()[:150]
    if len(subject) < 3:
        subject = "Anfrage per E-Mail"
    customer_number = customer_for_email(mail.sender)
    if customer_number is not None:
        ticket = service.create_from_mail(
            customer_number=customer_number,
            email=mail.sender,
            name=mail.sender_name,
            subject=subject,
            text=text,
        )
        return _log(InboundResult("created", ticket.ticket_id), "known sender")
    service.submit_public(
        service.PublicRequest(
            email=mail.sender,
            name=mail.sender_name or mail.sender,
            customer_number=None,
            category="sonstiges",
            subject=subject,
            text=text,
            channel="email",
        ),
        client=None,
    )
    return _log(InboundResult("pending"), "unknown sender: confirmation link sent")
