"""Ingest: orders reported by a unicorn 2 installation, counted into the aggregates as they are stored.

Each order is one `Order` item; the counters (`OrderStats`) it moves are written in the same
TransactWrite as the order, and the order's write is conditional on the version it was computed from
(`attribute_not_exists` for a new one). So:

- a re-sent unchanged order writes nothing; a changed one moves the counters by the difference between
  what it counted before and what it counts now (a `storniert` order counts nothing);
- two batches racing over the same order cannot both apply a change computed from the same state: the
  loser's transaction is cancelled as a whole (nothing of it written) and it reads the order again and
  recomputes. The counters therefore always equal a recount of the stored orders (`recount`).

Orders are sorted by day and channel and packed into transactions of at most 100 items (orders plus the
distinct counters they touch), so a batch of 500 orders of a few days costs a handful of transactions;
the existing orders are read first with consistent BatchGetItem (100 keys a call).
"""

import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.update import Action

from chalicelib import errors, throttle
from chalicelib.customers.sepa import berlin_date
from chalicelib.models import Order, OrderStats
from chalicelib.models.base import transaction
from chalicelib.models.statistics import ALL_CHANNELS, TOTAL

CANCELLED = "storniert"
STATUSES = ("neu", "bezahlt", "versendet", CANCELLED)
MAX_TRANSACTION_ITEMS = 100
MAX_ROUNDS = 12
# 60 batches a minute per licence key; a customer has one valid key at a time, so counted per customer.
BATCHES_PER_CUSTOMER = throttle.Limit("ingest-batches", attempts=60, window_seconds=60)


def parse_placed_at(value: str) -> datetime:
    """An ISO 8601 time with offset (validated by `schemas.IngestOrder`) as an aware datetime."""
    return datetime.fromisoformat(value)


@dataclass(frozen=True)
class OrderData:
    """One reported order, validated (routes: `schemas.IngestOrder`)."""

    order_id: str
    placed_at: datetime  # aware
    channel: str
    status: str
    gross_cents: int
    currency: str
    items: int


@dataclass(frozen=True)
class IngestResult:
    received: int
    created: int
    updated: int
    unchanged: int


Counted = tuple[str, str, int, int]  # day, channel, gross cents, items


def counted(order: Order | None) -> Counted | None:
    """What a stored order counts with in the aggregates (None: nothing, e.g. cancelled)."""
    if order is None or order.status == CANCELLED:
        return None
    return (order.day, order.channel, int(order.gross_cents), int(order.items))


def counter_keys(day: str, channel: str) -> tuple[str, ...]:
    """The counters an order of `day` and `channel` counts in."""
    return (f"{channel}#{day}", f"{ALL_CHANNELS}#{day}", f"{channel}#{TOTAL}", f"{ALL_CHANNELS}#{TOTAL}")


@dataclass
class _Change:
    data: OrderData
    before: Order | None
    after: Order

    def keys(self) -> set[str]:
        keys: set[str] = set()
        for value in (counted(self.before), counted(self.after)):
            if value is not None:
                keys.update(counter_keys(value[0], value[1]))
        if self.before is None:
            keys.add(f"{ALL_CHANNELS}#{TOTAL}")  # `stored`, `channels`
        return keys


def _placed_key(placed_at: datetime, order_id: str) -> str:
    return f"{placed_at.astimezone(UTC).isoformat(timespec='seconds')}#{order_id}"


def _same(order: Order, data: OrderData) -> bool:
    return (
        order.placed_at == data.placed_at.astimezone(UTC)
        and order.channel == data.channel
        and order.status == data.status
        and int(order.gross_cents) == data.gross_cents
        and order.currency == data.currency
        and int(order.items) == data.items
    )


def _apply(customer_number: str, data: OrderData, before: Order | None, now: datetime) -> Order:
    placed = data.placed_at.astimezone(UTC)
    order = before if before is not None else Order(customer_number, data.order_id)
    order.placed_key = _placed_key(placed, data.order_id)
    order.placed_at = placed
    order.day = berlin_date(placed).isoformat()
    order.channel = data.channel
    order.status = data.status
    order.gross_cents = data.gross_cents
    order.currency = data.currency
    order.items = data.items
    order.updated_at = now
    return order


