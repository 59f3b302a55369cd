"""Recounting a customer's aggregates from its stored orders (`make repair-statistics CUSTOMER=…`).

A batch job (DESIGN rule 6 allows it to read the whole partition): one Query over the customer's
orders, the counters computed from them, and every `OrderStats` item that differs put or deleted.
Ingest keeps the counters right by itself; this is the tool for a counter damaged by hand or by a
bug, and the tests' referee. Run it while the customer's installation is not sending: a batch racing
with the repair may be counted on top of a recount that already saw it.
"""

from collections import defaultdict
from dataclasses import dataclass

from chalicelib.models import Order, OrderStats
from chalicelib.models.statistics import ALL_CHANNELS, TOTAL
from chalicelib.statistics.ingest import counted, counter_keys

Figures = tuple[int, int, int]  # orders, revenue cents, items


@dataclass(frozen=True)
class Recount:
    counters: dict[str, Figures]  # key → figures, zero counters left out
    stored: int
    channels: frozenset[str]


def recount(*, customer_number: str) -> Recount:
    """The counters as the stored orders say they should be."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    stored = 0
    channels: set[str] = set()
    for order in Order.query(customer_number, consistent_read=True):
        stored += 1
        channels.add(order.channel)
        value = counted(order)
        if value is None:
            continue
        day, channel, gross, items = value
        for key in counter_keys(day, channel):
            figures = sums[key]
            figures[0] += 1
            figures[1] += gross
            figures[2] += items
    counters = {key: (a, b, c) for key, (a, b, c) in sums.items() if (a, b, c) != (0, 0, 0)}
    return Recount(counters=counters, stored=stored, channels=frozenset(channels))


def stored_counters(*, customer_number: str) -> Recount:
    """The counters as stored (zero counters left out), in the same shape as `recount`."""
    counters: dict[str, Figures] = {}
    stored = 0
    channels: frozenset[str] = frozenset()
    for item in OrderStats.query(customer_number, consistent_read=True):
        figures = (int(item.orders), int(item.revenue_cents), int(item.items))
        if figures != (0, 0, 0):
            counters[item.key] = figures
        if item.key == f"{ALL_CHANNELS}#{TOTAL}":
            stored = int(item.stored or 0)
            channels = frozenset(item.channels or ())
    return Recount(counters=counters, stored=stored, channels=channels)


@dataclass(frozen=True)
class RepairResult:
    orders: int
    counters: int  # counters after the repair
    fixed: int  # counters written or deleted because they differed


def repair_statistics(*, customer_number: str) -> RepairResult:
    """Recount the customer's counters from its orders and store what differs."""
    wanted = recount(customer_number=customer_number)
    existing = {item.key: item for item in OrderStats.query(customer_number, consistent_read=True)}
    total_key = f"{ALL_CHANNELS}#{TOTAL}"
    fixed = 0
    with OrderStats.batch_write() as batch:
        for key in sorted(set(existing) | set(wanted.counters) | {total_key}):
            orders, revenue, items = wanted.counters.get(key, (0, 0, 0))
            item = existing.get(key)
            is_total = key == total_key
            target = OrderStats(
                customer_number,
                key,
                orders=orders,
                revenue_cents=revenue,
                items=items,
                stored=wanted.stored if is_total else None,
                channels=set(wanted.channels) if is_total and wanted.channels else None,
            )
            if not is_total and (orders, revenue, items) == (0, 0, 0):
                if item is not None:
                    batch.delete(item)
                    fixed += 1
                continue
            if item is None or _state(item) != _state(target):
                batch.save(target)
                fixed += 1
    return RepairResult(orders=wanted.stored, counters=len(wanted.counters), fixed=fixed)


def _state(item: OrderStats) -> tuple[object, ...]:
    return (
        int(item.orders),
        int(item.revenue_cents),
        int(item.items),
        int(item.stored) if item.stored is not None else None,
        frozenset(item.channels or ()),
    )
