"""Statistik: orders reported by unicorn 2 (licence key), charts and totals, the order list and its CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib import web
from chalicelib.principals import LicenceHolder, SignedIn

if TYPE_CHECKING:
    from datetime import date

    from chalicelib.statistics import schemas

bp = Blueprint(__name__)

MAX_INGEST_BYTES = 1024 * 1024


@web.route(
    bp,
    "/api/ingest/orders",
    "POST",
    access="licence",
    body="IngestBody",
    response="IngestOut",
    idempotent=True,
    max_body_bytes=MAX_INGEST_BYTES,
)
def ingest_orders(body: schemas.IngestBody) -> schemas.IngestOut:
    """Orders from a unicorn 2 installation (up to 500, 1 MB): stored or updated, counted once each."""
    from chalicelib import errors, throttle
    from chalicelib.statistics import ingest, schemas

    customer_number = web.current(LicenceHolder).customer_number
    seen: dict[str, int] = {}
    duplicates: dict[str, str] = {}
    for index, order in enumerate(body.orders):
        if order.order_id in seen:
            duplicates[f"orders.{index}.order_id"] = (
                f"Diese Bestellnummer steht schon an Position {seen[order.order_id]} der Sendung."
            )
        seen.setdefault(order.order_id, index)
    if duplicates:
        raise errors.ValidationError(duplicates)
    throttle.consume(hits=[(ingest.BATCHES_PER_CUSTOMER, customer_number)])
    result = ingest.ingest_orders(
        customer_number=customer_number,
        orders=[
            ingest.OrderData(
                order_id=order.order_id,
                placed_at=ingest.parse_placed_at(order.placed_at),
                channel=order.channel,
                status=order.status,
                gross_cents=order.gross_cents,
                currency=order.currency,
                items=order.items,
            )
            for order in body.orders
        ],
    )
    return schemas.IngestOut(
        received=result.received, created=result.created, updated=result.updated, unchanged=result.unchanged
    )


def _figures(values: tuple[int, int, int]) -> schemas.Figures:
    from chalicelib.statistics import schemas

    return schemas.Figures(orders=values[0], revenue_cents=values[1], items=values[2])


def _range(start: str | None, end: str | None, max_days: int) -> tuple[date, date]:
    """The asked range with its defaults, checked again once the defaults are filled in."""
    from datetime import date

    from chalicelib import errors
    from chalicelib.statistics import service

    first, last = service.default_range(
        date.fromisoformat(start) if start else None, date.fromisoformat(end) if end else None
    )
    if first > last:
        raise errors.ValidationError({"from": "Der Beginn liegt nach dem Ende des Zeitraums."})
    if (last - first).days + 1 > max_days:
        raise errors.ValidationError({"from": "Der Zeitraum ist zu lang. Bitte wählen Sie einen kürzeren."})
    return first, last


@web.route(bp, "/api/statistics", "GET", access="customer", query="StatisticsQuery", response="StatisticsOut")
def get_statistics(query: schemas.StatisticsQuery) -> schemas.StatisticsOut:
    """Orders, revenue and items per day, week or month of a range, its totals and the all-time totals."""
    from chalicelib.statistics import schemas, service

    start, end = _range(query.from_, query.to, schemas.MAX_DAYS[query.granularity])
    stats = service.get_statistics(
        customer_number=web.current(SignedIn).customer_number,
        start=start,
        end=end,
        granularity=query.granularity,
        channel=query.channel,
    )
    return schemas.StatisticsOut(
        start=stats.start.isoformat(),
        end=stats.end.isoformat(),
        granularity=query.granularity,
        channel=stats.channel,
        channels=stats.channels,
        series=[
            schemas.SeriesPoint(
                start=point.start.isoformat(),
                orders=point.figures[0],
                revenue_cents=point.figures[1],
                items=point.figures[2],
            )
            for point in stats.series
        ],
        totals=_figures(stats.totals),
        all_time=_figures(stats.all_time),
    )


@web.route(bp, "/api/orders", "GET", access="customer", query="OrdersQuery", response="OrderPage")
def list_orders(query: schemas.OrdersQuery) -> schemas.OrderPage:
    """The newest orders (50 a page) of the last 19,000, by channel and status; `q`: number starts with."""
    from chalicelib.statistics import schemas, service

    page = service.list_orders(
        customer_number=web.current(SignedIn).customer_number,
        cursor=query.cursor,
        channel=query.channel,
        status=query.status,
        q=query.q or None,
    )
    return schemas.OrderPage(
        items=[
            schemas.OrderOut(
                order_id=order.order_id,
                placed_at=order.placed_at.isoformat(),
                channel=order.channel,
                status=order.status,
                gross_cents=int(order.gross_cents),
                currency=order.currency,
                items=int(order.items),
            )
            for order in page.orders
        ],
        next_cursor=page.next_cursor,
        listed=page.listed,
    )


@web.route(bp, "/api/orders/export.csv", "GET", access="customer", query="ExportQuery", status=200)
def export_orders(query: schemas.ExportQuery) -> web.Reply:
    """The orders of a range (at most a year; default the last 30 days) as CSV for Excel."""
    from chalicelib.statistics import schemas, service

    start, end = _range(query.from_, query.to, schemas.MAX_EXPORT_DAYS)
    body = service.export_orders_csv(
        customer_number=web.current(SignedIn).customer_number, start=start, end=end
    )
    name = f"Bestellungen_{start:%d.%m.%Y}_bis_{end:%d.%m.%Y}.csv"
    return web.Reply(
        body=body,
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{name}"',
        },
    )
