"""Weitere Kontaktdaten: further e-mail addresses and phone numbers of a customer, ten of each at most.

Each entry lives in a fixed slot of the customer's partition ("email#0" … "email#9", "phone#0" …
"phone#9", `models.contact`). A new entry takes a free slot with a conditional put: the slot does not
exist, or it holds an unverified address whose 7 days have passed. So a customer never holds more than
ten of a kind, however many requests race, and reading all of them is one Query.

A further e-mail address is verified by a mailed link (7 days, single use). Confirming it claims the
address (`claims`) in the same TransactWrite that marks the entry verified, so a verified address
belongs to exactly one customer — across login addresses and further addresses. Adding an address that
another customer holds answers exactly as for a free one (no enumeration); only the mail to that address
differs: it says the address is already in use and carries no link.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition

from chalicelib import audit, claims, confirmations, errors, throttle
from chalicelib.audit.events import AuditEvent
from chalicelib.client import Client
from chalicelib.mail import send_mail
from chalicelib.models import ConfirmationToken, ContactEntry, Customer
from chalicelib.models.base import transaction
from chalicelib.models.contact import MAX_PER_KIND
from chalicelib.settings import settings

EMAIL = "email"
PHONE = "phone"
# The path segment of the routes (`/api/contacts/emails/…`) → the stored kind.
KINDS = {"emails": EMAIL, "phones": PHONE}
PURPOSES = ("rechnungen", "support", "technik")
VERIFICATION_LIFETIME = timedelta(days=7)
CONFIRM_PURPOSE = "contact_email"
CONFIRM_PATH = "/kundencenter/kontakt-bestaetigen/"
PAGE_PATH = "/kundencenter/weitere-kontaktdaten/"
RESEND_PER_CUSTOMER = throttle.Limit("contact-resend", attempts=5, window_seconds=60 * 60)
# Every mail to an address nobody has confirmed (adding and resending alike) counts here, so adding and
# deleting in a loop cannot mail an address more often either.
VERIFICATION_MAILS_PER_CUSTOMER = throttle.Limit(
    "contact-verification-mail", attempts=10, window_seconds=60 * 60
)
# Rounds of "read the slots, try the free ones" before a create gives up (only parallel creates need a second).
_CREATE_ROUNDS = 3
# Tries of one transaction that a parallel transaction on another of its items (the mail counter) cancelled.
_CONFLICT_TRIES = 3
_CONTACT_ID = re.compile(r"[A-Za-z0-9_-]{16}")
_OWN_LOGIN = (
    "Das ist Ihre Login-E-Mail-Adresse. Sie ist bereits hinterlegt und muss nicht zusätzlich "
    "eingetragen werden."
)


@dataclass(frozen=True)
class Contacts:
    """The customer's live further contacts, each kind in slot order."""

    emails: list[ContactEntry]
    phones: list[ContactEntry]


def _is_live(entry: ContactEntry, now: datetime) -> bool:
    """Verified, or unverified within its 7 days (an expired address is not listed and frees its slot)."""
    return entry.verified or entry.expires_at is None or entry.expires_at > now


def _slot_number(entry: ContactEntry) -> int:
    return int(entry.slot.partition("#")[2])


def _entries(*, customer_number: str, kind: str | None = None) -> list[ContactEntry]:
    """Every stored entry of the customer (of one kind), expired ones too: one Query."""
    condition = ContactEntry.slot.startswith(f"{kind}#") if kind else None
    return list(ContactEntry.query(customer_number, condition, consistent_read=True))


def list_contacts(*, customer_number: str) -> Contacts:
    """The customer's live further e-mail addresses and phone numbers (one Query)."""
    now = datetime.now(UTC)
    live = sorted(
        (entry for entry in _entries(customer_number=customer_number) if _is_live(entry, now)),
        key=_slot_number,
    )
    return Contacts(
        emails=[entry for entry in live if entry.kind == EMAIL],
        phones=[entry for entry in live if entry.kind == PHONE],
    )


def get_contact(*, customer_number: str, kind: str, contact_id: str) -> ContactEntry:
    """One live entry of the customer by its id; ContactNotFound for an unknown kind or id and for
    another customer's entry, so existence never leaks (one Query)."""
    stored_kind = KINDS.get(kind)
    if stored_kind is None or not _CONTACT_ID.fullmatch(contact_id):
        raise errors.ContactNotFound()
    now = datetime.now(UTC)
    for entry in _entries(customer_number=customer_number, kind=stored_kind):
        if secrets.compare_digest(entry.contact_id, contact_id) and _is_live(entry, now):
            return entry
    raise errors.ContactNotFound()