def _read(customer_number: str, order_ids: Iterable[str]) -> dict[str, Order]:
    keys = [(customer_number, order_id) for order_id in order_ids]
    return {order.order_id: order for order in Order.batch_get(keys, consistent_read=True)}


def _groups(changes: list[_Change]) -> list[list[_Change]]:
    """Changes packed into transactions of at most 100 items (orders + the counters they touch)."""
    ordered = sorted(changes, key=lambda change: (change.after.day, change.after.channel))
    groups: list[list[_Change]] = []
    current: list[_Change] = []
    keys: set[str] = set()
    for change in ordered:
        wanted = keys | change.keys()
        if current and len(current) + 1 + len(wanted) > MAX_TRANSACTION_ITEMS:
            groups.append(current)
            current, wanted = [], change.keys()
        current.append(change)
        keys = wanted
    if current:
        groups.append(current)
    return groups


def _write(customer_number: str, group: list[_Change]) -> None:
    """One TransactWrite: the orders (each conditional on the version read) and their counter deltas."""
    deltas: dict[str, list[int]] = {}
    new_channels: set[str] = set()
    created = 0
    for change in group:
        for sign, value in ((-1, counted(change.before)), (1, counted(change.after))):
            if value is None:
                continue
            day, channel, gross, items = value
            for key in counter_keys(day, channel):
                delta = deltas.setdefault(key, [0, 0, 0])
                delta[0] += sign
                delta[1] += sign * gross
                delta[2] += sign * items
        if change.before is None:
            created += 1
            new_channels.add(change.after.channel)
        elif change.before.channel != change.after.channel:
            new_channels.add(change.after.channel)
    with transaction() as tx:
        for change in group:
            tx.save(change.after)  # VersionAttribute: attribute_not_exists, or version = the one read
        total_key = f"{ALL_CHANNELS}#{TOTAL}"
        for key in sorted(set(deltas) | ({total_key} if created or new_channels else set())):
            orders, revenue, items = deltas.get(key, [0, 0, 0])
            actions: list[Action] = []
            if orders or revenue or items:
                actions += [
                    OrderStats.orders.add(orders),
                    OrderStats.revenue_cents.add(revenue),
                    OrderStats.items.add(items),
                ]
            if key == total_key and created:
                actions.append(OrderStats.stored.add(created))
            if key == total_key and new_channels:
                actions.append(OrderStats.channels.add(new_channels))
            if actions:
                tx.update(OrderStats(customer_number, key), actions=actions)


def ingest_orders(*, customer_number: str, orders: Sequence[OrderData]) -> IngestResult:
    """Store a batch of orders (distinct order ids) and move the aggregates by exactly what changed."""
    pending = {data.order_id: data for data in orders}
    if len(pending) != len(orders):
        raise ValueError("order ids must be distinct within a batch")
    created = updated = unchanged = 0
    for round_ in range(MAX_ROUNDS):
        if round_:
            time.sleep(random.uniform(0.005, 0.02) * min(2**round_, 32))  # noqa: S311 (jitter)
        stored = _read(customer_number, pending)
        now = datetime.now(UTC)
        changes: list[_Change] = []
        for order_id, data in pending.items():
            before = stored.get(order_id)
            if before is not None and _same(before, data):
                unchanged += 1
                continue
            snapshot = Order.from_raw_data(before.serialize()) if before is not None else None
            changes.append(_Change(data, snapshot, _apply(customer_number, data, before, now)))
        retry: dict[str, OrderData] = {}
        for group in _groups(changes):
            try:
                _write(customer_number, group)
            except TransactWriteError as error:
                if error.cause_response_code != "TransactionCanceledException":
                    raise
                # A parallel change of one of these orders (ConditionalCheckFailed) or of the same items
                # (TransactionConflict): nothing of this group was written; read again and recompute.
                retry.update((change.data.order_id, change.data) for change in group)
                continue
            for change in group:
                if change.before is None:
                    created += 1
                else:
                    updated += 1
        if not retry:
            return IngestResult(received=len(orders), created=created, updated=updated, unchanged=unchanged)
        pending = retry
    raise errors.ServiceUnavailable()
