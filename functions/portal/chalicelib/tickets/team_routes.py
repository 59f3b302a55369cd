"""The support team's tickets: queue, thread, reply or internal note, status and assignee, merge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib import web
from chalicelib.principals import StaffSignedIn

if TYPE_CHECKING:
    from chalicelib.tickets import schemas

bp = Blueprint(__name__)


@web.route(
    bp, "/api/team/tickets", "GET", access="staff", query="TeamTicketQuery", response="StaffTicketPage"
)
def team_queue(query: schemas.TeamTicketQuery) -> schemas.StaffTicketPage:
    """The queue, newest change first; without `status`, every open ticket."""
    from chalicelib.tickets import render, service

    page = service.queue(
        staff_email=web.current(StaffSignedIn).email,
        status=query.status,
        category=query.category,
        assigned=query.assigned,
        q=query.q,
        cursor=query.cursor,
    )
    return render.staff_page(page.items, page.next_cursor)


@web.route(bp, "/api/team/tickets/{ticket_id}", "GET", access="staff", response="StaffTicketDetail")
def get_team_ticket(ticket_id: str) -> schemas.StaffTicketDetail:
    """The thread with internal notes, the customer's Kundennummer, company, contract and last 5 tickets."""
    from chalicelib.tickets import render, service

    return render.staff_detail(service.for_team(ticket_id))


@web.route(
    bp,
    "/api/team/tickets/{ticket_id}/messages",
    "POST",
    access="staff",
    body="TeamMessageBody",
    response="StaffTicketDetail",
    status=201,
    idempotent=True,
)
def add_team_message(ticket_id: str, body: schemas.TeamMessageBody) -> schemas.StaffTicketDetail:
    """A reply to the customer (mailed) or an internal note (`internal`: never shown to the customer)."""
    from chalicelib.tickets import render, service

    ticket = service.add_team_message(
        staff=web.current(StaffSignedIn).staff,
        ticket=service.for_team(ticket_id),
        text=body.text,
        internal=body.internal,
    )
    return render.staff_detail(ticket)


@web.route(
    bp,
    "/api/team/tickets/{ticket_id}",
    "PATCH",
    access="staff",
    body="TeamUpdateBody",
    response="StaffTicketDetail",
)
def update_team_ticket(ticket_id: str, body: schemas.TeamUpdateBody) -> schemas.StaffTicketDetail:
    """Status and assignee (`""` unassigns), from the `version` read (409 when changed since)."""
    from chalicelib.tickets import render, service

    ticket = service.update_by_team(
        ticket=service.for_team(ticket_id), version=body.version, status=body.status, assignee=body.assignee
    )
    return render.staff_detail(ticket)


@web.route(
    bp,
    "/api/team/tickets/{ticket_id}/merge",
    "POST",
    access="staff",
    body="MergeBody",
    response="StaffTicketDetail",
)
def merge_tickets(ticket_id: str, body: schemas.MergeBody) -> schemas.StaffTicketDetail:
    """Merge this duplicate into `into` (same customer): the answer is `into` with every message."""
    from chalicelib.tickets import render, service

    ticket = service.merge(
        staff=web.current(StaffSignedIn).staff,
        source=service.for_team(ticket_id),
        into=service.for_team(body.into.strip().upper()),
        version=body.version,
    )
    return render.staff_detail(ticket)


@web.route(bp, "/api/team/staff", "GET", access="staff", response="StaffList")
def staff_list() -> schemas.StaffList:
    """The active team members, for "Zuweisen an"."""
    from chalicelib.tickets import schemas, service

    return schemas.StaffList(
        items=[
            schemas.StaffMemberOut(email=email, name=name)
            for email, name in sorted(service.staff_names().items(), key=lambda item: item[1])
        ]
    )