def customer_for_email(address: str) -> str | None:
    """The Kundennummer an e-mail address belongs to (login or verified further address), or None.

    For matching incoming mail to a customer (tickets); unverified addresses never count.
    """
    holder = claims.owner_of(address)
    return holder.customer_number if holder else None


# Creating


def _free_slots(entries: list[ContactEntry], *, kind: str, now: datetime) -> list[str]:
    """The kind's slots that are empty or hold an expired unverified address, in order."""
    taken = {entry.slot for entry in entries if _is_live(entry, now)}
    return [f"{kind}#{n}" for n in range(MAX_PER_KIND) if f"{kind}#{n}" not in taken]


def _slot_is_free(now: datetime) -> Condition:
    """The put's condition: nothing in the slot, or an unverified address past its 7 days (verifying
    removes `expires_at`, so a verified entry never matches)."""
    condition: Condition = ContactEntry.slot.does_not_exist() | (ContactEntry.expires_at < now)
    return condition


def _cancellation_code(error: TransactWriteError, index: int) -> str | None:
    """Why the transaction's item `index` failed ("ConditionalCheckFailed", …), if it did."""
    reasons = error.cancellation_reasons
    reason = reasons[index] if index < len(reasons) else None
    return reason.code if reason is not None else None


def _raise_unless_cancelled(error: TransactWriteError) -> None:
    """Re-raise anything but a cancelled transaction (a failed condition or a conflicting write)."""
    if error.cause_response_code != "TransactionCanceledException":
        raise error


def _a_condition_failed(error: TransactWriteError) -> bool:
    """Whether a condition cancelled the transaction (not only a parallel write to one of its items)."""
    return any(
        reason is not None and reason.code == "ConditionalCheckFailed"
        for reason in error.cancellation_reasons
    )


def _create(
    *,
    customer_number: str,
    kind: str,
    value: str,
    purposes: set[str],
    client: Client,
    entries: list[ContactEntry],
    confirmation: bool,
    counts: tuple[tuple[throttle.Limit, str], ...] = (),
) -> tuple[ContactEntry, str | None]:
    """Put a new entry into a free slot (with its audit entry, for an address its confirmation token, and
    the attempt on each of `counts`) in one TransactWrite; the limit error when no slot is free,
    TooManyAttempts (nothing written) when a count is used up. Returns the entry and the token."""
    for round_number in range(_CREATE_ROUNDS):
        now = datetime.now(UTC)
        if round_number:  # every slot we saw free was taken meanwhile: look again
            entries = _entries(customer_number=customer_number, kind=kind)
        slots = _free_slots(entries, kind=kind, now=now)
        if not slots:
            break
        for slot in slots:
            created = _create_in(
                customer_number=customer_number,
                slot=slot,
                kind=kind,
                value=value,
                purposes=purposes,
                client=client,
                now=now,
                confirmation=confirmation,
                counts=counts,
            )
            if created is not None:
                return created
    raise errors.ContactEmailLimitReached() if kind == EMAIL else errors.ContactPhoneLimitReached()


def _create_in(
    *,
    customer_number: str,
    slot: str,
    kind: str,
    value: str,
    purposes: set[str],
    client: Client,
    now: datetime,
    confirmation: bool,
    counts: tuple[tuple[throttle.Limit, str], ...],
) -> tuple[ContactEntry, str | None] | None:
    """`_create`'s try of one slot; None when the slot was taken meanwhile."""
    for _ in range(_CONFLICT_TRIES):
        entry = ContactEntry(
            customer_number,
            slot,
            contact_id=secrets.token_urlsafe(12),
            kind=kind,
            value=value,
            purposes=set(purposes) or None,
            verified=False,
            created_at=now,
            expires_at=now + VERIFICATION_LIFETIME if kind == EMAIL else None,
        )
        token: str | None = None
        record: ConfirmationToken | None = None
        if confirmation:
            token, record = confirmations.prepare(
                customer_number=customer_number,
                purpose=CONFIRM_PURPOSE,
                value=value,
                lifetime=VERIFICATION_LIFETIME,
                slot=slot,
                contact_id=entry.contact_id,
            )
        hits: list[throttle.PendingHit] = []
        try:
            with transaction() as tx:
                tx.save(entry, condition=_slot_is_free(now))  # the first item: reason 0
                tx.save(
                    audit.entry(
                        customer_number=customer_number,
                        event=AuditEvent.CONTACT_ADDED,
                        client=client,
                        detail=value,
                    )
                )
                if record is not None:
                    tx.save(record)
                hits = [throttle.consume_in(tx, limit, subject) for limit, subject in counts]
        except TransactWriteError as error:
            _raise_unless_cancelled(error)
            throttle.raise_if_refused(tx, error, hits)  # nothing written, nothing counted: no refund
            if _cancellation_code(error, 0) is not None:
                return None  # the slot was taken meanwhile (or a parallel add to it conflicted)
            continue  # a parallel write to another item (the mail counter) conflicted: this slot again
        return entry, token
    return None  # the transaction kept conflicting: the caller tries the next slot


