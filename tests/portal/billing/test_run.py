"""The billing run: one invoice per active contract and period, idempotent, resumable, charges once."""

from datetime import date

import pytest

from tests.portal.billing.conftest import open_contract
from tests.portal.invoices.conftest import raw_mails


def numbers(customer_number: str) -> list[str]:
    from chalicelib.models import Invoice

    return [invoice.number for invoice in Invoice.query(customer_number)]


def line_items(customer_number: str, number: str) -> list[tuple[str, str, str, int]]:
    from chalicelib.models import Invoice

    invoice = Invoice.get(customer_number, number)
    return [
        (line.description, line.period_start, line.period_end, int(line.net_cents)) for line in invoice.lines
    ]


def test_a_run_invoices_every_active_contract_once(billing):
    from chalicelib.billing.service import run_billing

    open_contract("100001", "single", ["premium_service"])
    open_contract("100002", "multi", ["multishop"])
    first = run_billing(period="2026-12")
    assert (first.created, first.skipped, first.numbers) == (2, 0, ["2026-000001", "2026-000002"])
    assert first.gross_cents == 5331 + 9496  # (29,90 + 14,90) and (59,90 + 19,90) € with 19 % VAT
    assert line_items("100001", "2026-000001") == [
        ("Single-Lizenz", "2026-12-01", "2026-12-31", 2990),
        ("Zusatzoption Premium Service", "2026-12-01", "2026-12-31", 1490),
    ]
    assert len(raw_mails()) == 2  # login addresses (no further invoice addresses here)
    again = run_billing(period="2026-12")
    assert (again.created, again.skipped, again.gross_cents, again.numbers) == (0, 2, 0, [])
    assert numbers("100001") == ["2026-000001"]
    assert numbers("100002") == ["2026-000002"]
    assert len(raw_mails()) == 2


def test_a_contract_starting_later_is_not_invoiced(billing):
    from chalicelib.billing.service import run_billing

    open_contract("100001", "single", [], start="2027-01-01")
    summary = run_billing(period="2026-12")
    assert (summary.created, summary.skipped) == (0, 0)
    assert run_billing(period="2027-01").numbers == ["2026-000001"]  # issued today, 1 December


def test_a_crashed_run_is_completed_by_running_it_again(billing, monkeypatch):
    from chalicelib.billing import service
    from chalicelib.invoices.service import issue_invoice
    from chalicelib.models import Invoice
    from tests.factories import make_customer

    make_customer(customer_number="100003", email="third@example.com", first_name="Tina", last_name="Dritt")
    for customer_number in ("100001", "100002", "100003"):
        open_contract(customer_number, "single", [])
    calls = 0

    def crash_on_the_second(**kwargs):
        nonlocal calls
        calls += 1
        if calls == 2:  # the invoice is written, then the Lambda dies before its PDF
            issue_invoice(**{**kwargs, "render_pdf": False})
            raise RuntimeError("Lambda timed out")
        return issue_invoice(**kwargs)

    monkeypatch.setattr(service, "issue_invoice", crash_on_the_second)
    with pytest.raises(RuntimeError):
        service.run_billing(period="2026-12")
    monkeypatch.undo()
    assert numbers("100001") == ["2026-000001"]
    assert Invoice.get("100002", "2026-000002").pdf_stored_at is None
    assert numbers("100003") == []
    summary = service.run_billing(period="2026-12")
    assert (summary.created, summary.skipped, summary.numbers) == (1, 2, ["2026-000003"])
    assert numbers("100002") == ["2026-000002"]
    assert Invoice.get("100002", "2026-000002").pdf_stored_at is not None  # made up by the re-run
    assert numbers("100003") == ["2026-000003"]
    assert len(raw_mails()) == 3


