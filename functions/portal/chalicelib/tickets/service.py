"""Support tickets: create, list and search, reply, close, reopen, rate; the team's queue and thread.

Rules (DECISIONS.md "Tickets"): a customer's reply sets `offen`, a team reply `wartet_auf_sie` (an
internal note changes nothing and is never shown to the customer), a closed ticket takes no reply and is
reopened within 14 days of its closing, a rating comes once after closing. Another customer's ticket is
`TicketNotFound`, as is an unknown or unconfirmed one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import random
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib import errors, throttle
from chalicelib.client import Client
from chalicelib.models import Customer, Staff, Ticket, TicketAttachment, TicketLink, TicketMessage
from chalicelib.models.base import transaction, update_bookkeeping_in
from chalicelib.settings import settings
from chalicelib.tickets import search

OPEN_STATUSES = ("offen", "in_bearbeitung", "wartet_auf_sie")  # statuses and categories: schemas.py
REOPEN_WITHIN = timedelta(days=14)
CONFIRM_LINK_LIFETIME = timedelta(hours=24)
VIEW_LINK_LIFETIME = timedelta(days=180)
PAGE_SIZE = 20
TEAM_NAME = "unicorn 2 Support"
MAX_TEXT = 10_000

TICKETS_PER_CUSTOMER = throttle.Limit("tickets-customer", attempts=30, window_seconds=60 * 60)
PUBLIC_PER_ADDRESS = throttle.Limit("public-ticket-address", attempts=10, window_seconds=60 * 60)
PUBLIC_PER_EMAIL = throttle.Limit("public-ticket-email", attempts=3, window_seconds=60 * 60)
PUBLIC_VIEW_PER_ADDRESS = throttle.Limit("ticket-link-address", attempts=60, window_seconds=15 * 60)

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TICKET_ID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{8}$")


def new_ticket_id() -> str:
    return "".join(secrets.choice(_CROCKFORD) for _ in range(8))


def is_ticket_id(value: str) -> bool:
    return bool(_TICKET_ID.match(value))


def _now() -> datetime:
    return datetime.now(UTC)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def customer_name(customer: Customer) -> str:
    return " ".join(part for part in (customer.first_name, customer.last_name) if part) or customer.company


# Reading


def load(ticket_id: str) -> Ticket | None:
    """A confirmed ticket by id, or None (also for a malformed id)."""
    if not is_ticket_id(ticket_id):
        return None
    try:
        ticket = Ticket.get(ticket_id)
    except DoesNotExist:
        return None
    return ticket if ticket.confirmed else None


def for_customer(*, customer_number: str, ticket_id: str) -> Ticket:
    """The customer's own confirmed ticket; anybody else's is 'not found'."""
    ticket = load(ticket_id)
    if ticket is None or ticket.customer_number != customer_number:
        raise errors.TicketNotFound()
    return ticket


def for_team(ticket_id: str) -> Ticket:
    ticket = load(ticket_id)
    if ticket is None:
        raise errors.TicketNotFound()
    return ticket


def messages(ticket: Ticket, *, internal: bool) -> list[TicketMessage]:
    """The ticket's messages, oldest first; internal notes only for the team."""
    items = list(TicketMessage.query(ticket.ticket_id))
    return [message for message in items if internal or not message.internal]


def attachments_of(ticket: Ticket, items: list[TicketMessage]) -> dict[str, TicketAttachment]:
    ids = [attachment_id for message in items for attachment_id in (message.attachments or [])]
    if not ids:
        return {}
    found: dict[str, TicketAttachment] = {}
    owners = {ticket.ticket_id, *(ticket.merged_from or set())}
    for attachment in TicketAttachment.batch_get(list(dict.fromkeys(ids))):
        if attachment.ticket_id in owners:
            found[attachment.attachment_id] = attachment
    return found


def can_reopen(ticket: Ticket, now: datetime | None = None) -> bool:
    return (
        ticket.status == "geschlossen"
        and ticket.merged_into is None
        and ticket.closed_at is not None
        and (now or _now()) - ticket.closed_at <= REOPEN_WITHIN
    )


