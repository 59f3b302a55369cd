"""What the invoices domain reads: pending charges, the monthly items of a period, clearing invoiced charges."""

from datetime import date

from tests.portal.contracts.conftest import change, open_contract


def test_period_lines_use_the_prices_sold_and_the_scheduled_changes(erika):
    from chalicelib.contracts.service import period_lines

    open_contract("multi", ["multishop", "premium_service"])
    assert change(erika, {"option": "multishop", "action": "cancel"}).status_code == 201
    assert change(erika, {"licence": "single"}).status_code == 201
    december = period_lines(customer_number="100001", period_start=date(2026, 12, 1))
    assert [(item.description, item.net_cents) for item in december] == [
        ("Multi-Lizenz", 5990),
        ("Zusatzoption Multishop", 1990),
        ("Zusatzoption Premium Service", 1490),
    ]
    january = period_lines(customer_number="100001", period_start=date(2027, 1, 1))
    assert [(item.description, item.net_cents) for item in january] == [
        ("Single-Lizenz", 2990),
        ("Zusatzoption Premium Service", 1490),
    ]
    assert (january[0].period_start, january[0].period_end) == (date(2027, 1, 1), date(2027, 1, 31))
    assert period_lines(customer_number="100002", period_start=date(2027, 1, 1)) == []


def test_invoiced_charges_are_cleared_without_making_the_page_stale(erika):
    from chalicelib.contracts.service import clear_pending_charges_in, pending_charges
    from chalicelib.models.base import transaction

    open_contract("single")
    assert change(erika, {"option": "premium_service", "action": "book"}).status_code == 201
    version = erika.get("/api/contract").json_body["version"]
    [charge] = pending_charges(customer_number="100001")
    with transaction() as tx:
        clear_pending_charges_in(tx, customer_number="100001", charge_ids=[charge.id])
    assert pending_charges(customer_number="100001") == []
    assert erika.get("/api/contract").json_body["version"] == version
    assert change(erika, {"licence": "multi"}, version=version).status_code == 201
