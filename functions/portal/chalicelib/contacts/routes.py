"""Weitere Kontaktdaten: further e-mail addresses (verified by a mailed link) and phone numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib import export, web
from chalicelib.principals import SignedIn

if TYPE_CHECKING:
    from chalicelib.contacts import schemas
    from chalicelib.models import ContactEntry

bp = Blueprint(__name__)


def _out(entry: ContactEntry) -> schemas.ContactOut:
    from chalicelib.contacts import schemas, service

    return schemas.ContactOut(
        id=entry.contact_id,
        value=entry.value,
        purposes=service.ordered_purposes(entry),
        verified=entry.verified,
        created_at=entry.created_at.isoformat(),
    )


@web.route(bp, "/api/contacts", "GET", access="customer", response="ContactList")
def list_contacts() -> schemas.ContactList:
    """The further e-mail addresses and phone numbers (expired unverified addresses are not listed)."""
    from chalicelib.contacts import schemas, service

    contacts = service.list_contacts(customer_number=web.current(SignedIn).customer_number)
    return schemas.ContactList(
        emails=[_out(entry) for entry in contacts.emails], phones=[_out(entry) for entry in contacts.phones]
    )


@web.route(
    bp,
    "/api/contacts/emails",
    "POST",
    access="customer",
    body="AddEmailBody",
    response="ContactOut",
    status=201,
    idempotent=True,
)
def add_email(body: schemas.AddEmailBody) -> schemas.ContactOut:
    """Add a further e-mail address (at most 10); a confirmation link goes to it, valid for 7 days."""
    from chalicelib.contacts import service

    entry = service.add_email(
        customer=web.current(SignedIn).customer,
        address=body.address,
        purposes=set(body.purposes),
        client=web.client(),
    )
    return _out(entry)


@web.route(
    bp,
    "/api/contacts/emails/confirm",
    "POST",
    access="public",  # the link may open in a browser that is not signed in: the token is the credential
    body="ConfirmEmailBody",
    response="ContactConfirmed",
)
def confirm_email(body: schemas.ConfirmEmailBody) -> schemas.ContactConfirmed:
    """Confirm a further e-mail address with the mailed link's token (single use, 7 days)."""
    from chalicelib.contacts import schemas, service

    entry = service.confirm_email(token=body.token, client=web.client())
    return schemas.ContactConfirmed(id=entry.contact_id, value=entry.value, verified=entry.verified)


@web.route(bp, "/api/contacts/emails/{id}/resend", "POST", access="customer", response="MailSent", status=202)
def resend_confirmation(id: str) -> schemas.MailSent:
    """Send the confirmation link of an unverified address again (5 times an hour)."""
    from chalicelib.contacts import schemas, service

    entry = service.resend_verification(
        customer=web.current(SignedIn).customer, contact_id=id, client=web.client()
    )
    return schemas.MailSent(
        Message=f"Wir haben den Bestätigungslink erneut an {entry.value} geschickt. "
        "Bitte sehen Sie auch im Spam-Ordner nach."
    )


@web.route(
    bp,
    "/api/contacts/phones",
    "POST",
    access="customer",
    body="AddPhoneBody",
    response="ContactOut",
    status=201,
    idempotent=True,
)
def add_phone(body: schemas.AddPhoneBody) -> schemas.ContactOut:
    """Add a further phone number (at most 10), stored in international format (E.164)."""
    from chalicelib.contacts import service

    entry = service.add_phone(
        customer_number=web.current(SignedIn).customer_number,
        number=body.number,
        purposes=set(body.purposes),
        client=web.client(),
    )
    return _out(entry)


# PATCH and DELETE are registered per kind (the issue's `/api/contacts/{kind}/{id}`, spelled out): API
# Gateway builds a resource tree and matches a static segment before a path parameter, so a `{kind}`
# beside the static `emails` and `phones` would never be reached for those very values in production
# (tests/portal/test_route_table.py checks the whole table for such shadowing).


def _update(kind: str, id: str, body: schemas.PurposesBody) -> schemas.ContactOut:
    from chalicelib.contacts import service

    entry = service.update_purposes(
        customer_number=web.current(SignedIn).customer_number,
        kind=kind,
        contact_id=id,
        purposes=set(body.purposes),
        client=web.client(),
    )
    return _out(entry)


def _remove(kind: str, id: str) -> None:
    from chalicelib.contacts import service

    service.remove_contact(
        customer_number=web.current(SignedIn).customer_number, kind=kind, contact_id=id, client=web.client()
    )


@web.route(
    bp, "/api/contacts/emails/{id}", "PATCH", access="customer", body="PurposesBody", response="ContactOut"
)
def update_email(id: str, body: schemas.PurposesBody) -> schemas.ContactOut:
    """Change what a further e-mail address is used for."""
    return _update("emails", id, body)


@web.route(
    bp, "/api/contacts/phones/{id}", "PATCH", access="customer", body="PurposesBody", response="ContactOut"
)
def update_phone(id: str, body: schemas.PurposesBody) -> schemas.ContactOut:
    """Change what a further phone number is used for."""
    return _update("phones", id, body)


@web.route(bp, "/api/contacts/emails/{id}", "DELETE", access="customer")
def remove_email(id: str) -> None:
    """Delete a further e-mail address; a confirmed address is released."""
    _remove("emails", id)


@web.route(bp, "/api/contacts/phones/{id}", "DELETE", access="customer")
def remove_phone(id: str) -> None:
    """Delete a further phone number."""
    _remove("phones", id)


def export_contacts(customer_number: str) -> dict[str, object]:
    """The data export's "contacts" part: further addresses and numbers, with their dates."""
    from chalicelib.contacts import service

    return service.export_contacts(customer_number=customer_number)


export.register("contacts", "chalicelib.contacts.routes:export_contacts")