def test_prorated_charges_are_invoiced_once_with_the_next_period(billing):
    from chalicelib.billing.service import run_billing
    from chalicelib.contracts import service as contracts
    from chalicelib.models import Customer

    open_contract("100001", "single", [])
    day = date(2026, 11, 16)  # 15 of November's 30 days left
    contract = contracts.get_contract(customer_number="100001", today=day)
    contracts.change_contract(
        customer=Customer.get("100001"),
        version=contract.version,
        change=contracts.Change(licence="multi"),
        client=None,
        today=day,
        notify=False,
    )
    assert len(contracts.pending_charges(customer_number="100001")) == 1
    [number] = run_billing(period="2026-12").numbers
    assert line_items("100001", number) == [
        ("Wechsel zur Multi-Lizenz, anteilig 16.11.2026 bis 30.11.2026", "2026-11-16", "2026-11-30", 1500),
        ("Multi-Lizenz", "2026-12-01", "2026-12-31", 5990),
    ]
    assert contracts.pending_charges(customer_number="100001") == []
    [january] = run_billing(period="2027-01", today=date(2027, 1, 1)).numbers
    assert line_items("100001", january) == [("Multi-Lizenz", "2027-01-01", "2027-01-31", 5990)]


def test_a_charge_inside_the_invoiced_period_is_covered_by_the_full_month(billing):
    from chalicelib.billing.service import run_billing
    from chalicelib.contracts import service as contracts
    from chalicelib.models import Customer

    open_contract("100001", "single", [])
    contract = contracts.get_contract(customer_number="100001")
    contracts.change_contract(  # on the 1st, before the run: the whole of December
        customer=Customer.get("100001"),
        version=contract.version,
        change=contracts.Change(option="premium_service", action="book"),
        client=None,
        notify=False,
    )
    [number] = run_billing(period="2026-12").numbers
    assert [line[0] for line in line_items("100001", number)] == [
        "Single-Lizenz",
        "Zusatzoption Premium Service",
    ]
    assert contracts.pending_charges(customer_number="100001") == []


def test_a_malformed_period_is_refused(billing):
    from chalicelib.billing.service import run_billing

    with pytest.raises(ValueError, match="2026-12"):
        run_billing(period="2026-13")


def test_a_run_out_of_time_stops_and_the_next_run_continues(billing):
    from chalicelib.billing.service import RESERVE_SECONDS, run_billing
    from tests.factories import make_customer

    for number in ("100003", "100004"):
        make_customer(customer_number=number, email=f"kunde{number}@example.com")
    for number in ("100001", "100002", "100003", "100004"):
        open_contract(number, "single", [])
    budget = iter([RESERVE_SECONDS + 100, RESERVE_SECONDS + 50, RESERVE_SECONDS - 1])

    first = run_billing(period="2026-12", time_left=lambda: next(budget))

    assert (first.created, first.remaining, first.numbers) == (2, 2, ["2026-000001", "2026-000002"])
    assert numbers("100003") == []
    second = run_billing(period="2026-12", time_left=lambda: RESERVE_SECONDS + 100)
    assert (second.created, second.skipped, second.remaining) == (2, 2, 0)
    assert second.numbers == ["2026-000003", "2026-000004"]
    assert len(raw_mails()) == 4  # one mail per invoice, none twice


def test_the_run_is_scheduled_every_quarter_hour_from_three_on_the_first(billing, monkeypatch):
    import app
    from chalicelib.billing import service

    [source] = [source for source in app.app.event_sources if source.name == "billing-run"]
    assert source.schedule_expression.to_string() == "cron(0/15 3-5 1 * ? *)"
    calls = []

    def run_billing(*, period, time_left):
        calls.append((period, time_left() if time_left else None))
        return service.BillingSummary(period=period)

    class LambdaContext:
        def get_remaining_time_in_millis(self) -> int:
            return 840_000

    class Event:
        context = LambdaContext()

    monkeypatch.setattr(service, "run_billing", run_billing)
    app.billing_run.func(Event())
    assert calls == [("2026-12", 840.0)]  # the Lambda's remaining time, in seconds
