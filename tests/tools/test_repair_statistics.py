"""`make repair-statistics CUSTOMER=…`: recounts a customer's counters from its orders, fixes what differs."""

import io
from datetime import UTC, datetime

from tools import repair_statistics as tool


def ingest(customer_number, *orders):
    from chalicelib.statistics.ingest import OrderData, ingest_orders

    ingest_orders(
        customer_number=customer_number,
        orders=[
            OrderData(order_id, datetime(2026, 11, day, 12, tzinfo=UTC), channel, "bezahlt", cents, "EUR", 1)
            for order_id, day, channel, cents in orders
        ],
    )


def test_damaged_counters_are_recounted_and_other_customers_left_alone(aws):
    from chalicelib.models import OrderStats
    from chalicelib.statistics.repair import recount, stored_counters

    ingest("100001", ("A-1", 1, "eBay", 1000), ("A-2", 2, "Otto", 500))
    ingest("100002", ("B-1", 1, "eBay", 700))
    OrderStats("100001", "eBay#~", orders=7, revenue_cents=1, items=0).save()  # damaged
    OrderStats("100001", "Kaufland#2026-11-03", orders=1, revenue_cents=1, items=1).save()  # orphaned
    OrderStats.get("100001", "*#2026-11-02").delete()  # lost
    before_other = stored_counters(customer_number="100002")

    out = io.StringIO()
    assert tool.main(["100001"], out=out) == 0

    assert stored_counters(customer_number="100001").counters == recount(customer_number="100001").counters
    assert stored_counters(customer_number="100002") == before_other
    assert out.getvalue() == (
        "Statistik von Kunde 100001 neu gezählt\n"
        "  Bestellungen:          2\n"
        "  Zähler:                7\n"
        "  Korrigiert:            3\n"
    )
    again = io.StringIO()
    assert tool.main(["100001"], out=again) == 0
    assert "Korrigiert:            0" in again.getvalue()


def test_without_a_customer_number_it_says_how(aws, capsys):
    assert tool.main([]) == 1
    assert "make repair-statistics CUSTOMER=100001" in capsys.readouterr().err
