"""Idempotent creation (Idempotency-Key): placeholder pass-through until the Powertools layer lands."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from chalice.app import Request, Response

if TYPE_CHECKING:
    from chalicelib.web.routing import RouteSpec


def handle(spec: "RouteSpec", request: Request, produce: Callable[[], Response]) -> Response:
    return produce()