def add_email(*, customer: Customer, address: str, purposes: set[str], client: Client) -> ContactEntry:
    """Add a further e-mail address (unverified, 7 days) and mail it a confirmation link.

    `address` is normalised (lower-case). An address another customer holds is added alike — the
    answer must not tell — but its mail says the address is in use and carries no link.
    """
    if address == customer.email:
        raise errors.ValidationError({"address": _OWN_LOGIN}, message=_OWN_LOGIN)
    now = datetime.now(UTC)
    entries = _entries(customer_number=customer.customer_number, kind=EMAIL)
    if any(entry.value == address for entry in entries if _is_live(entry, now)):
        raise errors.ContactEmailExists()
    holder = claims.owner_of(address)
    if holder is not None and holder.customer_number == customer.customer_number:
        raise errors.ContactEmailExists()  # e.g. the login address just changed to it
    in_use = holder is not None
    if not _free_slots(entries, kind=EMAIL, now=now):
        raise errors.ContactEmailLimitReached()  # before counting: a full list mails nothing
    # The mail is counted in the TransactWrite that stores the entry: no entry (the last slot went to a
    # parallel add), no count; the limit used up, no entry.
    entry, token = _create(
        customer_number=customer.customer_number,
        kind=EMAIL,
        value=address,
        purposes=purposes,
        client=client,
        entries=entries,
        confirmation=not in_use,
        counts=((VERIFICATION_MAILS_PER_CUSTOMER, customer.customer_number),),
    )
    if not _mail_verification(customer, address=address, token=token):
        # SES did not take the mail (for a free and a held address alike): take the entry back, so
        # the customer adds it again later instead of finding an unconfirmable one. The attempt stays
        # counted (a mail to an unconfirmed address was tried).
        _withdraw(entry, token=token, client=client)
        raise errors.MailNotSent()
    return entry


def _withdraw(entry: ContactEntry, *, token: str | None, client: Client) -> None:
    """Delete an entry just added whose confirmation mail failed, with its token, and say so in the log."""
    with transaction() as tx:
        tx.delete(entry, condition=ContactEntry.contact_id == entry.contact_id)
        if token is not None:
            tx.delete(ConfirmationToken(confirmations.token_hash(token)))
        tx.save(
            audit.entry(
                customer_number=entry.customer_number,
                event=AuditEvent.CONTACT_REMOVED,
                client=client,
                detail=f"{entry.value} (Bestätigungs-E-Mail nicht versendet)",
            )
        )


def add_phone(*, customer_number: str, number: str, purposes: set[str], client: Client) -> ContactEntry:
    """Add a further phone number (E.164).

    Phone numbers get no confirmation: there is no SMS sending here, so a number stays
    `verified=False` until it is confirmed some other way (e.g. by support on a call); it still matches
    incoming calls, and it never expires.
    """
    entries = _entries(customer_number=customer_number, kind=PHONE)
    if any(entry.value == number for entry in entries):
        raise errors.ContactPhoneExists()
    entry, _ = _create(
        customer_number=customer_number,
        kind=PHONE,
        value=number,
        purposes=purposes,
        client=client,
        entries=entries,
        confirmation=False,
    )
    return entry


