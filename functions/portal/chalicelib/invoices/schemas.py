"""Request and response models of the invoice routes (pydantic; imported by the views that need them)."""

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from chalicelib.schemas import QueryModel, RequestModel, ResponseModel

Year = Annotated[int, Field(ge=2000, le=2999)]


class InvoiceQuery(QueryModel):
    year: Year | None = None  # default: the current year (Europe/Berlin)
    cursor: Annotated[str | None, Field(pattern=r"^\d{4}-\d{6}$")] = None


class ArchiveQuery(QueryModel):
    year: Year | None = None  # default: the current year (Europe/Berlin)


class InvoiceLinks(ResponseModel):
    pdf: str


class InvoiceOut(ResponseModel):
    """One invoice or Rechnungskorrektur of the list: amounts in cents (EUR, negative for a correction),
    dates as ISO dates (Europe/Berlin). `due_date` is the debit date of an invoice and the refund date of
    a correction; `status` is "bezahlt"/"offen" for an invoice and "erstattet"/"offen" for a correction.
    `corrects` names the invoice a correction corrects, `corrected_by` an invoice's corrections."""

    number: str
    date: str
    period_start: str
    period_end: str
    net_cents: int
    vat_cents: int
    gross_cents: int
    status: Literal["offen", "bezahlt", "erstattet"]
    due_date: str
    kind: Literal["rechnung", "rechnungskorrektur"]
    corrects: str | None
    corrected_by: list[str]
    links: InvoiceLinks


class InvoiceListLinks(ResponseModel):
    archive: str


class InvoiceList(ResponseModel):
    year: int
    invoices: list[InvoiceOut]
    next_cursor: str | None
    links: InvoiceListLinks


# Staff: Rechnungskorrektur


class CorrectionBody(RequestModel):
    """A Rechnungskorrektur: the reason, and either invoice positions (1-based) or a net amount in cents
    (positive: what is credited); neither corrects the whole invoice (Storno)."""

    reason: Annotated[str, Field(min_length=1, max_length=500)]
    lines: (
        Annotated[list[Annotated[int, Field(ge=1, le=999)]], Field(min_length=1, max_length=100)] | None
    ) = None
    net_cents: Annotated[int, Field(ge=1, le=100_000_000)] | None = None

    @model_validator(mode="after")
    def lines_or_amount(self) -> Self:
        if self.lines is not None and self.net_cents is not None:
            raise ValueError("Bitte geben Sie entweder Positionen oder einen Nettobetrag an, nicht beides.")
        return self


class CorrectionOut(ResponseModel):
    """The Rechnungskorrektur made: its number, the corrected invoice, amounts in cents (negative)."""

    number: str
    corrects: str
    date: str
    net_cents: int
    vat_cents: int
    gross_cents: int
    remaining_cents: int  # what of the invoice's gross is still open for corrections
