"""Tickets as the API shows them: the customer's view (no internal notes), the public view, the team's."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from chalicelib.models import Ticket, TicketAttachment, TicketMessage
from chalicelib.tickets import service

if TYPE_CHECKING:
    from chalicelib.tickets import schemas


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def summary(ticket: Ticket) -> schemas.TicketSummary:
    from chalicelib.tickets import schemas

    return schemas.TicketSummary(**_summary_fields(ticket))


def _summary_fields(ticket: Ticket) -> dict[str, object]:
    return {
        "id": ticket.ticket_id,
        "subject": ticket.subject,
        "category": ticket.category,
        "status": ticket.status,
        "channel": ticket.channel,
        "created_at": ticket.created_at.isoformat(),
        "updated_at": ticket.updated_at.isoformat(),
        "last_author": ticket.last_author,
        "message_count": ticket.message_count,
    }


def _attachments(message: TicketMessage, found: dict[str, TicketAttachment]) -> list[schemas.AttachmentOut]:
    from chalicelib.tickets import schemas

    return [
        schemas.AttachmentOut(
            id=attachment.attachment_id,
            filename=attachment.filename,
            size=int(attachment.size or attachment.declared_size),
            content_type=attachment.content_type or "application/octet-stream",
        )
        for attachment_id in (message.attachments or [])
        if (attachment := found.get(attachment_id)) is not None
    ]


def _rating(ticket: Ticket) -> schemas.RatingOut | None:
    from chalicelib.tickets import schemas

    if ticket.rating_stars is None:
        return None
    return schemas.RatingOut(stars=int(ticket.rating_stars), comment=ticket.rating_comment or "")


def _author_name(message: TicketMessage) -> str:
    """The customer sees only the first name of who wrote for the team (the page adds "unicorn 2 Support")."""
    if message.author == "team":
        return message.author_name.split(" ")[0] or service.TEAM_NAME
    return message.author_name


def detail(ticket: Ticket) -> schemas.TicketDetail:
    from chalicelib.tickets import schemas

    items = service.messages(ticket, internal=False)
    found = service.attachments_of(ticket, items)
    closed = ticket.status == "geschlossen"
    return schemas.TicketDetail(
        **_summary_fields(ticket),
        closed_at=_iso(ticket.closed_at),
        reopen_until=_iso(service.reopen_until(ticket)),
        can_reply=not closed and ticket.merged_into is None,
        can_close=not closed,
        can_reopen=service.can_reopen(ticket),
        can_rate=closed and ticket.rating_stars is None,
        rating=_rating(ticket),
        merged_into=ticket.merged_into,
        messages=[
            schemas.MessageOut(
                id=message.message_id,
                author=message.author,
                author_name=_author_name(message),
                text=message.text,
                created_at=message.created_at.isoformat(),
                channel=message.channel,
                attachments=_attachments(message, found),
            )
            for message in items
        ],
    )


def public(ticket: Ticket) -> schemas.PublicTicket:
    from chalicelib.tickets import schemas

    return schemas.PublicTicket(
        id=ticket.ticket_id,
        subject=ticket.subject,
        status=ticket.status,
        created_at=ticket.created_at.isoformat(),
        can_reply=ticket.status != "geschlossen" and ticket.merged_into is None,
        messages=[
            schemas.PublicMessageOut(
                id=message.message_id,
                author=message.author,
                author_name=_author_name(message),
                text=message.text,
                created_at=message.created_at.isoformat(),
            )
            for message in service.messages(ticket, internal=False)
        ],
    )


def _staff_fields(ticket: Ticket, *, companies: dict[str, str], names: dict[str, str]) -> dict[str, object]:
    return {
        **_summary_fields(ticket),
        "customer_number": ticket.customer_number,
        "company": companies.get(ticket.customer_number) if ticket.customer_number else None,
        "email": ticket.email,
        "name": ticket.name,
        "assignee": ticket.assignee,
        "assignee_name": names.get(ticket.assignee) if ticket.assignee else None,
    }


def companies_of(tickets: list[Ticket]) -> dict[str, str]:
    from chalicelib.models import Customer

    numbers = sorted({ticket.customer_number for ticket in tickets if ticket.customer_number})
    if not numbers:
        return {}
    return {customer.customer_number: customer.company for customer in Customer.batch_get(numbers)}


def staff_page(tickets: list[Ticket], next_cursor: str | None) -> schemas.StaffTicketPage:
    from chalicelib.tickets import schemas

    companies = companies_of(tickets)
    names = service.staff_names() if any(ticket.assignee for ticket in tickets) else {}
    return schemas.StaffTicketPage(
        items=[
            schemas.StaffTicketSummary(**_staff_fields(t, companies=companies, names=names)) for t in tickets
        ],
        next_cursor=next_cursor,
    )


def staff_detail(ticket: Ticket) -> schemas.StaffTicketDetail:
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.contracts.catalogue import catalogue
    from chalicelib.models import Customer
    from chalicelib.tickets import schemas

    items = service.messages(ticket, internal=True)
    found = service.attachments_of(ticket, items)
    names = service.staff_names() if ticket.assignee else {}
    context = None
    companies: dict[str, str] = {}
    if ticket.customer_number:
        try:
            customer = Customer.get(ticket.customer_number)
            companies[customer.customer_number] = customer.company
        except DoesNotExist:
            customer = None
        contract = None
        from chalicelib import errors
        from chalicelib.contracts.service import get_contract, monthly_net_cents

        try:
            # As the customer's Vertragsdaten show it: changes due by today are applied (get_contract settles them).
            stored = get_contract(customer_number=ticket.customer_number)
            contract = schemas.ContractOut(
                product=catalogue().product(stored.licence).name, monthly_net_cents=monthly_net_cents(stored)
            )
        except errors.ContractNotFound:
            pass
        context = schemas.CustomerContext(
            customer_number=ticket.customer_number,
            company=customer.company if customer else "",
            contract=contract,
            recent_tickets=[
                summary(other)
                for other in service.recent_for_customer(ticket.customer_number, exclude=ticket.ticket_id)
            ],
        )
    return schemas.StaffTicketDetail(
        **_staff_fields(ticket, companies=companies, names=names),
        version=int(ticket.version or 0),
        given_customer_number=ticket.given_customer_number,
        closed_at=_iso(ticket.closed_at),
        first_response_at=_iso(ticket.first_response_at),
        resolved_at=_iso(ticket.resolved_at),
        merged_into=ticket.merged_into,
        merged_from=sorted(ticket.merged_from or []),
        rating=_rating(ticket),
        messages=[
            schemas.StaffMessageOut(
                id=message.message_id,
                author=message.author,
                author_name=message.author_name,
                text=message.text,
                created_at=message.created_at.isoformat(),
                channel=message.channel,
                attachments=_attachments(message, found),
                internal=message.internal,
            )
            for message in items
        ],
        customer=context,
    )
