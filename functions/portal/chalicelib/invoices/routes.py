"""Rechnungen: the customer's invoices by year, each PDF (with its e-invoice), a year's PDFs as one ZIP.

The PDF and the ZIP are streamed through the API (a monthly invoice is some 40 KB, a year's ZIP well
under API Gateway's and Lambda's response limits); DESIGN.md's presigned S3 URLs are for files over a
few MB. `archive` and `{number}` are siblings below /api/invoices: a number is "2026-000123", never
"archive", so API Gateway's static-first matching hides no route (tests/portal/test_route_table.py).
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
                status="bezahlt"
                if service.payment_status(invoice=invoice, today=today) == "bezahlt"
                else "offen",
                due_date=invoice.due_date,
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
        service.pdf_bytes(invoice), headers=_attachment(service.file_name(invoice.number), "application/pdf")
    )


@web.route(bp, "/api/invoices/archive", "GET", access="customer", query="ArchiveQuery", status=200)
def download_archive(query: schemas.ArchiveQuery) -> web.Reply:
    """All invoices of a year as one ZIP of PDFs (for the accountant)."""
    from chalicelib.customers.sepa import berlin_today
    from chalicelib.invoices import service

    year = query.year or berlin_today().year
    data = service.archive(customer_number=web.current(SignedIn).customer_number, year=year)
    return web.Reply(data, headers=_attachment(f"Rechnungen-{year}.zip", "application/zip"))
