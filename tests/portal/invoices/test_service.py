"""Issuing: gapless numbers per year, also in parallel; one invoice per billing key; amounts in cents."""

import threading
from datetime import UTC, datetime, timedelta

from tests.portal.invoices.conftest import issue


def test_numbers_are_gapless_per_year_and_amounts_in_cents(billing):
    first = issue(month=11)
    second = issue(month=12)
    next_year = issue(month=1, year=2027)
    assert (first.number, second.number, next_year.number) == ("2026-000001", "2026-000002", "2027-000001")
    assert (second.net_cents, second.vat_cents, second.gross_cents) == (4350, 827, 5177)
    assert second.buyer.name == "Muster Handels GmbH"
    assert second.mandate_reference == "KC-100001-0001"
    assert second.iban_masked == "DE89 **** **** **** **30 00"


def test_the_same_billing_key_issues_once(billing):
    from chalicelib.models import Invoice

    first = issue(key="2026-12")
    again = issue(key="2026-12")
    assert again.number == first.number
    assert [invoice.number for invoice in Invoice.query("100001")] == [first.number]
    assert issue(key="2027-01").number == "2026-000002"


def test_a_run_that_crashed_after_the_number_completes_pdf_and_mail(billing, monkeypatch):
    import pytest

    from chalicelib.invoices import service
    from chalicelib.models import Invoice
    from tests.portal.invoices.conftest import raw_mails

    def crash(invoice):
        raise RuntimeError("Lambda timed out")

    monkeypatch.setattr(service, "store_pdf", crash)
    with pytest.raises(RuntimeError):
        issue()
    monkeypatch.undo()
    stored = Invoice.get("100001", "2026-000001")
    assert stored.pdf_stored_at is None
    assert stored.mailed_at is None
    assert issue().pdf_stored_at is None  # the crashed call's lease still holds
    assert raw_mails() == []
    stored.update(actions=[Invoice.pdf_claimed_at.set(datetime.now(UTC) - timedelta(minutes=6))])
    again = issue()  # after the lease ended
    assert again.number == "2026-000001"
    assert again.pdf_stored_at
    assert again.mailed_at
    assert len(raw_mails()) == 1
    issue()
    assert len(raw_mails()) == 1  # never mailed twice


def test_parallel_issuing_never_skips_or_repeats_a_number(billing):
    from tests.factories import make_customer

    customers = [f"2000{index:02d}" for index in range(8)]
    for number in customers:
        make_customer(customer_number=number, email=f"kunde{number}@example.com")
    issued: list[str] = []
    failures: list[BaseException] = []
    start = threading.Barrier(len(customers))

    def run(customer_number: str) -> None:
        try:
            start.wait()
            issued.append(issue(customer_number).number)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=run, args=(number,)) for number in customers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(issued) == [f"2026-{index:06d}" for index in range(1, len(customers) + 1)]


def test_parallel_runs_for_the_same_key_issue_one_invoice(billing):
    numbers: list[str] = []
    start = threading.Barrier(4)

    def run() -> None:
        start.wait()
        numbers.append(issue(key="2026-12").number)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert numbers == ["2026-000001"] * 4
    assert issue(key="2026-11").number == "2026-000002"


def test_the_callers_items_ride_in_the_invoices_transaction(billing):
    from datetime import date

    from chalicelib.invoices.service import issue_invoice
    from chalicelib.models import InvoiceRegister
    from tests.portal.invoices.conftest import lines

    calls = []

    def clear_charges(tx):
        calls.append(tx)
        tx.save(InvoiceRegister("probe#charges-cleared"), condition=InvoiceRegister.key.does_not_exist())

    for _ in range(2):
        issue_invoice(
            customer_number="100001",
            issue_date=date(2026, 12, 1),
            lines=lines(),
            billing_key="2026-12",
            in_transaction=clear_charges,
        )
    assert len(calls) == 1  # the second call found the key: nothing written
    assert InvoiceRegister.get("probe#charges-cleared")
