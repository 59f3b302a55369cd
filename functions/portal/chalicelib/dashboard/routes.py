"""Übersicht: the dashboard's data in one request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib import web
from chalicelib.principals import SignedIn

if TYPE_CHECKING:
    from chalicelib.dashboard import schemas

bp = Blueprint(__name__)


@web.route(bp, "/api/dashboard", "GET", access="customer", response="Dashboard")
def get_dashboard() -> schemas.Dashboard:
    """The Übersicht's cards: contract, next debit, newest invoice, open tickets, orders this month."""
    from chalicelib.dashboard import schemas, service

    summary = service.dashboard(customer=web.current(SignedIn).customer)
    return schemas.Dashboard(
        contract=summary.contract and schemas.ContractSummary(**vars(summary.contract)),
        debit=summary.debit and schemas.DebitSummary(**vars(summary.debit)),
        invoice=summary.invoice and schemas.InvoiceSummary(**vars(summary.invoice)),
        tickets=summary.tickets
        and schemas.TicketsSummary(
            open=summary.tickets.open,
            waiting_for_you=summary.tickets.waiting_for_you,
            newest=[schemas.TicketBrief(**vars(ticket)) for ticket in summary.tickets.newest],
        ),
        orders=summary.orders and schemas.OrdersSummary(**vars(summary.orders)),
        unavailable=sorted(summary.unavailable),
    )
