"""Rechnungskorrektur through the API: support makes it (staff route), the customer lists and downloads it."""

import io
import uuid
import zipfile

import pytest

from tests.factories import make_staff
from tests.portal.invoices.conftest import issue

ROUTE = "/api/team/customers/{customer}/invoices/{number}/corrections"


def support(client):
    """A staff member signed in (after any clock travel: a session idles out after 30 minutes)."""
    make_staff()
    browser = client.another_browser()
    browser.staff_login()
    return browser


@pytest.fixture
def staff(billing):
    return support(billing)


def correct(staff, path: str, body: dict, key: str | None = None):
    """POST a correction with its Idempotency-Key (a new one unless given: each call a new correction)."""
    return staff.post(path, body, headers={"Idempotency-Key": key or uuid.uuid4().hex})


def signed_in(client, customer_number: str = "100001"):
    browser = client.another_browser()
    browser.login(customer_number)
    return browser


def test_support_corrects_an_invoice_once_per_idempotency_key(billing, time_machine):
    time_machine.move_to("2026-12-02T09:00:00+00:00", tick=False)
    staff = support(billing)
    issue(month=11)
    path = ROUTE.format(customer="100001", number="2026-000001")
    body = {"reason": "Kulanz: Ausfall am 12.11.2026", "net_cents": 1000}
    first = staff.post(path, body, headers={"Idempotency-Key": "ticket-4711"})
    assert first.status_code == 201, first.body
    assert first.json_body == {
        "number": "2026-000002",
        "corrects": "2026-000001",
        "date": "2026-12-02",
        "net_cents": -1000,
        "vat_cents": -190,
        "gross_cents": -1190,
        "remaining_cents": 5177 - 1190,
    }
    again = staff.post(path, body, headers={"Idempotency-Key": "ticket-4711"})
    assert again.status_code == 201
    assert again.json_body == first.json_body
    assert issue(month=12).number == "2026-000003"  # the retry made no second correction


def test_unknown_invoices_too_much_and_wrong_bodies_are_refused_in_german(staff):
    from chalicelib.models import Invoice

    issue(month=11)
    unknown = correct(staff, ROUTE.format(customer="100001", number="2026-000099"), {"reason": "Storno"})
    assert unknown.status_code == 404
    assert unknown.json_body["Message"] == "Diese Rechnung wurde nicht gefunden."
    foreign = correct(staff, ROUTE.format(customer="100002", number="2026-000001"), {"reason": "Storno"})
    assert foreign.status_code == 404
    path = ROUTE.format(customer="100001", number="2026-000001")
    both = correct(staff, path, {"reason": "x", "lines": [1], "net_cents": 100})
    assert both.status_code == 400
    assert "entweder Positionen oder einen Nettobetrag" in str(both.json_body)
    assert correct(staff, path, {"reason": "", "net_cents": 100}).status_code == 400
    assert correct(staff, path, {"reason": "x", "lines": [7]}).status_code == 400
    assert correct(staff, path, {"reason": "Storno"}).status_code == 201  # all of 51,77 €
    over = correct(staff, path, {"reason": "noch einmal", "net_cents": 1})
    assert over.status_code == 409
    assert over.json_body["Code"] == "CorrectionExceedsInvoice"
    assert "noch korrigierbaren Betrag der Rechnung 2026-000001 von 0,00 €" in over.json_body["Message"]
    assert [item.number for item in Invoice.query("100001")] == ["2026-000001", "2026-000002"]


def test_a_correction_without_an_idempotency_key_is_refused_in_german(staff):
    """Without the key a retry after a failed PDF would issue a second correction instead of completing it."""
    from chalicelib.models import Invoice

    issue(month=11)
    response = staff.post(ROUTE.format(customer="100001", number="2026-000001"), {"reason": "Storno"})
    assert response.status_code == 400
    assert response.json_body["Message"] == (
        "Bitte senden Sie einen Idempotency-Key mit: Nur so stellt eine Wiederholung dieselbe "
        "Rechnungskorrektur fertig, statt eine zweite auszustellen."
    )
    assert [item.number for item in Invoice.query("100001")] == ["2026-000001"]


def test_a_customer_cannot_correct_their_own_invoice(billing):
    from chalicelib.models import Invoice

    issue(month=11)
    erika = signed_in(billing)
    response = erika.post(
        ROUTE.format(customer="100001", number="2026-000001"),
        {"reason": "Bitte", "net_cents": 5000},
        headers={"Idempotency-Key": "erika-1"},
    )
    assert response.status_code == 401
    assert [item.number for item in Invoice.query("100001")] == ["2026-000001"]


def test_the_customer_sees_the_correction_beside_the_invoice(billing, time_machine):
    time_machine.move_to("2026-12-02T09:00:00+00:00", tick=False)
    staff = support(billing)
    issue(month=11)  # debited 2026-11-16
    correct(staff, ROUTE.format(customer="100001", number="2026-000001"), {"reason": "Storno", "lines": [2]})
    erika = signed_in(staff)
    listed = erika.get("/api/invoices?year=2026").json_body["invoices"]
    assert [(item["number"], item["kind"]) for item in listed] == [
        ("2026-000002", "rechnungskorrektur"),
        ("2026-000001", "rechnung"),
    ]
    correction, invoice = listed
    assert correction == {
        "number": "2026-000002",
        "date": "2026-12-02",
        "period_start": "2026-11-01",
        "period_end": "2026-11-30",
        "net_cents": -1450,
        "vat_cents": -276,
        "gross_cents": -1726,
        "status": "offen",
        "due_date": "2026-12-16",  # the refund: first TARGET2 business day 14 days on
        "kind": "rechnungskorrektur",
        "corrects": "2026-000001",
        "corrected_by": [],
        "links": {"pdf": "/api/invoices/2026-000002/pdf"},
    }
    assert (invoice["status"], invoice["gross_cents"], invoice["corrected_by"]) == (
        "bezahlt",
        5177,
        ["2026-000002"],
    )
    time_machine.move_to("2026-12-17T09:00:00+00:00", tick=False)
    erika = signed_in(billing)
    assert erika.get("/api/invoices?year=2026").json_body["invoices"][0]["status"] == "erstattet"

    pdf = erika.get("/api/invoices/2026-000002/pdf", headers={"Accept": "application/pdf"})
    assert pdf.status_code == 200
    assert pdf.headers["Content-Disposition"] == 'attachment; filename="Rechnungskorrektur-2026-000002.pdf"'
    archive = erika.get("/api/invoices/archive?year=2026", headers={"Accept": "application/zip"})
    assert sorted(zipfile.ZipFile(io.BytesIO(archive.body)).namelist()) == [
        "Rechnung-2026-000001.pdf",
        "Rechnungskorrektur-2026-000002.pdf",
    ]
    max_ = signed_in(billing, "100002")
    assert max_.get("/api/invoices/2026-000002/pdf").status_code == 404
    assert max_.get("/api/invoices?year=2026").json_body["invoices"] == []


def test_the_api_description_says_the_key_is_required_here_only(client):
    paths = client.get("/api/openapi.json").json_body["paths"]
    correction = paths[ROUTE.replace("{customer}", "{customer_number}")]["post"]
    (key,) = [p for p in correction["parameters"] if p["name"] == "Idempotency-Key"]
    assert key["required"] is True
    changes = paths["/api/contract/changes"]["post"]
    (key,) = [p for p in changes["parameters"] if p["name"] == "Idempotency-Key"]
    assert key["required"] is False
