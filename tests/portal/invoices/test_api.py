"""The Rechnungen API: list by year, PDF download, another customer's number is a 404, a year as ZIP."""

import io
import zipfile

from tests.portal.invoices.conftest import issue


def signed_in(client, customer_number: str = "100001"):
    browser = client.another_browser()
    browser.login(customer_number)
    return browser


def test_the_list_shows_a_years_invoices_newest_first(billing, time_machine):
    time_machine.move_to("2026-12-01T12:00:00+00:00", tick=False)  # before the debit date: "offen"
    issue(month=11)
    issue(month=12)
    issue(month=1, year=2027)
    body = signed_in(billing).get("/api/invoices?year=2026").json_body
    assert [invoice["number"] for invoice in body["invoices"]] == ["2026-000002", "2026-000001"]
    first = body["invoices"][0]
    assert first == {
        "number": "2026-000002",
        "date": "2026-12-01",
        "period_start": "2026-12-01",
        "period_end": "2026-12-31",
        "net_cents": 4350,
        "vat_cents": 827,
        "gross_cents": 5177,
        "status": "offen",
        "due_date": "2026-12-15",
        "kind": "rechnung",
        "corrects": None,
        "corrected_by": [],
        "links": {"pdf": "/api/invoices/2026-000002/pdf"},
    }
    assert body["next_cursor"] is None
    assert body["links"] == {"archive": "/api/invoices/archive?year=2026"}


def test_the_list_pages_with_a_cursor(billing, monkeypatch):
    from chalicelib.invoices import service

    monkeypatch.setattr(service, "PAGE_SIZE", 2)
    for month in (9, 10, 11, 12):
        issue(month=month)
    browser = signed_in(billing)
    first = browser.get("/api/invoices?year=2026").json_body
    assert [invoice["number"] for invoice in first["invoices"]] == ["2026-000004", "2026-000003"]
    second = browser.get(f"/api/invoices?year=2026&cursor={first['next_cursor']}").json_body
    assert [invoice["number"] for invoice in second["invoices"]] == ["2026-000002", "2026-000001"]
    assert browser.get("/api/invoices?cursor=kaputt").status_code == 400


def test_the_pdf_downloads_with_a_german_file_name(billing):
    from chalicelib.invoices.service import pdf_bytes

    invoice = issue()
    response = signed_in(billing).get("/api/invoices/2026-000001/pdf", headers={"Accept": "application/pdf"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="Rechnung-2026-000001.pdf"'
    assert response.body == pdf_bytes(invoice)
    assert response.body.startswith(b"%PDF-")


def test_another_customers_invoice_is_not_found(billing):
    issue("100001")
    intruder = signed_in(billing, "100002")
    response = intruder.get("/api/invoices/2026-000001/pdf")
    assert response.status_code == 404
    assert response.json_body["Code"] == "InvoiceNotFound"
    assert intruder.get("/api/invoices?year=2026").json_body["invoices"] == []
    archive = intruder.get("/api/invoices/archive?year=2026", headers={"Accept": "application/zip"})
    assert zipfile.ZipFile(io.BytesIO(archive.body)).namelist() == []


def test_the_archive_holds_the_years_pdfs(billing):
    from chalicelib.invoices.service import pdf_bytes

    november = issue(month=11)
    issue(month=12)
    issue(month=1, year=2027)
    response = signed_in(billing).get(
        "/api/invoices/archive?year=2026", headers={"Accept": "application/zip"}
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="Rechnungen-2026.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.body))
    assert sorted(archive.namelist()) == ["Rechnung-2026-000001.pdf", "Rechnung-2026-000002.pdf"]
    assert archive.read("Rechnung-2026-000001.pdf") == pdf_bytes(november)


def test_an_invoice_counts_as_paid_once_its_debit_date_has_passed(billing):
    from datetime import UTC, datetime

    import time_machine

    issue(month=12)  # due (debit) 2026-12-15
    with time_machine.travel(datetime(2026, 12, 15, 12, 0, tzinfo=UTC), tick=False):
        on_the_day = signed_in(billing).get("/api/invoices?year=2026").json_body["invoices"][0]
    with time_machine.travel(datetime(2026, 12, 16, 12, 0, tzinfo=UTC), tick=False):
        the_day_after = signed_in(billing).get("/api/invoices?year=2026").json_body["invoices"][0]
    assert (on_the_day["status"], the_day_after["status"]) == ("offen", "bezahlt")