def reopen_until(ticket: Ticket) -> datetime | None:
    if ticket.status != "geschlossen" or ticket.closed_at is None or ticket.merged_into is not None:
        return None
    return ticket.closed_at + REOPEN_WITHIN


# Cursors: the position of the last item shown (updated_at, ticket_id), opaque to the client.


def _encode_cursor(ticket: Ticket) -> str:
    raw = json.dumps({"u": ticket.updated_at.isoformat(), "t": ticket.ticket_id}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str | None) -> tuple[datetime, str] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        updated_at = datetime.fromisoformat(data["u"])
        ticket_id = data["t"]
        if updated_at.tzinfo is None or not isinstance(ticket_id, str) or not is_ticket_id(ticket_id):
            raise ValueError
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise errors.InvalidCursor() from None
    return updated_at, ticket_id


def _before(ticket: Ticket, position: tuple[datetime, str] | None) -> bool:
    """Whether `ticket` comes after the cursor in newest-first order."""
    if position is None:
        return True
    return (ticket.updated_at, ticket.ticket_id) < position


@dataclass
class Page:
    items: list[Ticket]
    next_cursor: str | None


def _collect(sources: list[Any], *, keep: Any, position: tuple[datetime, str] | None, limit: int) -> Page:
    """Newest first from one or more newest-first Query iterators: `limit` items after `position` that
    `keep` accepts, and a cursor when more follow."""
    found: list[Ticket] = []
    for source in sources:
        taken = 0
        for ticket in source:
            if not _before(ticket, position) or not keep(ticket):
                continue
            found.append(ticket)
            taken += 1
            if taken > limit:  # one more than a page: there is a next page
                break
    found.sort(key=lambda ticket: (ticket.updated_at, ticket.ticket_id), reverse=True)
    page = found[:limit]
    next_cursor = _encode_cursor(page[-1]) if len(found) > limit else None
    return Page(items=page, next_cursor=next_cursor)


def list_for_customer(
    *, customer_number: str, q: str = "", status: str | None = None, cursor: str | None = None
) -> Page:
    """The customer's confirmed tickets, newest change first: one Query of `by-customer`, filtered here."""
    position = _decode_cursor(cursor)
    match = search.matcher(q)
    condition = Ticket.updated_at <= position[0] if position else None
    # Without filters a page is the next 21 items; with them, read in pages of 200 (not DynamoDB's 1 MB).
    page_size = PAGE_SIZE + 1 if not match and status is None else 200
    source = Ticket.by_customer.query(
        customer_number, condition, scan_index_forward=False, page_size=page_size
    )

    def keep(ticket: Ticket) -> bool:
        return (
            ticket.confirmed
            and (status is None or ticket.status == status)
            and match.matches(ticket.search_text)
        )

    return _collect([source], keep=keep, position=position, limit=PAGE_SIZE)


def queue(
    *,
    staff_email: str,
    status: str | None = None,
    category: str | None = None,
    assigned: str | None = None,
    q: str = "",
    cursor: str | None = None,
) -> Page:
    """The team's queue, newest change first: one Query of `by-queue` per status (without `status`, the
    three open ones)."""
    position = _decode_cursor(cursor)
    match = search.matcher(q)
    statuses = [status] if status else list(OPEN_STATUSES)
    condition = Ticket.updated_at <= position[0] if position else None

    def keep(ticket: Ticket) -> bool:
        if category and ticket.category != category:
            return False
        if assigned == "mine" and ticket.assignee != staff_email:
            return False
        if assigned == "none" and ticket.assignee is not None:
            return False
        ids = search.fold(f"{ticket.ticket_id} {ticket.customer_number or ''} {ticket.email}")
        return not match or match.matches(ticket.search_text) or match.matches(ids)

    sources = [Ticket.by_queue.query(name, condition, scan_index_forward=False) for name in statuses]
    return _collect(sources, keep=keep, position=position, limit=PAGE_SIZE)


def recent_for_customer(customer_number: str, *, exclude: str) -> list[Ticket]:
    """The customer's last 5 other tickets (for the team's thread)."""
    found: list[Ticket] = []
    for ticket in Ticket.by_customer.query(customer_number, scan_index_forward=False, limit=7):
        if ticket.ticket_id != exclude and ticket.confirmed:
            found.append(ticket)
        if len(found) == 5:
            break
    return found


