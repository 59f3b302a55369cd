"""GET /api/contract, previews and changes: proration to the day, each rule, 409s, audit and mail."""

from datetime import date

from tests.conftest import sent_mails
from tests.portal.contracts.conftest import change, open_contract


def test_the_contract_shows_licence_options_period_and_amounts(erika):
    open_contract("single", ["premium_service"])
    body = erika.get("/api/contract").json_body
    assert body["licence"] == {
        "id": "single",
        "name": "Single-Lizenz",
        "monthly_net_cents": 2990,
        "requires": None,
    }
    assert [option["id"] for option in body["options"]] == ["premium_service"]
    assert {option["id"] for option in body["available_options"]} == {"multishop", "premium_service"}
    assert body["start_date"] == "2024-12-01"
    assert body["current_period"] == {"start": "2026-12-01", "end": "2026-12-31"}
    assert body["next_invoice_date"] == "2027-01-01"
    assert body["monthly_net_cents"] == 2990 + 1490
    assert body["monthly_gross_cents"] == 5331  # 4480 × 1.19 = 5331.2
    assert body["scheduled_changes"] == []
    assert body["version"] == 1


def test_a_customer_without_a_contract_gets_a_404(erika):
    response = erika.get("/api/contract")
    assert response.status_code == 404
    assert response.json_body["Code"] == "ContractNotFound"


def test_an_upgrade_is_prorated_to_the_day(erika):
    open_contract("single")
    response = erika.post("/api/contract/preview", {"licence": "multi"})
    assert response.status_code == 200, response.body
    preview = response.json_body
    # (5990 − 2990) × 17 / 31 days of December (15th to 31st) = 1645.16 → 1645 cents
    assert preview["kind"] == "upgrade"
    assert preview["immediate"] is True
    assert preview["effective_date"] == "2026-12-15"
    assert preview["due_now_net_cents"] == 1645
    assert preview["due_now_gross_cents"] == 1958
    assert preview["prorated_period"] == {"start": "2026-12-15", "end": "2026-12-31"}
    assert preview["new_monthly_net_cents"] == 5990
    assert preview["new_monthly_from"] == "2027-01-01"
    assert erika.get("/api/contract").json_body["licence"]["id"] == "single"  # nothing stored


def test_proration_on_the_last_and_first_day_of_a_month(erika, clock):
    from chalicelib.contracts.service import prorate

    assert prorate(3100, day=date(2026, 12, 31)) == 100
    assert prorate(3100, day=date(2026, 12, 1)) == 3100
    assert prorate(2800, day=date(2027, 2, 28)) == 100


def test_an_upgrade_takes_effect_at_once_with_a_pending_charge_audit_and_mail(erika):
    from chalicelib.contracts.service import pending_charges

    open_contract("single", ["premium_service"])
    response = change(erika, {"licence": "multi"})
    assert response.status_code == 201, response.body
    body = response.json_body
    assert body["contract"]["licence"]["id"] == "multi"
    assert body["contract"]["monthly_net_cents"] == 5990 + 1490
    assert body["contract"]["version"] == 2
    assert body["scheduled_change_id"] is None
    [charge] = pending_charges(customer_number="100001")
    assert charge.net_cents == 1645
    assert (charge.period_start, charge.period_end) == (date(2026, 12, 15), date(2026, 12, 31))
    assert charge.description == "Wechsel zur Multi-Lizenz, anteilig 15.12.2026 bis 31.12.2026"
    [mail] = [mail for mail in sent_mails() if "Vertragsänderung" in mail["subject"]]
    assert mail["to"] == "demo@example.com"
    assert "16,45 € netto (19,58 € brutto)" in mail["text"]
    assert "Monatsbetrag ab 01.01.2027: 74,80 € netto (89,01 € brutto)" in mail["text"]
    [audit] = [item for item in erika.get("/api/audit").json_body["entries"] if item["event"] != "login"]
    assert audit["event"] == "contract_upgraded"
    assert "16,45 € netto" in audit["detail"]


def test_booking_an_option_is_prorated(erika):
    from chalicelib.contracts.service import pending_charges

    open_contract("single")
    response = change(erika, {"option": "premium_service", "action": "book"})
    assert response.status_code == 201, response.body
    assert response.json_body["due_now_net_cents"] == 817  # 1490 × 17 / 31
    assert [item["id"] for item in response.json_body["contract"]["options"]] == ["premium_service"]
    assert [charge.net_cents for charge in pending_charges(customer_number="100001")] == [817]


def test_a_downgrade_is_scheduled_for_the_next_period_and_can_be_withdrawn(erika):
    open_contract("multi")
    response = change(erika, {"licence": "single"})
    assert response.status_code == 201, response.body
    body = response.json_body
    assert body["immediate"] is False
    assert body["effective_date"] == "2027-01-01"
    assert body["due_now_net_cents"] == 0
    assert body["new_monthly_net_cents"] == 2990
    contract = erika.get("/api/contract").json_body
    assert contract["licence"]["id"] == "multi"
    [scheduled] = contract["scheduled_changes"]
    assert scheduled["id"] == body["scheduled_change_id"]
    assert scheduled["kind"] == "downgrade"
    assert scheduled["licence"] == "single"
    assert scheduled["effective_date"] == "2027-01-01"

    again = change(erika, {"licence": "single"})
    assert again.status_code == 409
    assert again.json_body["Code"] == "ContractChangeNotAllowed"

    withdrawn = erika.delete(f"/api/contract/changes/{scheduled['id']}")
    assert withdrawn.status_code == 200, withdrawn.body
    assert withdrawn.json_body["scheduled_changes"] == []
    assert erika.delete(f"/api/contract/changes/{scheduled['id']}").status_code == 404
    events = {entry["event"] for entry in erika.get("/api/audit").json_body["entries"]}  # the clock stands
    assert {"contract_change_withdrawn", "contract_downgrade_scheduled"} <= events
    assert any("zurückgenommen" in mail["subject"] for mail in sent_mails())


