"""Request and response models of the invoice routes (pydantic; imported by the views that need them)."""

from typing import Annotated, Literal

from pydantic import Field

from chalicelib.schemas import QueryModel, ResponseModel

Year = Annotated[int, Field(ge=2000, le=2999)]


class InvoiceQuery(QueryModel):
    year: Year | None = None  # default: the current year (Europe/Berlin)
    cursor: Annotated[str | None, Field(pattern=r"^\d{4}-\d{6}$")] = None


class ArchiveQuery(QueryModel):
    year: Year | None = None  # default: the current year (Europe/Berlin)


class InvoiceLinks(ResponseModel):
    pdf: str


class InvoiceOut(ResponseModel):
    """One invoice of the list: amounts in cents (EUR), dates as ISO dates (Europe/Berlin)."""

    number: str
    date: str
    period_start: str
    period_end: str
    net_cents: int
    vat_cents: int
    gross_cents: int
    status: Literal["offen", "bezahlt"]
    due_date: str
    links: InvoiceLinks


class InvoiceListLinks(ResponseModel):
    archive: str


class InvoiceList(ResponseModel):
    year: int
    invoices: list[InvoiceOut]
    next_cursor: str | None
    links: InvoiceListLinks
