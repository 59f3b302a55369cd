"""Answer of the dashboard route (pydantic; imported by the view on the first request)."""

from typing import Literal

from chalicelib.schemas import ResponseModel

Area = Literal["contract", "debit", "invoice", "tickets", "orders"]


class ContractSummary(ResponseModel):
    licence: str  # German product name, "Single-Lizenz"
    options: list[str]  # names of the booked options
    monthly_net_cents: int
    monthly_gross_cents: int


class DebitSummary(ResponseModel):
    date: str  # ISO date of the next SEPA direct debit
    amount_cents: int  # gross
    estimated: bool  # the invoice is not issued yet: what the billing run will invoice as things stand
    invoice_number: str | None  # the debited invoice, once issued


class InvoiceSummary(ResponseModel):
    number: str
    issue_date: str
    due_date: str
    gross_cents: int
    status: Literal["offen", "bezahlt"]


class TicketBrief(ResponseModel):
    id: str
    subject: str
    status: Literal["offen", "in_bearbeitung", "wartet_auf_sie"]


class TicketsSummary(ResponseModel):
    open: int  # every status but "geschlossen"
    waiting_for_you: int  # "wartet_auf_sie"
    newest: list[TicketBrief]  # up to 3 open tickets: waiting for the customer first, then latest change


class OrdersSummary(ResponseModel):
    month: str  # "2026-12" (Europe/Berlin)
    orders: int  # cancelled orders not counted, as on the Statistik page
    revenue_cents: int


class Dashboard(ResponseModel):
    """Each area is its summary, or null when there is nothing to show (no contract, no invoice yet);
    an area whose read failed is null and named in `unavailable`, so the page offers a retry for it."""

    contract: ContractSummary | None
    debit: DebitSummary | None
    invoice: InvoiceSummary | None
    tickets: TicketsSummary | None
    orders: OrdersSummary | None
    unavailable: list[Area]
