"""Orders reported by unicorn 2 installations, and the aggregates the Statistik page reads.

`Order`: one item per customer and order id (a re-sent order overwrites its item), with the values it
counts with; `version` makes every change conditional on the state it was computed from. The local
index `by_time` (`placed_key` = "<placed_at UTC ISO>#<order id>") lists a customer's orders newest first.

`OrderStats`: counters kept on write, per customer × Berlin day × channel (`key` "<channel>#<YYYY-MM-DD>"),
the same per day over all channels (channel "*"), and all-time totals per channel and overall
("<channel>#~", "*#~"; "~" sorts after every date). The overall total also counts the stored order
items (`stored`, cancelled ones included) and names the customer's channels (`channels`). Every
change of an order and the counters it moves are one TransactWrite (`statistics/ingest.py`).
"""

from pynamodb.attributes import (
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, LocalSecondaryIndex
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class OrdersByTime(LocalSecondaryIndex["Order"]):
    class Meta:
        index_name = "by_time"
        projection = AllProjection()

    customer_number = UnicodeAttribute(hash_key=True)
    placed_key = UnicodeAttribute(range_key=True)


class Order(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("orders")

    customer_number = UnicodeAttribute(hash_key=True)
    order_id = UnicodeAttribute(range_key=True)
    placed_key = UnicodeAttribute()  # "<placed_at UTC ISO>#<order id>": newest first in `by_time`
    placed_at = UTCDateTimeAttribute()
    day = UnicodeAttribute()  # ISO date in Europe/Berlin: the day it counts on
    channel = UnicodeAttribute()
    status = UnicodeAttribute()  # "neu" | "bezahlt" | "versendet" | "storniert"
    gross_cents = NumberAttribute()
    currency = UnicodeAttribute()
    items = NumberAttribute()
    updated_at = UTCDateTimeAttribute()
    version = VersionAttribute()

    by_time = OrdersByTime()


ALL_CHANNELS = "*"
TOTAL = "~"


class OrderStats(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("order-stats")

    customer_number = UnicodeAttribute(hash_key=True)
    key = UnicodeAttribute(range_key=True)  # "<channel>#<YYYY-MM-DD>" or "<channel>#~"; channel "*": all
    orders = NumberAttribute(default=0)
    revenue_cents = NumberAttribute(default=0)
    items = NumberAttribute(default=0)
    stored = NumberAttribute(null=True)  # "*#~" only: order items stored, cancelled ones included
    channels = UnicodeSetAttribute(null=True)  # "*#~" only: every channel the customer reported
