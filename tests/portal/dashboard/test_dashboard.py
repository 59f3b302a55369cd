"""GET /api/dashboard: the Übersicht's cards in one request, the signed-in customer's data only, and a
card whose read failed named in `unavailable` while the others still arrive."""

from datetime import date

import pytest

from tests.factories import make_customer
from tests.portal.invoices.conftest import OTHER, give_bank_account, issue, make_bucket


@pytest.fixture
def erika(client, time_machine):
    """100001 on 5 December 2026 (before the month's debit on the 15th): bank account, Single-Lizenz with
    Premium Service since 2024, the invoices of November and December; 100002 without anything."""
    from chalicelib.contracts import service as contracts

    time_machine.move_to("2026-12-05T09:00:00+00:00", tick=False)
    make_bucket()
    make_customer()
    make_customer(**OTHER)
    give_bank_account("100001")
    contracts.open_contract(
        customer_number="100001", licence="single", options=["premium_service"], start_date=date(2024, 12, 1)
    )
    issue(month=11)
    issue(month=12)
    browser = client.another_browser()
    browser.login("100001")
    return browser


def _order_day(customer_number: str, day: str, orders: int, revenue_cents: int) -> None:
    from chalicelib.models import OrderStats

    OrderStats(customer_number, f"*#{day}", orders=orders, revenue_cents=revenue_cents, items=orders).save()


def _waiting_for_the_customer(ticket_id: str) -> None:
    from chalicelib.models import Ticket

    ticket = Ticket.get(ticket_id)
    ticket.update(actions=[Ticket.status.set("wartet_auf_sie"), Ticket.queue.set("wartet_auf_sie")])


def test_the_dashboard_shows_contract_debit_invoice_tickets_and_orders(erika, time_machine):
    waiting = erika.post(
        "/api/tickets", {"subject": "PayPal fehlt", "category": "technik", "message": "Seit gestern."}
    )
    _waiting_for_the_customer(waiting.json_body["id"])
    time_machine.move_to("2026-12-05T09:05:00+00:00", tick=False)
    erika.post("/api/tickets", {"subject": "Frage zur Rechnung", "category": "rechnung", "message": "Warum?"})
    closed = erika.post("/api/tickets", {"subject": "Erledigt", "category": "sonstiges", "message": "Danke."})
    erika.post(f"/api/tickets/{closed.json_body['id']}/close")
    _order_day("100001", "2026-12-01", 3, 14_970)
    _order_day("100001", "2026-12-05", 2, 5_000)
    _order_day("100001", "2026-11-30", 9, 99_999)  # last month: not counted

    response = erika.get("/api/dashboard")

    assert response.status_code == 200
    body = response.json_body
    assert body["unavailable"] == []
    assert body["contract"] == {
        "licence": "Single-Lizenz",
        "options": ["Premium Service"],
        "monthly_net_cents": 4480,  # 29,00 € + 15,80 € as sold
        "monthly_gross_cents": 5331,
    }
    # December's invoice (issued on the 1st) is debited on the 15th: its real amount, not an estimate.
    assert body["debit"] == {
        "date": "2026-12-15",
        "amount_cents": 5177,
        "estimated": False,
        "invoice_number": "2026-000002",
    }
    assert body["invoice"] == {
        "number": "2026-000002",
        "issue_date": "2026-12-01",
        "due_date": "2026-12-15",
        "gross_cents": 5177,
        "status": "offen",
    }
    assert body["tickets"]["open"] == 2
    assert body["tickets"]["waiting_for_you"] == 1
    # The ticket waiting for the customer comes first, though the other one changed later.
    assert [ticket["subject"] for ticket in body["tickets"]["newest"]] == [
        "PayPal fehlt",
        "Frage zur Rechnung",
    ]
    assert body["orders"] == {"month": "2026-12", "orders": 5, "revenue_cents": 19_970}


def test_after_the_months_debit_the_next_one_is_estimated_from_the_contract(erika, time_machine):
    time_machine.move_to("2026-12-20T09:00:00+00:00", tick=False)
    erika.login("100001")  # the session of the 5th ran out meanwhile
    body = erika.get("/api/dashboard").json_body
    # January's invoice is not issued yet: licence and option as the billing run will invoice them.
    assert body["debit"] == {
        "date": "2027-01-15",
        "amount_cents": 5331,
        "estimated": True,
        "invoice_number": None,
    }
    assert body["invoice"]["status"] == "bezahlt"


def test_another_customer_sees_only_their_own_empty_dashboard(erika, client):
    erika.post("/api/tickets", {"subject": "PayPal fehlt", "category": "technik", "message": "Seit gestern."})
    _order_day("100001", "2026-12-01", 3, 14_970)
    max_ = client.another_browser()
    max_.login("100002")
    body = max_.get("/api/dashboard").json_body
    assert body == {
        "contract": None,
        "debit": None,
        "invoice": None,
        "tickets": {"open": 0, "waiting_for_you": 0, "newest": []},
        "orders": {"month": "2026-12", "orders": 0, "revenue_cents": 0},
        "unavailable": [],
    }


def test_signed_out_the_dashboard_is_refused(erika, client):
    response = client.another_browser().get("/api/dashboard")
    assert response.status_code == 401


def test_a_failed_part_is_named_and_the_others_still_arrive(erika, monkeypatch):
    from botocore.exceptions import ClientError

    from chalicelib.models import Ticket

    def throttled(*args, **kwargs):
        raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, "Query")

    monkeypatch.setattr(Ticket.by_customer, "query", throttled)
    response = erika.get("/api/dashboard")
    assert response.status_code == 200
    assert response.json_body["unavailable"] == ["tickets"]
    assert response.json_body["tickets"] is None
    assert response.json_body["invoice"]["number"] == "2026-000002"


def test_a_correction_does_not_replace_the_newest_invoice(erika):
    from chalicelib.invoices.corrections import issue_correction

    issue_correction(customer_number="100001", invoice_number="2026-000002", reason="Kulanz", net_cents=500)
    assert erika.get("/api/dashboard").json_body["invoice"]["number"] == "2026-000002"


def test_an_invoice_with_a_lower_number_issued_later_leaves_the_newest_in_place(erika):
    issue(month=1, year=2027)  # numbered 2027-000001
    late = issue(month=10)  # issued afterwards with a 2026 date: 2026-000003, no endless retry
    assert late.number == "2026-000003"
    assert erika.get("/api/dashboard").json_body["invoice"]["number"] == "2027-000001"


def test_invoices_from_before_the_summary_are_found_by_a_query(erika):
    from chalicelib.invoices.service import latest_key
    from chalicelib.models import InvoiceRegister

    InvoiceRegister.get(latest_key("100001")).delete()
    assert erika.get("/api/dashboard").json_body["invoice"]["number"] == "2026-000002"