def _mail_verification(customer: Customer, *, address: str, token: str | None) -> bool:
    """The confirmation link to `address`, or (token None: another customer holds it) the notice without.

    Nobody has confirmed `address` yet: the mail carries no text the customer chose (company or name
    could be a phishing message), only our own text and the Kundennummer. False when SES did not take it.
    """
    if token is None:
        return send_mail(
            to=address,
            subject="Ihre E-Mail-Adresse im unicorn 2 Kundencenter",
            text=(
                "Guten Tag,\n\n"
                "im unicorn 2 Kundencenter wurde diese E-Mail-Adresse als weitere Kontaktadresse eines "
                "Kundenkontos eingetragen. Sie ist bereits einem Kundenkonto zugeordnet und kann deshalb "
                "nicht noch einmal bestätigt werden.\n\n"
                "Sie müssen nichts tun. Wenn Sie Fragen dazu haben, wenden Sie sich bitte an unseren "
                "Support.\n\n"
                "Freundliche Grüße\nIhr unicorn 2 Kundenservice\n"
            ),
        )
    link = f"{settings.site_origin}{CONFIRM_PATH}#token={token}"
    return send_mail(
        to=address,
        subject="Bitte bestätigen Sie Ihre E-Mail-Adresse",
        text=(
            "Guten Tag,\n\n"
            "im unicorn 2 Kundencenter wurde diese E-Mail-Adresse als weitere Kontaktadresse für das "
            f"Kundenkonto mit der Kundennummer {customer.customer_number} eingetragen. Bitte bestätigen "
            "Sie sie über diesen Link:\n\n"
            f"{link}\n\n"
            "Der Link ist 7 Tage gültig und kann einmal verwendet werden. Ohne Bestätigung wird die "
            "Adresse danach wieder entfernt.\n"
            "Wenn Sie damit nichts zu tun haben, ignorieren Sie diese E-Mail.\n\n"
            "Freundliche Grüße\nIhr unicorn 2 Kundenservice\n"
        ),
    )


# Confirming, resending


def confirm_email(*, token: str, client: Client) -> ContactEntry:
    """Verify a further address with its mailed token: one TransactWrite deletes the token (single use),
    claims the address and marks the entry verified (if its slot still holds it)."""
    record = confirmations.find(token=token, purpose=CONFIRM_PURPOSE)
    if record is None or record.slot is None or record.contact_id is None:
        raise errors.InvalidContactToken()
    holder = claims.owner_of(record.value)
    if holder is not None:
        if holder.customer_number != record.customer_number:
            raise errors.ContactEmailInUse()
        raise errors.ContactEmailExists()  # the customer's own login or another entry of theirs
    now = datetime.now(UTC)
    entry = ContactEntry(record.customer_number, record.slot)
    try:
        with transaction() as tx:
            tx.delete(record, condition=ConfirmationToken.token_hash.exists())
            claims.claim(tx, email=record.value, customer_number=record.customer_number, kind=claims.CONTACT)
            tx.update(
                entry,
                actions=[
                    ContactEntry.verified.set(True),
                    ContactEntry.verified_at.set(now),
                    ContactEntry.expires_at.remove(),
                ],
                condition=(ContactEntry.contact_id == record.contact_id)
                & (ContactEntry.value == record.value),
            )
            tx.save(
                audit.entry(
                    customer_number=record.customer_number,
                    event=AuditEvent.CONTACT_VERIFIED,
                    client=client,
                    detail=record.value,
                )
            )
    except TransactWriteError as error:
        _raise_unless_cancelled(error)
        if _cancellation_code(error, 1) == "ConditionalCheckFailed":  # claimed at the same moment
            holder = claims.owner_of(record.value)
            if holder is not None and holder.customer_number == record.customer_number:
                raise errors.ContactEmailExists() from None  # e.g. it just became their login address
            raise errors.ContactEmailInUse() from None
        raise errors.InvalidContactToken() from None  # used meanwhile, or the entry was deleted
    entry.contact_id = record.contact_id
    entry.value = record.value
    entry.verified = True
    return entry


def resend_verification(*, customer: Customer, contact_id: str, client: Client) -> ContactEntry:
    """Mail a new confirmation link for an unverified address (5 per hour and customer, and on the
    customer's limit of verification mails); its 7 days start again."""
    entry = get_contact(customer_number=customer.customer_number, kind="emails", contact_id=contact_id)
    if entry.verified:
        raise errors.ContactAlreadyVerified()
    holder = claims.owner_of(entry.value)
    in_use = holder is not None and holder.customer_number != customer.customer_number
    for _ in range(_CONFLICT_TRIES):
        now = datetime.now(UTC)
        token: str | None = None
        hits: list[throttle.PendingHit] = []
        try:
            with transaction() as tx:
                # Both counts go into the TransactWrite that renews the entry: all or nothing, so a
                # refused or failed resend counts nothing and needs no refund.
                hits = [
                    throttle.consume_in(tx, RESEND_PER_CUSTOMER, customer.customer_number),
                    throttle.consume_in(tx, VERIFICATION_MAILS_PER_CUSTOMER, customer.customer_number),
                ]
                tx.update(
                    entry,
                    actions=[ContactEntry.expires_at.set(now + VERIFICATION_LIFETIME)],
                    condition=(ContactEntry.contact_id == entry.contact_id) & (ContactEntry.expires_at > now),
                )
                if not in_use:
                    token, record = confirmations.prepare(
                        customer_number=customer.customer_number,
                        purpose=CONFIRM_PURPOSE,
                        value=entry.value,
                        lifetime=VERIFICATION_LIFETIME,
                        slot=entry.slot,
                        contact_id=entry.contact_id,
                    )
                    tx.save(record)
        except TransactWriteError as error:
            _raise_unless_cancelled(error)
            throttle.raise_if_refused(tx, error, hits)  # nothing is mailed
            if _a_condition_failed(error):
                raise errors.ContactNotFound() from None  # deleted, verified or expired meanwhile
            continue  # a parallel write to one of its items (a counter) conflicted: once more
        break
    else:
        raise errors.StaleWrite()  # kept conflicting: the page reloads, the customer tries again
    if not _mail_verification(customer, address=entry.value, token=token):
        if token is not None:  # a link nobody received: gone, the earlier ones still work
            ConfirmationToken(confirmations.token_hash(token)).delete()
        raise errors.MailNotSent()
    return entry


