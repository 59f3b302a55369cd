"""Tickets of the signed-in customer: list and search, create, read, reply, close, reopen, rate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib import web
from chalicelib.principals import SignedIn

if TYPE_CHECKING:
    from chalicelib.models import Ticket
    from chalicelib.tickets import schemas

bp = Blueprint(__name__)


def _own(ticket_id: str) -> Ticket:
    from chalicelib.tickets import service

    return service.for_customer(customer_number=web.current(SignedIn).customer_number, ticket_id=ticket_id)


@web.route(bp, "/api/tickets", "GET", access="customer", query="TicketQuery", response="TicketPage")
def list_tickets(query: schemas.TicketQuery) -> schemas.TicketPage:
    """The customer's tickets of every channel, newest change first; `q` searches subject and messages
    (umlauts folded, case-insensitive), `status` filters."""
    from chalicelib.tickets import render, schemas, service

    page = service.list_for_customer(
        customer_number=web.current(SignedIn).customer_number,
        q=query.q,
        status=query.status,
        cursor=query.cursor,
    )
    return schemas.TicketPage(
        items=[render.summary(ticket) for ticket in page.items], next_cursor=page.next_cursor
    )


@web.route(
    bp,
    "/api/tickets",
    "POST",
    access="customer",
    body="NewTicketBody",
    response="TicketDetail",
    status=201,
    idempotent=True,
)
def create_ticket(body: schemas.NewTicketBody) -> schemas.TicketDetail:
    """A new ticket with its first message and up to 5 uploaded attachments."""
    from chalicelib.tickets import render, service

    ticket = service.create_ticket(
        customer=web.current(SignedIn).customer,
        subject=body.subject,
        category=body.category,
        text=body.message,
        attachment_ids=list(body.attachments),
    )
    return render.detail(ticket)


@web.route(bp, "/api/tickets/{ticket_id}", "GET", access="customer", response="TicketDetail")
def get_ticket(ticket_id: str) -> schemas.TicketDetail:
    """One ticket with its messages (never the team's internal notes)."""
    from chalicelib.tickets import render

    return render.detail(_own(ticket_id))


@web.route(
    bp,
    "/api/tickets/{ticket_id}/messages",
    "POST",
    access="customer",
    body="ReplyBody",
    response="TicketDetail",
    status=201,
    idempotent=True,
)
def reply(ticket_id: str, body: schemas.ReplyBody) -> schemas.TicketDetail:
    """The customer's reply; the ticket is open again."""
    from chalicelib.tickets import render, service

    ticket = service.add_customer_message(
        customer=web.current(SignedIn).customer,
        ticket=_own(ticket_id),
        text=body.text,
        attachment_ids=list(body.attachments),
    )
    return render.detail(ticket)


@web.route(bp, "/api/tickets/{ticket_id}/close", "POST", access="customer", response="TicketDetail")
def close(ticket_id: str) -> schemas.TicketDetail:
    """Close the ticket (the question is answered)."""
    from chalicelib.tickets import render, service

    return render.detail(service.close(ticket=_own(ticket_id)))


@web.route(bp, "/api/tickets/{ticket_id}/reopen", "POST", access="customer", response="TicketDetail")
def reopen(ticket_id: str) -> schemas.TicketDetail:
    """Open a closed ticket again, within 14 days of its closing."""
    from chalicelib.tickets import render, service

    return render.detail(service.reopen(ticket=_own(ticket_id)))


@web.route(
    bp,
    "/api/tickets/{ticket_id}/rating",
    "POST",
    access="customer",
    body="RatingBody",
    response="TicketDetail",
)
def rate(ticket_id: str, body: schemas.RatingBody) -> schemas.TicketDetail:
    """Rate the closed ticket once: 1 to 5 stars and an optional comment."""
    from chalicelib.tickets import render, service

    return render.detail(service.rate(ticket=_own(ticket_id), stars=body.stars, comment=body.comment))
