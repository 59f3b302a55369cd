"""Statistik reads: charts and totals from the aggregates, the order list, the CSV export.

Every read is by key and costs the same whatever the number of orders: the chart reads one Query over
the counters of the chosen channel from `start` up to its all-time total ("<channel>#<start>" …
"<channel>#~"), i.e. one item per day with orders, never the orders themselves. The order list reads
one page of the newest orders (local index `by_time`); it covers the last 19,000 orders at most.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from pynamodb.exceptions import DoesNotExist

from chalicelib import errors
from chalicelib.customers.sepa import berlin_date, berlin_offset, berlin_today
from chalicelib.models import Order, OrderStats
from chalicelib.models.statistics import ALL_CHANNELS, TOTAL

LISTED_MAX = 19_000
PAGE_SIZE = 50
EVALUATE_FILTERED = 500  # orders read per request when filtering by channel, status or number
DEFAULT_DAYS = 30

Figures = tuple[int, int, int]  # orders, revenue cents, items


@dataclass(frozen=True)
class Point:
    start: date
    figures: Figures


@dataclass(frozen=True)
class Statistics:
    start: date
    end: date
    granularity: str
    channel: str | None
    channels: list[str]
    series: list[Point]
    totals: Figures
    all_time: Figures


def default_range(start: date | None, end: date | None) -> tuple[date, date]:
    """The range asked for; without `to` today (Berlin), without `from` 30 days up to `to`."""
    last = end or berlin_today()
    first = start or last - timedelta(days=DEFAULT_DAYS - 1)
    return first, last


def _bucket(day: date, granularity: str) -> date:
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    return day


def _next_bucket(start: date, granularity: str) -> date:
    if granularity == "week":
        return start + timedelta(days=7)
    if granularity == "month":
        return (start + timedelta(days=32)).replace(day=1)
    return start + timedelta(days=1)


def _figures(item: OrderStats) -> Figures:
    return (int(item.orders), int(item.revenue_cents), int(item.items))


def _add(a: Figures, b: Figures) -> Figures:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def get_statistics(
    *, customer_number: str, start: date, end: date, granularity: str, channel: str | None
) -> Statistics:
    """Series, range totals and all-time totals (one Query; +1 GetItem for the channel list when filtered)."""
    prefix = channel or ALL_CHANNELS
    days: dict[date, Figures] = {}
    all_time: Figures = (0, 0, 0)
    channels: list[str] = []
    for item in OrderStats.query(
        customer_number, OrderStats.key.between(f"{prefix}#{start.isoformat()}", f"{prefix}#{TOTAL}")
    ):
        suffix = item.key.rsplit("#", 1)[1]
        if suffix == TOTAL:
            all_time = _figures(item)
            if channel is None:
                channels = sorted(item.channels or ())
            continue
        day = date.fromisoformat(suffix)
        if day <= end:
            days[day] = _figures(item)
    if channel is not None:
        try:
            channels = sorted(OrderStats.get(customer_number, f"{ALL_CHANNELS}#{TOTAL}").channels or ())
        except DoesNotExist:
            channels = []
    buckets: dict[date, Figures] = {}
    cursor = _bucket(start, granularity)
    while cursor <= end:
        buckets[cursor] = (0, 0, 0)
        cursor = _next_bucket(cursor, granularity)
    totals: Figures = (0, 0, 0)
    for day, figures in days.items():
        key = _bucket(day, granularity)
        buckets[key] = _add(buckets[key], figures)
        totals = _add(totals, figures)
    return Statistics(
        start=start,
        end=end,
        granularity=granularity,
        channel=channel,
        channels=channels,
        series=[Point(start=key, figures=value) for key, value in sorted(buckets.items())],
        totals=totals,
        all_time=all_time,
    )


# The order list


@dataclass(frozen=True)
class OrderPage:
    orders: list[Order]
    next_cursor: str | None
    listed: int


def _encode(cursor: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(cursor, separators=(",", ":")).encode()).decode()


@dataclass(frozen=True)
class _Cursor:
    seen: int
    listed: int
    order_id: str
    placed_key: str


def _decode(cursor: str) -> _Cursor:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error):
        raise errors.InvalidCursor() from None
    if not (
        isinstance(data, dict)
        and isinstance(data.get("seen"), int)
        and isinstance(data.get("listed"), int)
        and 0 <= data["seen"] <= data["listed"] <= LISTED_MAX
        and isinstance(data.get("order_id"), str)
        and isinstance(data.get("placed_key"), str)
    ):
        raise errors.InvalidCursor()
    return _Cursor(data["seen"], data["listed"], data["order_id"], data["placed_key"])


def stored_orders(*, customer_number: str) -> int:
    """How many orders the customer has reported (cancelled ones included; one GetItem)."""
    try:
        total = OrderStats.get(customer_number, f"{ALL_CHANNELS}#{TOTAL}")
    except DoesNotExist:
        return 0
    return int(total.stored or 0)


def list_orders(
    *,
    customer_number: str,
    cursor: str | None = None,
    channel: str | None = None,
    status: str | None = None,
    q: str | None = None,
) -> OrderPage:
    """One page of the customer's orders, newest first, among the last 19,000 (`listed`).

    With `q` the orders whose number starts with `q` (by number). Filters are applied to the orders
    read (up to 500 a request), so a page may hold fewer than 50 and still have a `next_cursor`.
    The first page costs one GetItem (`listed`) and one Query; later pages carry `listed` and cost one.
    """
    state = _decode(cursor) if cursor else None
    if state is None:
        listed, seen = min(stored_orders(customer_number=customer_number), LISTED_MAX), 0
    else:
        listed, seen = state.listed, state.seen
    remaining = listed - seen
    if remaining <= 0:
        return OrderPage(orders=[], next_cursor=None, listed=listed)
    filtered = bool(channel or status or q)
    budget = min(remaining, EVALUATE_FILTERED if filtered else PAGE_SIZE)
    start_key = None
    if state is not None:  # built from the cursor's values, always within the caller's own partition
        start_key = {"customer_number": {"S": customer_number}, "order_id": {"S": state.order_id}}
        if not q:
            start_key["placed_key"] = {"S": state.placed_key}
    if q:
        results = Order.query(
            customer_number,
            Order.order_id.startswith(q),
            limit=budget,
            page_size=budget,
            last_evaluated_key=start_key,
        )
    else:
        results = Order.by_time.query(
            customer_number,
            scan_index_forward=False,
            limit=budget,
            page_size=budget,
            last_evaluated_key=start_key,
        )
    page: list[Order] = []
    evaluated = 0
    last: Order | None = None
    for order in results:
        evaluated += 1
        last = order
        if (channel is None or order.channel == channel) and (status is None or order.status == status):
            page.append(order)
            if len(page) == PAGE_SIZE:
                break
    seen += evaluated
    more = len(page) == PAGE_SIZE or evaluated == budget
    next_cursor = None
    if more and seen < listed and last is not None:
        next_cursor = _encode(
            {"seen": seen, "listed": listed, "order_id": last.order_id, "placed_key": last.placed_key}
        )
    return OrderPage(orders=page, next_cursor=next_cursor, listed=listed)


# The CSV export

CSV_COLUMNS = ["Bestellnummer", "Datum", "Uhrzeit", "Kanal", "Status", "Artikel", "Betrag brutto", "Währung"]


def _berlin(moment: datetime) -> datetime:
    return (moment.astimezone(UTC) + berlin_offset(moment)).replace(tzinfo=None)


def _euro(cents: int) -> str:
    """German number format without thousands separator: 1234,56."""
    return f"{cents // 100},{cents % 100:02d}"


def export_orders_csv(*, customer_number: str, start: date, end: date) -> bytes:
    """The orders placed on `start` … `end` (Berlin days), oldest first, as CSV for Excel (BOM, `;`)."""
    lower = datetime.combine(start - timedelta(days=1), datetime.min.time(), UTC).isoformat(
        timespec="seconds"
    )
    upper = datetime.combine(end + timedelta(days=2), datetime.min.time(), UTC).isoformat(timespec="seconds")
    lines = [";".join(CSV_COLUMNS)]
    for order in Order.by_time.query(customer_number, Order.placed_key.between(lower, upper)):
        day = date.fromisoformat(order.day)
        if not start <= day <= end:
            continue
        local = _berlin(order.placed_at)
        lines.append(
            ";".join(
                [
                    order.order_id,
                    berlin_date(order.placed_at).strftime("%d.%m.%Y"),
                    local.strftime("%H:%M"),
                    order.channel,
                    order.status,
                    str(int(order.items)),
                    _euro(int(order.gross_cents)),
                    order.currency,
                ]
            )
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