def staff_names() -> dict[str, str]:
    return {staff.email: staff.name for staff in Staff.scan() if staff.active}


# Writing


def _message(
    ticket_id: str,
    *,
    author: str,
    author_name: str,
    text: str,
    channel: str,
    now: datetime,
    internal: bool = False,
    staff_email: str | None = None,
    attachment_ids: list[str] | None = None,
) -> TicketMessage:
    message_id = secrets.token_urlsafe(9)
    return TicketMessage(
        ticket_id,
        f"{now.isoformat()}#{message_id}",
        message_id=message_id,
        author=author,
        author_name=author_name,
        staff_email=staff_email,
        text=text,
        internal=internal,
        channel=channel,
        attachments=attachment_ids or None,
        created_at=now,
    )


def _new_ticket(
    *,
    email: str,
    name: str | None,
    customer_number: str | None,
    subject: str,
    category: str,
    text: str,
    channel: str,
    now: datetime,
    confirmed: bool = True,
) -> Ticket:
    return Ticket(
        new_ticket_id(),
        customer_number=customer_number,
        email=email.lower(),
        name=name,
        subject=subject,
        category=category,
        status="offen",
        queue="offen" if confirmed else None,
        channel=channel,
        confirmed=confirmed,
        created_at=now,
        updated_at=now,
        message_count=1,
        last_author="customer",
        reply_secret=secrets.token_hex(16),
        search_text=search.extend("", subject, text),
        expires_at=None if confirmed else now + CONFIRM_LINK_LIFETIME,
    )


def create_ticket(
    *, customer: Customer, subject: str, category: str, text: str, attachment_ids: list[str]
) -> Ticket:
    """A ticket from the portal: stored with its first message (and attachments) in one TransactWrite;
    the customer gets a confirmation mail whose Reply-To reaches the ticket."""
    from chalicelib.tickets import mails

    checked = _checked(customer.customer_number, attachment_ids)
    now = _now()
    ticket = _new_ticket(
        email=customer.email,
        name=customer_name(customer),
        customer_number=customer.customer_number,
        subject=subject,
        category=category,
        text=text,
        channel="portal",
        now=now,
    )
    first = _message(
        ticket.ticket_id,
        author="customer",
        author_name=customer_name(customer),
        text=text,
        channel="portal",
        now=now,
        attachment_ids=[attachment.attachment_id for attachment in checked],
    )
    tx = transaction()
    hit = throttle.consume_in(tx, TICKETS_PER_CUSTOMER, customer.customer_number)
    tx.save(ticket, condition=Ticket.ticket_id.does_not_exist())
    tx.save(first)
    _attach_in(tx, checked, ticket.ticket_id)
    try:
        with tx:  # commits on leaving
            pass
    except TransactWriteError as error:
        throttle.raise_if_refused(tx, error, [hit])
        raise errors.StaleWrite() from None
    mails.ticket_received(ticket, text=text)
    return ticket


def _checked(customer_number: str, attachment_ids: list[str]) -> list[TicketAttachment]:
    """The uploads a new message refers to, checked for owner, size and type (none: no S3 call)."""
    if not attachment_ids:
        return []
    from chalicelib.tickets import attachments

    return attachments.check(customer_number=customer_number, attachment_ids=attachment_ids)


def _attach_in(tx: Any, checked: list[TicketAttachment], ticket_id: str) -> None:
    if checked:
        from chalicelib.tickets import attachments

        attachments.attach_in(tx, checked, ticket_id=ticket_id)