# Changing, removing


def update_purposes(
    *, customer_number: str, kind: str, contact_id: str, purposes: set[str], client: Client
) -> ContactEntry:
    """Set what an entry is used for (rechnungen, support, technik; none is allowed)."""
    entry = get_contact(customer_number=customer_number, kind=kind, contact_id=contact_id)
    action = ContactEntry.purposes.set(set(purposes)) if purposes else ContactEntry.purposes.remove()
    try:
        with transaction() as tx:
            tx.update(entry, actions=[action], condition=ContactEntry.contact_id == entry.contact_id)
            tx.save(
                audit.entry(
                    customer_number=customer_number,
                    event=AuditEvent.CONTACT_CHANGED,
                    client=client,
                    detail=f"{entry.value}: {', '.join(sorted(purposes)) or 'keine Verwendung'}",
                )
            )
    except TransactWriteError as error:
        _raise_unless_cancelled(error)
        raise errors.ContactNotFound() from None  # deleted meanwhile
    entry.purposes = set(purposes) or None
    return entry


def remove_contact(*, customer_number: str, kind: str, contact_id: str, client: Client) -> None:
    """Delete an entry; a verified address's claim is released in the same TransactWrite."""
    entry = get_contact(customer_number=customer_number, kind=kind, contact_id=contact_id)
    for _ in range(2):
        release = False
        if entry.verified and entry.kind == EMAIL:
            # Release only the claim this entry made: if the address has since become the login address,
            # that claim (kind "login") stays. The release's condition checks the kind again, so a claim
            # that changes after this read fails the transaction, and the next round reads it anew.
            holder = claims.owner_of(entry.value)
            release = (
                holder is not None
                and holder.customer_number == customer_number
                and holder.kind == claims.CONTACT
            )
        try:
            with transaction() as tx:
                tx.delete(entry, condition=ContactEntry.contact_id == entry.contact_id)
                if release:
                    claims.release(
                        tx, email=entry.value, customer_number=customer_number, kind=claims.CONTACT
                    )
                tx.save(
                    audit.entry(
                        customer_number=customer_number,
                        event=AuditEvent.CONTACT_REMOVED,
                        client=client,
                        detail=entry.value,
                    )
                )
        except TransactWriteError as error:
            _raise_unless_cancelled(error)
            # Deletes come first in the transaction: the entry (0), then the claim (1).
            if release and _cancellation_code(error, 1) == "ConditionalCheckFailed":
                continue  # the claim changed since it was read
            raise errors.ContactNotFound() from None  # deleted meanwhile
        return
    raise errors.StaleWrite()  # the claim kept changing: the page reloads, the customer tries again


def ordered_purposes(entry: ContactEntry) -> list[str]:
    """The entry's purposes in the page's order."""
    return [purpose for purpose in PURPOSES if purpose in (entry.purposes or set())]


def export_contacts(*, customer_number: str) -> dict[str, object]:
    """The data export's part: every stored entry of the customer, an expired unverified one too (one Query)."""
    now = datetime.now(UTC)

    def describe(entry: ContactEntry) -> dict[str, object]:
        return {
            "id": entry.contact_id,
            "value": entry.value,
            "purposes": ordered_purposes(entry),
            "verified": entry.verified,
            "created_at": entry.created_at.isoformat(),
            "verified_at": entry.verified_at.isoformat() if entry.verified_at else None,
            "expires_at": entry.expires_at.isoformat() if entry.expires_at else None,
            "expired": not _is_live(entry, now),
        }

    entries = sorted(_entries(customer_number=customer_number), key=_slot_number)
    return {
        "emails": [describe(entry) for entry in entries if entry.kind == EMAIL],
        "phones": [describe(entry) for entry in entries if entry.kind == PHONE],
    }
