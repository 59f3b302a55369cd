"""The dashboard's summaries, read in as few DynamoDB round trips as the data allows (DECISIONS.md
"Dashboard (issue 12)"): the guard's session read, one BatchGetItem over contract, newest-invoice summary
and this month's order counters, one Query of the customer's tickets. Each area's rules stay in its
domain (contracts, invoices, SEPA dates, tickets, statistics); this module only reads and combines.

Every key is the signed-in customer's: nothing here takes a Kundennummer from the request.
"""

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.exceptions import PynamoDBException

from chalicelib import logs
from chalicelib.models import Contract, Customer, Invoice, InvoiceRegister, OrderStats, Ticket
from chalicelib.models.base import connection
from chalicelib.models.statistics import ALL_CHANNELS

NEWEST_TICKETS = 3
_BATCH_ROUNDS = 3  # BatchGetItem rounds for unprocessed keys (only under throttling)
_FAULTS = (BotoCoreError, ClientError, PynamoDBException)


@dataclass(frozen=True)
class ContractPart:
    licence: str
    options: list[str]
    monthly_net_cents: int
    monthly_gross_cents: int


@dataclass(frozen=True)
class DebitPart:
    date: str
    amount_cents: int
    estimated: bool
    invoice_number: str | None


@dataclass(frozen=True)
class InvoicePart:
    number: str
    issue_date: str
    due_date: str
    gross_cents: int
    status: str


@dataclass(frozen=True)
class TicketPart:
    id: str
    subject: str
    status: str


@dataclass(frozen=True)
class TicketsPart:
    open: int
    waiting_for_you: int
    newest: list[TicketPart]  # those waiting for the customer first, then by latest change


@dataclass(frozen=True)
class OrdersPart:
    month: str
    orders: int
    revenue_cents: int


@dataclass
class Summary:
    contract: ContractPart | None = None
    debit: DebitPart | None = None
    invoice: InvoicePart | None = None
    tickets: TicketsPart | None = None
    orders: OrdersPart | None = None
    unavailable: set[str] = field(default_factory=set)


def dashboard(*, customer: Customer, today: date | None = None) -> Summary:
    """The signed-in customer's dashboard as of `today` (Europe/Berlin): two DynamoDB round trips here,
    a third only for a customer whose newest invoice predates the invoice summary."""
    from chalicelib.customers.sepa import berlin_today

    today = today or berlin_today()
    customer_number = customer.customer_number
    summary = Summary()
    days = [today.replace(day=day) for day in range(1, today.day + 1)]
    try:
        items = _batch_get(
            {
                Contract: [{"customer_number": {"S": customer_number}}],
                InvoiceRegister: [{"key": {"S": _latest_key(customer_number)}}],
                OrderStats: [
                    {
                        "customer_number": {"S": customer_number},
                        "key": {"S": f"{ALL_CHANNELS}#{day.isoformat()}"},
                    }
                    for day in days
                ],
            }
        )
    except _FAULTS as fault:
        _log_fault("contract, invoice, orders", fault)
        summary.unavailable |= {"contract", "debit", "invoice", "orders"}
    else:
        contracts = [Contract.from_raw_data(item) for item in items[Contract]]
        contract = contracts[0] if contracts else None
        latest = [InvoiceRegister.from_raw_data(item) for item in items[InvoiceRegister]]
        summary.orders = _orders(today, [OrderStats.from_raw_data(item) for item in items[OrderStats]])
        if contract is not None:
            summary.contract = _contract(contract, today)
        try:
            summary.invoice = _invoice(latest[0], today) if latest else _newest_invoice(contract, today)
        except _FAULTS as fault:
            _log_fault("invoice", fault)
            summary.unavailable.add("invoice")
        if contract is not None and customer.bank is not None:
            summary.debit = _debit(contract, latest[0] if latest else None, today)
    try:
        summary.tickets = _tickets(customer_number)
    except _FAULTS as fault:
        _log_fault("tickets", fault)
        summary.unavailable.add("tickets")
    return summary


def _latest_key(customer_number: str) -> str:
    from chalicelib.invoices.service import latest_key

    return latest_key(customer_number)


def _log_fault(areas: str, fault: BaseException) -> None:
    logs.event("dashboard_area_unavailable", level=logging.WARNING, areas=areas, fault=type(fault).__name__)


def _batch_get(requests: dict[Any, list[dict[str, Any]]]) -> dict[Any, list[dict[str, Any]]]:
    """One BatchGetItem (consistent) over the models' tables; unprocessed keys are asked again."""
    by_table = {model.Meta.table_name: model for model in requests}
    found: dict[Any, list[dict[str, Any]]] = {model: [] for model in requests}
    pending: dict[str, Any] = {
        model.Meta.table_name: {"Keys": keys, "ConsistentRead": True}
        for model, keys in requests.items()
        if keys
    }
    for _ in range(_BATCH_ROUNDS):
        answer = connection().client.batch_get_item(RequestItems=pending)
        for table, table_items in answer.get("Responses", {}).items():
            found[by_table[table]].extend(table_items)
        pending = answer.get("UnprocessedKeys") or {}
        if not pending:
            return found
    raise ClientError(
        {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "unprocessed keys"}},
        "BatchGetItem",
    )


