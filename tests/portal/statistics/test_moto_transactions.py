"""local/moto_transactions.py: a cancelled transaction leaves every item as it was, as with moto's own backup."""

import pytest


def test_a_cancelled_transaction_restores_exactly_the_items_it_touched(aws):
    from pynamodb.exceptions import TransactWriteError

    from chalicelib.models import OrderStats
    from chalicelib.models.base import transaction

    OrderStats("100001", "eBay#~", orders=1, revenue_cents=100, items=1).save()
    OrderStats("100001", "Otto#~", orders=5, revenue_cents=500, items=5).save()
    tx = transaction()
    tx.save(OrderStats("100001", "Amazon#~", orders=1))  # new: must vanish again
    tx.update(OrderStats("100001", "eBay#~"), actions=[OrderStats.orders.add(10)])  # changed back
    tx.update(
        OrderStats("100001", "Otto#~"),
        actions=[OrderStats.orders.add(1)],
        condition=OrderStats.orders == 4,  # fails: 5 stored
    )
    with pytest.raises(TransactWriteError) as raised:
        tx._commit()
    assert raised.value.cause_response_code == "TransactionCanceledException"
    stored = {item.key: int(item.orders) for item in OrderStats.query("100001")}
    assert stored == {"eBay#~": 1, "Otto#~": 5}


def test_the_backup_is_installed_under_the_lock():
    from moto.dynamodb.models import DynamoDBBackend

    method = DynamoDBBackend.transact_write_items
    assert method.kc_atomic
    assert method.__wrapped__.kc_item_backup


def test_the_seeding_fast_path_stores_what_moto_would(aws):
    from datetime import UTC, datetime

    from chalicelib.models import Order
    from chalicelib.statistics.ingest import OrderData, ingest_orders
    from chalicelib.statistics.repair import recount, stored_counters
    from local import moto_transactions

    def batch(customer_number):
        return [
            OrderData(
                f"S-{n}",
                datetime(2026, 11, 1 + n % 5, 12, tzinfo=UTC),
                ["eBay", "Otto"][n % 2],
                "neu",
                100 + n,
                "EUR",
                n % 3,
            )
            for n in range(40)
        ]

    with moto_transactions.fast_inserts():
        ingest_orders(customer_number="100001", orders=batch("100001"))
        ingest_orders(customer_number="100001", orders=batch("100001"))  # unchanged: nothing written
    ingest_orders(customer_number="100002", orders=batch("100002"))
    fast, slow = stored_counters(customer_number="100001"), stored_counters(customer_number="100002")
    assert fast == slow
    assert fast.counters == recount(customer_number="100001").counters
    assert [o.attribute_values for o in Order.query("100001")] == [
        {**o.attribute_values, "customer_number": "100001", "updated_at": p.updated_at}
        for o, p in zip(Order.query("100002"), Order.query("100001"), strict=True)
    ]