def _append(
    ticket: Ticket,
    message: TicketMessage,
    *,
    actions: list[Action],
    extra: Any = None,
    condition: Condition | None = None,
) -> Ticket:
    """Store `message` and update the ticket in one TransactWrite. The update is bookkeeping (no version
    check: a reply never makes a team member's open form stale) with the version raised and conditional
    on the message count read, so two parallel replies cannot lose each other's search words: the loser
    reloads and tries again (after a short random pause, so a crowd of parallel replies spreads out)."""
    for attempt in range(12):
        if attempt:
            time.sleep(random.uniform(0, 0.01 * attempt))  # noqa: S311 (a pause, not a secret)
        counted: Condition = Ticket.message_count == ticket.message_count
        visible = not message.internal
        words = search.extend(ticket.search_text, message.text) if visible else ticket.search_text
        all_actions = [
            *actions,
            Ticket.version.add(1),
            Ticket.search_text.set(words),
        ]
        if visible:
            all_actions.append(Ticket.message_count.add(1))
        tx = transaction()
        tx.save(message)
        update_bookkeeping_in(
            tx, ticket, actions=all_actions, condition=counted if condition is None else counted & condition
        )
        if extra is not None:
            extra(tx)
        try:
            with tx:  # commits on leaving
                pass
        except TransactWriteError as error:
            if not _conditional(error):
                raise
            fresh = Ticket.get(ticket.ticket_id)
            if fresh.message_count == ticket.message_count:
                # Not a parallel reply: the caller's condition (the ticket was closed meanwhile) or
                # another item of the transaction (an attachment used by a parallel message) failed.
                if condition is not None and fresh.status == "geschlossen":
                    raise errors.TicketClosed() from None
                raise errors.StaleWrite() from None
            ticket = fresh
            continue
        return Ticket.get(ticket.ticket_id)
    raise errors.StaleWrite()


def _conditional(error: TransactWriteError) -> bool:
    reasons = getattr(error, "cancellation_reasons", None) or []
    return any(reason is not None and reason.code == "ConditionalCheckFailed" for reason in reasons)


def _open_for_replies(ticket: Ticket) -> None:
    if ticket.merged_into is not None:
        raise errors.TicketMerged()
    if ticket.status == "geschlossen":
        raise errors.TicketClosed()


def add_customer_message(
    *, customer: Customer, ticket: Ticket, text: str, attachment_ids: list[str], channel: str = "portal"
) -> Ticket:
    """The customer's reply: the ticket is `offen` again."""
    _open_for_replies(ticket)
    checked = _checked(customer.customer_number, attachment_ids)
    now = _now()
    message = _message(
        ticket.ticket_id,
        author="customer",
        author_name=customer_name(customer),
        text=text,
        channel=channel,
        now=now,
        attachment_ids=[attachment.attachment_id for attachment in checked],
    )
    return _add_sender_message(
        ticket,
        message,
        now=now,
        extra=lambda tx: _attach_in(tx, checked, ticket.ticket_id),
    )


def _add_sender_message(
    ticket: Ticket, message: TicketMessage, *, now: datetime, extra: Any = None
) -> Ticket:
    return _append(
        ticket,
        message,
        actions=[
            Ticket.status.set("offen"),
            Ticket.queue.set("offen"),
            Ticket.updated_at.set(now),
            Ticket.last_author.set("customer"),
        ],
        extra=extra,
        condition=Ticket.status != "geschlossen",
    )


def close(*, ticket: Ticket) -> Ticket:
    if ticket.status == "geschlossen":
        return ticket
    return _set_status(ticket, "geschlossen", expected=ticket.status)


def reopen(*, ticket: Ticket) -> Ticket:
    if ticket.status != "geschlossen":
        raise errors.TicketNotClosed()
    if ticket.merged_into is not None:
        raise errors.TicketMerged()
    if not can_reopen(ticket):
        raise errors.TicketReopenExpired()
    return _set_status(ticket, "offen", expected="geschlossen")


def _status_actions(ticket: Ticket, status: str, now: datetime) -> list[Action]:
    actions: list[Action] = [Ticket.status.set(status), Ticket.queue.set(status), Ticket.updated_at.set(now)]
    if status == "geschlossen":
        actions.append(Ticket.closed_at.set(now))
        if ticket.resolved_at is None:
            actions.append(Ticket.resolved_at.set(now))
    elif ticket.closed_at is not None:
        actions.append(Ticket.closed_at.remove())
    return actions