def _contract(contract: Contract, today: date) -> ContractPart:
    from chalicelib.contracts import service as contracts
    from chalicelib.contracts.catalogue import catalogue, gross_cents

    contracts.settle(contract, today)
    cat = catalogue()
    net = contracts.monthly_net_cents(contract)
    return ContractPart(
        licence=cat.licences[contract.licence].name,
        options=[cat.options[key].name for key in sorted(contracts.booked_options(contract))],
        monthly_net_cents=net,
        monthly_gross_cents=gross_cents(net),
    )


def _status(due_date: str, today: date) -> str:
    from chalicelib.invoices.service import payment_status

    probe = Invoice(due_date=due_date, status="offen", kind="rechnung")  # the invoices' own rule
    return payment_status(invoice=probe, today=today)


def _invoice(latest: InvoiceRegister, today: date) -> InvoicePart:
    assert latest.invoice_number is not None
    assert latest.issue_date is not None
    assert latest.due_date is not None
    assert latest.gross_cents is not None
    return InvoicePart(
        number=latest.invoice_number,
        issue_date=latest.issue_date,
        due_date=latest.due_date,
        gross_cents=int(latest.gross_cents),
        status=_status(latest.due_date, today),
    )


def _newest_invoice(contract: Contract | None, today: date) -> InvoicePart | None:
    """Without the summary item: the newest issued invoice by a Query (invoices from before the summary
    existed); none without a contract (nothing was ever invoiced)."""
    if contract is None:
        return None
    for invoice in Invoice.query(contract.customer_number, scan_index_forward=False, limit=10):
        if invoice.kind == "rechnung" and invoice.pdf_stored_at is not None:
            return InvoicePart(
                number=invoice.number,
                issue_date=invoice.issue_date,
                due_date=invoice.due_date,
                gross_cents=int(invoice.gross_cents),
                status=_status(invoice.due_date, today),
            )
    return None


def _debit(contract: Contract, latest: InvoiceRegister | None, today: date) -> DebitPart:
    """The next SEPA direct debit: that of the month's invoice when issued (its gross), else what the
    billing run will invoice for that month as the contract stands (the billing run's own lines)."""
    from chalicelib.contracts import service as contracts
    from chalicelib.customers import sepa
    from chalicelib.invoices.service import vat_cents

    debit = sepa.next_debit_date(today)
    period_start = today.replace(day=1)
    if debit != sepa.debit_date(period_start):
        period_start = contracts.next_period_start(today)
    if (
        latest is not None
        and latest.billing_key == f"{period_start:%Y-%m}"
        and latest.gross_cents is not None
    ):
        return DebitPart(
            date=debit.isoformat(),
            amount_cents=int(latest.gross_cents),
            estimated=False,
            invoice_number=latest.invoice_number,
        )
    charges = [
        int(charge.net_cents)
        for charge in contract.pending_charges
        if charge.period_end < period_start.isoformat()
    ]
    net = sum(charges) + sum(item.net_cents for item in contracts.lines_of(contract, period_start))
    return DebitPart(
        date=debit.isoformat(), amount_cents=net + vat_cents(net), estimated=True, invoice_number=None
    )


def _orders(today: date, days: list[OrderStats]) -> OrdersPart:
    return OrdersPart(
        month=f"{today:%Y-%m}",
        orders=sum(int(item.orders) for item in days),
        revenue_cents=sum(int(item.revenue_cents) for item in days),
    )


def _tickets(customer_number: str) -> TicketsPart:
    """The customer's open tickets (one Query of `by-customer`, latest change first, closed ones
    filtered out by DynamoDB)."""
    from chalicelib.tickets.service import OPEN_STATUSES

    open_tickets = [
        ticket
        for ticket in Ticket.by_customer.query(
            customer_number,
            scan_index_forward=False,
            filter_condition=Ticket.status.is_in(*OPEN_STATUSES),
            page_size=200,
        )
        if ticket.confirmed
    ]
    waiting = [ticket for ticket in open_tickets if ticket.status == "wartet_auf_sie"]
    shown = (waiting + [ticket for ticket in open_tickets if ticket.status != "wartet_auf_sie"])[
        :NEWEST_TICKETS
    ]
    return TicketsPart(
        open=len(open_tickets),
        waiting_for_you=len(waiting),
        newest=[
            TicketPart(id=ticket.ticket_id, subject=ticket.subject, status=ticket.status) for ticket in shown
        ],
    )
