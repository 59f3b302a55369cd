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