def _set_status(ticket: Ticket, status: str, *, expected: str) -> Ticket:
    from pynamodb.exceptions import UpdateError

    now = _now()
    actions = _status_actions(ticket, status, now)  # PynamoDB raises `version` itself
    try:
        ticket.update(actions=actions, condition=Ticket.status == expected, add_version_condition=False)
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        raise errors.StaleWrite() from None
    return ticket


def rate(*, ticket: Ticket, stars: int, comment: str) -> Ticket:
    from pynamodb.exceptions import UpdateError

    if ticket.status != "geschlossen":
        raise errors.TicketNotClosed("Sie können ein Ticket bewerten, sobald es geschlossen ist.")
    if ticket.rating_stars is not None:
        raise errors.TicketAlreadyRated()
    try:
        ticket.update(
            actions=[
                Ticket.rating_stars.set(stars),
                Ticket.rating_comment.set(comment or None),
            ],
            condition=Ticket.rating_stars.does_not_exist() & (Ticket.status == "geschlossen"),
            add_version_condition=False,
        )
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        raise errors.TicketAlreadyRated() from None
    return ticket


# The team


def add_team_message(*, staff: Staff, ticket: Ticket, text: str, internal: bool) -> Ticket:
    """A team reply (mailed to the sender; the ticket then waits for the customer) or an internal note
    (never shown to the customer, changes nothing else)."""
    from chalicelib.tickets import mails

    if ticket.merged_into is not None:
        raise errors.TicketMerged("Dieses Ticket wurde zusammengeführt. Bitte antworten Sie im Ziel-Ticket.")
    now = _now()
    message = _message(
        ticket.ticket_id,
        author="team",
        author_name=staff.name,
        text=text,
        channel="team",
        now=now,
        internal=internal,
        staff_email=staff.email,
    )
    if internal:
        return _append(ticket, message, actions=[])
    actions: list[Action] = [Ticket.updated_at.set(now), Ticket.last_author.set("team")]
    if ticket.status != "geschlossen":
        actions += [Ticket.status.set("wartet_auf_sie"), Ticket.queue.set("wartet_auf_sie")]
    if ticket.first_response_at is None:
        actions.append(Ticket.first_response_at.set(now))
    stored = _append(ticket, message, actions=actions)
    mails.team_replied(stored, text=text)
    return stored


def update_by_team(*, ticket: Ticket, version: int, status: str | None, assignee: str | None) -> Ticket:
    """Status and assignee, from the version the team member read (409 when it changed since)."""
    from pynamodb.exceptions import UpdateError

    if ticket.version != version:
        raise errors.StaleWrite()
    if ticket.merged_into is not None and status is not None and status != "geschlossen":
        raise errors.TicketMerged("Ein zusammengeführtes Ticket bleibt geschlossen.")
    now = _now()
    actions: list[Action] = []
    if status is not None and status != ticket.status:
        actions += _status_actions(ticket, status, now)
    if assignee is not None:
        if assignee == "":
            if ticket.assignee is not None:
                actions.append(Ticket.assignee.remove())
        else:
            try:
                member = Staff.get(assignee.lower())
            except DoesNotExist:
                raise errors.StaffMemberNotFound() from None
            if not member.active:
                raise errors.StaffMemberNotFound()
            actions.append(Ticket.assignee.set(member.email))
    if not actions:
        return ticket
    try:
        ticket.update(actions=actions)  # PynamoDB's version condition: a change since the read is a 409
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        raise errors.StaleWrite() from None
    return ticket


