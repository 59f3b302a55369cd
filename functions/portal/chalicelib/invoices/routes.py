"""Rechnungen: the customer's invoices by year, each PDF (with its e-invoice), a year's PDFs as one ZIP.

The PDF and the ZIP are streamed through the API (a monthly invoice is some 40 KB, a year's ZIP well
under API Gateway's and Lambda's response limits); DESIGN.md's presigned S3 URLs are for files over a
few MB. `archive` and `{number}` are siblings below /api/invoices: a number is "2026-000123", never
"archive", so API Gateway's static-first matching hides no route (tests/portal/test_route_table.py).

Support issues a Rechnungskorrektur under /api/team/ (`staff`); the customer finds it in the same list,
PDF and ZIP routes as the invoices (`kind`, `corrects`, `corrected_by` tell them apart).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib import web
from chalicelib.principals import SignedIn

if TYPE_CHECKING:
    from chalicelib.invoices import schemas

bp = Blueprint(__name__)


def _attachment(file_name: str, content_type: str) -> dict[str, str | list[str]]:
    return {"Content-Type": content_type, "Content-Disposition": f'attachment; filename="{file_name}"'}


@web.route(bp, "/api/invoices", "GET", access="customer", query="InvoiceQuery", response="InvoiceList")
def list_invoices(query: schemas.InvoiceQuery) -> schemas.InvoiceList:
    """The invoices of a year (default: this year), newest first, 24 a page."""
    from chalicelib.customers.sepa import berlin_today
    from chalicelib.invoices import schemas, service

    today = berlin_today()
    year = query.year or today.year
    page = service.list_invoices(
        customer_number=web.current(SignedIn).customer_number, year=year, cursor=query.cursor
    )
    return schemas.InvoiceList(
        year=year,
        invoices=[
            schemas.InvoiceOut(
                number=invoice.number,
                date=invoice.issue_date,
                period_start=invoice.period_start,
                period_end=invoice.period_end,
                net_cents=int(invoice.net_cents),
                vat_cents=int(invoice.vat_cents),
                gross_cents=int(invoice.gross_cents),
                status=service.payment_status(invoice=invoice, today=today),
                due_date=invoice.due_date,
                kind=invoice.kind,
                corrects=invoice.corrects,
                corrected_by=[str(number) for number in invoice.corrected_by or []],
                links=schemas.InvoiceLinks(pdf=f"/api/invoices/{invoice.number}/pdf"),
            )
            for invoice in page.invoices
        ],
        next_cursor=page.next_cursor,
        links=schemas.InvoiceListLinks(archive=f"/api/invoices/archive?year={year}"),
    )


@web.route(bp, "/api/invoices/{number}/pdf", "GET", access="customer", status=200)
def download_invoice(number: str) -> web.Reply:
    """The invoice as PDF with the embedded e-invoice (ZUGFeRD/Factur-X EN 16931)."""
    from chalicelib.invoices import service

    invoice = service.get_invoice(customer_number=web.current(SignedIn).customer_number, number=number)
    return web.Reply(
        service.pdf_bytes(invoice),
        headers=_attachment(service.file_name(invoice.number, invoice.kind), "application/pdf"),
    )


@web.route(bp, "/api/invoices/archive", "GET", access="customer", query="ArchiveQuery", status=200)
def download_archive(query: schemas.ArchiveQuery) -> web.Reply:
    """All invoices of a year as one ZIP of PDFs (for the accountant)."""
    from chalicelib.customers.sepa import berlin_today
    from chalicelib.invoices import service

    year = query.year or berlin_today().year
    data = service.archive(customer_number=web.current(SignedIn).customer_number, year=year)
    return web.Reply(data, headers=_attachment(f"Rechnungen-{year}.zip", "application/zip"))


@web.route(
    bp,
    "/api/team/customers/{customer_number}/invoices/{number}/corrections",
    "POST",
    access="staff",
    body="CorrectionBody",
    response="CorrectionOut",
    status=201,
    idempotent=True,
    key_required=True,  # a retry after a failed PDF must complete this correction, not issue a second
)
def create_correction(
    customer_number: str, number: str, body: schemas.CorrectionBody
) -> schemas.CorrectionOut:
    """Support: issue a Rechnungskorrektur of a customer's invoice (Storno, chosen lines or a net amount)."""
    from chalicelib.invoices import corrections, schemas

    correction = corrections.issue_correction(
        customer_number=customer_number,
        invoice_number=number,
        reason=body.reason,
        positions=list(body.lines) if body.lines else None,
        net_cents=body.net_cents,
        # A retry after a crash or a failed PDF between the write and the answer (an error answer is not
        # replayed) completes the same correction instead of making a second one.
        key=bp.current_request.headers["idempotency-key"],
    )
    return schemas.CorrectionOut(
        number=correction.number,
        corrects=number,
        date=correction.issue_date,
        net_cents=int(correction.net_cents),
        vat_cents=int(correction.vat_cents),
        gross_cents=int(correction.gross_cents),
        remaining_cents=corrections.remaining_cents(customer_number=customer_number, invoice_number=number),
    )
