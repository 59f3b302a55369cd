"""The demo data: 100001's invoices made by the billing run month by month, with replayed changes."""

import time

from tests.portal.invoices.conftest import raw_mails


def test_the_seeded_history_comes_from_the_billing_run(client, clock, monkeypatch):
    from chalicelib.contracts import service as contracts
    from chalicelib.models import Invoice
    from local import seed
    from local.seed import create_resources, seed_demo_data

    # The demo orders (~25 s in moto) have nothing to do with invoices: tests/portal/statistics and the
    # local stack's tests cover them.
    monkeypatch.setattr(seed, "SEEDERS", [s for s in seed.SEEDERS if s is not seed.seed_orders])

    create_resources()
    began = time.perf_counter()
    seed_demo_data()
    print(f"seed_demo_data: {time.perf_counter() - began:.1f} s")
    invoices = list(Invoice.query("100001"))
    by_period = {invoice.billing_key: invoice for invoice in invoices}
    assert len(by_period) == len(invoices) == 25  # 2024-12 (the contract's first month) to 2026-12
    assert [invoice.number for invoice in invoices][:2] == ["2024-000001", "2025-000001"]
    assert invoices[-1].number == "2026-000012"
    assert all(invoice.pdf_stored_at and not invoice.mailed_at for invoice in invoices)

    def lines(period):
        return [(line.description, int(line.net_cents)) for line in by_period[period].lines]

    single = [("Single-Lizenz", 2990), ("Zusatzoption Premium Service", 1490)]
    multi = [("Multi-Lizenz", 5990), ("Zusatzoption Multishop", 1990), ("Zusatzoption Premium Service", 1490)]
    assert lines("2024-12") == lines("2025-05") == single
    # Upgraded and Multishop booked on 10 May: prorated for 22 of 31 days with June's invoice.
    assert lines("2025-06") == [
        ("Wechsel zur Multi-Lizenz, anteilig 10.05.2025 bis 31.05.2025", 2129),
        ("Zusatzoption Multishop, anteilig 10.05.2025 bis 31.05.2025", 1412),
        *multi,
    ]
    assert lines("2025-07") == lines("2025-11") == multi
    # Multishop cancelled and the downgrade scheduled on 10 November, both from 1 December.
    assert lines("2025-12") == lines("2026-12") == single
    contract = contracts.get_contract(customer_number="100001")
    assert (contract.licence, contracts.booked_options(contract)) == ("single", {"premium_service": 1490})
    assert contract.pending_charges == []
    assert [invoice.number for invoice in Invoice.query("100002")] == ["2026-000013"]
    assert raw_mails() == []
    erika = client.another_browser()
    erika.login("100001")
    listed = erika.get("/api/invoices?year=2025").json_body
    assert len(listed["invoices"]) == 12  # the Rechnungen page shows the history