def test_a_scheduled_downgrade_applies_on_its_day(erika, clock):
    from datetime import UTC, datetime

    open_contract("multi", ["premium_service"])
    assert change(erika, {"licence": "single"}).status_code == 201
    clock.move_to(datetime(2027, 1, 1, 9, 0, tzinfo=UTC))
    erika.login("100001")
    contract = erika.get("/api/contract").json_body
    assert contract["licence"]["id"] == "single"
    assert contract["scheduled_changes"] == []
    assert contract["current_period"] == {"start": "2027-01-01", "end": "2027-01-31"}
    assert contract["monthly_net_cents"] == 2990 + 1490


def test_cancelling_an_option_is_scheduled(erika):
    open_contract("single", ["premium_service"])
    response = change(erika, {"option": "premium_service", "action": "cancel"})
    assert response.status_code == 201, response.body
    assert response.json_body["effective_date"] == "2027-01-01"
    assert response.json_body["new_monthly_net_cents"] == 2990
    [scheduled] = erika.get("/api/contract").json_body["scheduled_changes"]
    assert (scheduled["option"], scheduled["action"]) == ("premium_service", "cancel")


def test_a_price_change_reaches_future_bookings_only(erika, monkeypatch):
    from chalicelib.contracts import catalogue as module

    open_contract("single", ["premium_service"])
    cat = module.catalogue()
    dearer = module.Catalogue(
        vat_rate_percent=19,
        licences={
            **cat.licences,
            "single": module.Product(id="single", name="Single-Lizenz", monthly_net_cents=3990),
        },
        options=cat.options,
    )
    monkeypatch.setattr(module, "catalogue", lambda: dearer)
    monkeypatch.setattr("chalicelib.contracts.service.catalogue", lambda: dearer)
    body = erika.get("/api/contract").json_body
    assert body["licence"]["monthly_net_cents"] == 2990  # the running contract keeps its price
    assert body["monthly_net_cents"] == 2990 + 1490
    # A downgrade booked now fixes today's price of the licence for the coming periods.
    open_contract_multi = erika.post(
        "/api/contract/preview", {"option": "premium_service", "action": "cancel"}
    )
    assert open_contract_multi.json_body["new_monthly_net_cents"] == 2990


def test_the_rules_give_german_reasons(erika):
    open_contract("single", ["premium_service"])
    cases = [
        ({"option": "multishop", "action": "book"}, "Multishop setzt die Multi-Lizenz voraus"),
        ({"option": "premium_service", "action": "book"}, "Premium Service ist bereits gebucht."),
        ({"option": "multishop", "action": "cancel"}, "Multishop ist nicht gebucht."),
        ({"licence": "single"}, "Sie haben bereits die Single-Lizenz."),
    ]
    for body, reason in cases:
        response = erika.post("/api/contract/preview", body)
        assert response.status_code == 409, (body, response.body)
        assert response.json_body["Code"] == "ContractChangeNotAllowed"
        assert reason in response.json_body["Message"], response.json_body["Message"]


def test_a_downgrade_is_blocked_while_multishop_is_booked(erika):
    open_contract("multi", ["multishop"])
    response = erika.post("/api/contract/preview", {"licence": "single"})
    assert response.status_code == 409
    assert "Bitte kündigen Sie zuerst Multishop" in response.json_body["Message"]
    cancel = change(erika, {"option": "multishop", "action": "cancel"})
    assert cancel.status_code == 201, cancel.body
    downgrade = change(erika, {"licence": "single"})
    assert downgrade.status_code == 201, downgrade.body
    # Withdrawing the Multishop cancellation would leave Multishop on a Single-Lizenz.
    response = erika.delete(f"/api/contract/changes/{cancel.json_body['scheduled_change_id']}")
    assert response.status_code == 409
    assert "Bitte nehmen Sie zuerst den Wechsel zurück" in response.json_body["Message"]


def test_a_change_body_is_one_change(erika):
    open_contract("single")
    for body in ({}, {"licence": "multi", "option": "multishop", "action": "book"}, {"option": "multishop"}):
        assert erika.post("/api/contract/preview", body).status_code == 400, body
    assert erika.post("/api/contract/preview", {"licence": "gold"}).status_code == 400


def test_a_stale_version_is_a_409_and_changes_nothing(erika):
    open_contract("single")
    response = change(erika, {"option": "premium_service", "action": "book"}, version=7)
    assert response.status_code == 409
    assert response.json_body["Code"] == "StaleWrite"
    assert erika.get("/api/contract").json_body["options"] == []