def merge(*, staff: Staff, source: Ticket, into: Ticket, version: int) -> Ticket:
    """Merge a duplicate (`source`) into `into`: its messages are copied over, it is closed and points to
    `into`. Both must be the same customer's (or, for guest tickets, the same address's)."""
    if source.version != version:
        raise errors.StaleWrite()
    same_owner = (
        source.customer_number == into.customer_number
        if source.customer_number or into.customer_number
        else source.email == into.email
    )
    if source.ticket_id == into.ticket_id or not same_owner or source.merged_into or into.merged_into:
        raise errors.TicketMergeRefused()
    now = _now()
    copied = messages(source, internal=True)
    visible = [message for message in copied if not message.internal]
    note = _message(
        into.ticket_id,
        author="system",
        author_name=TEAM_NAME,
        text=f"Ticket #{source.ticket_id} „{source.subject}“ wurde mit diesem Ticket zusammengeführt.",
        channel="team",
        now=now,
    )
    source_note = _message(
        source.ticket_id,
        author="system",
        author_name=TEAM_NAME,
        text=f"Dieses Ticket wurde mit Ticket #{into.ticket_id} zusammengeführt. Bitte antworten Sie dort.",
        channel="team",
        now=now,
    )
    with TicketMessage.batch_write() as batch:
        for message in copied:
            batch.save(
                TicketMessage(
                    into.ticket_id,
                    message.message_key,
                    message_id=message.message_id,
                    author=message.author,
                    author_name=message.author_name,
                    staff_email=message.staff_email,
                    text=message.text,
                    internal=message.internal,
                    channel=message.channel,
                    attachments=message.attachments,
                    created_at=message.created_at,
                )
            )
    tx = transaction()
    tx.save(note)
    tx.save(source_note)
    tx.update(
        into,
        actions=[
            Ticket.merged_from.add({source.ticket_id}),
            Ticket.message_count.add(len(visible) + 1),
            Ticket.search_text.set(
                search.extend(into.search_text, source.subject, *(m.text for m in visible))
            ),
            Ticket.updated_at.set(now),
        ],
    )
    tx.update(
        source,
        actions=[
            *_status_actions(source, "geschlossen", now),
            Ticket.merged_into.set(into.ticket_id),
            Ticket.message_count.add(1),
        ],
    )
    try:
        with tx:  # commits on leaving
            pass
    except TransactWriteError:
        raise errors.StaleWrite() from None
    return Ticket.get(into.ticket_id)


# Without an account: the public form, its confirmation link and the private view link


def _link(tx: Any, ticket: Ticket, *, purpose: str, lifetime: timedelta, now: datetime) -> str:
    token = secrets.token_urlsafe(32)
    tx.save(
        TicketLink(
            _hash(token),
            purpose=purpose,
            ticket_id=ticket.ticket_id,
            email=ticket.email,
            created_at=now,
            expires_at=now + lifetime,
        ),
        condition=TicketLink.token_hash.does_not_exist(),
    )
    return token


def view_link(ticket: Ticket) -> str:
    """A new private link to follow `ticket` without an account (mailed to its sender only)."""
    now = _now()
    tx = transaction()
    token = _link(tx, ticket, purpose="view", lifetime=VIEW_LINK_LIFETIME, now=now)
    with tx:  # commits on leaving
        pass
    return f"{settings.site_origin}/support/ticket/ansehen/#token={token}"


@dataclass
class PublicRequest:
    email: str
    name: str
    customer_number: str | None
    category: str
    subject: str
    text: str
    channel: str = "public"


def submit_public(request: PublicRequest, *, client: Client | None) -> None:
    """Store an unconfirmed ticket and mail its confirmation link. The answer is the same whatever the
    address; when the address's own mail limit is used up, nothing is stored or sent (no 429 that would
    tell a stranger anything). The client address's limit answers 429."""
    from chalicelib.tickets import mails

    if client is not None:
        throttle.consume(hits=[(PUBLIC_PER_ADDRESS, client.ip_address)])
    now = _now()
    ticket = _new_ticket(
        email=request.email,
        name=request.name,
        customer_number=None,
        subject=request.subject,
        category=request.category,
        text=request.text,
        channel=request.channel,
        now=now,
        confirmed=False,
    )
    ticket.given_customer_number = request.customer_number
    first = _message(
        ticket.ticket_id,
        author="customer",
        author_name=request.name or request.email,
        text=request.text,
        channel=request.channel,
        now=now,
    )
    tx = transaction()
    hit = throttle.consume_in(tx, PUBLIC_PER_EMAIL, request.email.lower())
    tx.save(ticket, condition=Ticket.ticket_id.does_not_exist())
    tx.save(first)
    token = _link(tx, ticket, purpose="confirm", lifetime=CONFIRM_LINK_LIFETIME, now=now)
    try:
        with tx:  # commits on leaving
            pass
    except TransactWriteError as error:
        try:
            throttle.raise_if_refused(tx, error, [hit])
        except errors.TooManyAttempts:
            return  # this address's mails are used up: the same answer, nothing sent
        raise
    mails.confirm_public(ticket, link=f"{settings.site_origin}/support/ticket/bestaetigen/#token={token}")


