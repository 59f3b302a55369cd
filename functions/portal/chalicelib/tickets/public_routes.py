"""Tickets without an account: the public form, its confirmation link and the private link to follow and
answer a ticket. The mailed tokens are the credentials; the answer to the form is the same for every
address."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib import web

if TYPE_CHECKING:
    from chalicelib.tickets import schemas

bp = Blueprint(__name__)


@web.route(
    bp,
    "/api/public/tickets",
    "POST",
    access="public",
    body="PublicTicketBody",
    response="PublicAccepted",
    status=202,
)
def submit_public(body: schemas.PublicTicketBody) -> web.Reply:
    """A request from the public form: a confirmation link goes to the address; only a confirmed ticket
    reaches the team. Throttled per client address (429) and per e-mail address (silently)."""
    from chalicelib.tickets import schemas, service

    service.submit_public(
        service.PublicRequest(
            email=body.email,
            name=body.name,
            customer_number=body.customer_number,
            category=body.category,
            subject=body.subject,
            text=body.message,
        ),
        client=web.client(),
    )
    return web.Reply(schemas.PublicAccepted(), status=202)


@web.route(
    bp, "/api/public/tickets/confirm", "POST", access="public", body="TokenBody", response="PublicConfirmed"
)
def confirm_public(body: schemas.TokenBody) -> schemas.PublicConfirmed:
    """Confirm the request with the mailed link's token (single use, 24 hours)."""
    from chalicelib.tickets import schemas, service

    ticket = service.confirm_public(token=body.token, client=web.client())
    return schemas.PublicConfirmed(id=ticket.ticket_id, subject=ticket.subject)


@web.route(bp, "/api/public/tickets/view", "POST", access="public", body="TokenBody", response="PublicTicket")
def view_public(body: schemas.TokenBody) -> schemas.PublicTicket:
    """The ticket behind a private link: subject, status and the messages (no internal notes)."""
    from chalicelib.tickets import render, service

    return render.public(service.by_view_link(token=body.token, client=web.client()))


@web.route(
    bp,
    "/api/public/tickets/view/messages",
    "POST",
    access="public",
    body="PublicReplyBody",
    response="PublicTicket",
    status=201,
)
def reply_public(body: schemas.PublicReplyBody) -> schemas.PublicTicket:
    """The sender's reply through the private link."""
    from chalicelib.tickets import render, service

    ticket = service.by_view_link(token=body.token, client=web.client())
    return render.public(service.add_public_message(ticket=ticket, text=body.text))
