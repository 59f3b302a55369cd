"""Statistik: orders reported by unicorn 2 (licence key), charts and totals, the order list and its CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib import web
from chalicelib.principals import LicenceHolder

if TYPE_CHECKING:
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