def _find_link(token: str, purpose: str) -> TicketLink:
    if not token or len(token) > 128:
        raise errors.InvalidTicketLink()
    try:
        link = TicketLink.get(_hash(token))
    except DoesNotExist:
        raise errors.InvalidTicketLink() from None
    if link.purpose != purpose or link.expires_at <= _now():
        raise errors.InvalidTicketLink()
    return link


def confirm_public(*, token: str, client: Client | None) -> Ticket:
    """Confirm a ticket from the public form (single use): it reaches the team now, matched to the
    customer whose login or verified further address sent it, and the sender gets the private link."""
    from chalicelib.contacts.service import customer_for_email
    from chalicelib.tickets import mails

    if client is not None:
        throttle.consume(hits=[(PUBLIC_VIEW_PER_ADDRESS, client.ip_address)])
    link = _find_link(token, "confirm")
    try:
        ticket = Ticket.get(link.ticket_id)
    except DoesNotExist:
        raise errors.InvalidTicketLink() from None
    customer_number = customer_for_email(ticket.email)
    now = _now()
    tx = transaction()
    tx.delete(link, condition=TicketLink.token_hash.exists())
    actions: list[Action] = [
        Ticket.confirmed.set(True),
        Ticket.queue.set(ticket.status),
        Ticket.expires_at.remove(),
        Ticket.updated_at.set(now),
        Ticket.version.add(1),
    ]
    if customer_number:
        actions.append(Ticket.customer_number.set(customer_number))
    update_bookkeeping_in(tx, ticket, actions=actions, condition=Ticket.confirmed == False)  # noqa: E712
    view_token = _link(tx, ticket, purpose="view", lifetime=VIEW_LINK_LIFETIME, now=now)
    try:
        with tx:  # commits on leaving
            pass
    except TransactWriteError:
        raise errors.InvalidTicketLink() from None
    ticket = Ticket.get(ticket.ticket_id)
    mails.public_confirmed(ticket, link=f"{settings.site_origin}/support/ticket/ansehen/#token={view_token}")
    return ticket


def by_view_link(*, token: str, client: Client | None) -> Ticket:
    if client is not None:
        throttle.consume(hits=[(PUBLIC_VIEW_PER_ADDRESS, client.ip_address)])
    link = _find_link(token, "view")
    ticket = load(link.ticket_id)
    if ticket is None:
        raise errors.InvalidTicketLink()
    return ticket


def add_public_message(*, ticket: Ticket, text: str, channel: str = "public") -> Ticket:
    """The sender's reply through the private link (or by mail)."""
    _open_for_replies(ticket)
    now = _now()
    message = _message(
        ticket.ticket_id,
        author="customer",
        author_name=ticket.name or ticket.email,
        text=text,
        channel=channel,
        now=now,
    )
    return _add_sender_message(ticket, message, now=now)


def create_from_mail(
    *, customer_number: str, email: str, name: str | None, subject: str, text: str
) -> Ticket:
    """A new ticket from a mail to the support address whose sender is the customer's (login or verified
    further address): confirmed at once, acknowledged by mail."""
    from chalicelib.tickets import mails

    now = _now()
    ticket = _new_ticket(
        email=email,
        name=name,
        customer_number=customer_number,
        subject=subject,
        category="sonstiges",
        text=text,
        channel="email",
        now=now,
    )
    first = _message(
        ticket.ticket_id, author="customer", author_name=name or email, text=text, channel="email", now=now
    )
    tx = transaction()
    hit = throttle.consume_in(tx, TICKETS_PER_CUSTOMER, customer_number)
    tx.save(ticket, condition=Ticket.ticket_id.does_not_exist())
    tx.save(first)
    try:
        with tx:  # commits on leaving
            pass
    except TransactWriteError as error:
        throttle.raise_if_refused(tx, error, [hit])
        raise
    mails.ticket_received(ticket, text=text)
    return ticket
