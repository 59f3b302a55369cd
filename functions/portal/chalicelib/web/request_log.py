"""One structured log line per request (placeholder until the Powertools logger lands)."""

from typing import TYPE_CHECKING

from chalice.app import Request

if TYPE_CHECKING:
    from chalicelib.web.routing import RouteSpec


def emit(
    *, request: Request, spec: "RouteSpec | None", status: int, duration_ms: float, principal: object | None
) -> None:
    return None
