"""The one structured log line per request (route, method, status, duration, request id, access, who).

The line names the declared route (`/api/sessions/{session_id}`, never the concrete path) and who
asked: the Kundennummer of a customer or the id of a staff member; never a password, token, session id,
cookie, full IBAN or mail body (and `chalicelib.logs` redacts whatever slips in).
"""

from contextvars import Token
from typing import TYPE_CHECKING, Any

from chalice.app import Request

from chalicelib.logs import SERVICE, event, logger, request_id_var

if TYPE_CHECKING:
    from chalicelib.web.routing import RouteSpec

__all__ = ["SERVICE", "begin", "emit", "end", "event", "logger", "request_id"]


def emit(
    *,
    request: Request,
    spec: "RouteSpec | None",
    status: int,
    duration_ms: float,
    principal: object | None,
    error: str | None = None,
) -> None:
    """Write the request's one line."""
    fields: dict[str, Any] = {
        "route": spec.path if spec is not None else declared_path(request),
        "method": request.method,
        "status": status,
        "duration_ms": round(duration_ms, 1),
        "request_id": request_id(request),
        "access": spec.access if spec is not None else "none",
        **_who(principal),
    }
    if error:
        fields["error"] = error
    logger().info("request", extra=fields)


def begin(request: Request) -> Token[str | None]:
    """Fix the request id for the lines of this request; hand the token back to `end`."""
    return request_id_var.set(_find_request_id(request))


def end(token: Token[str | None]) -> None:
    request_id_var.reset(token)


def request_id(request: Request) -> str:
    return request_id_var.get() or _find_request_id(request)


def _find_request_id(request: Request) -> str:
    """Lambda's request id, else API Gateway's, else a new one (the local stack)."""
    context = getattr(request, "lambda_context", None)
    found = getattr(context, "aws_request_id", None) or request.context.get("requestId")
    if found:
        return str(found)
    import uuid

    return str(uuid.uuid4())


def declared_path(request: Request) -> str:
    """The route as declared (API Gateway's resource path), for a request no route of ours declares."""
    return str(request.context.get("resourcePath") or "unknown")


def _who(principal: object | None) -> dict[str, str]:
    if principal is None:
        return {}
    customer_number = getattr(principal, "customer_number", None)
    if customer_number:
        return {"customer_number": str(customer_number)}
    staff = getattr(principal, "staff_id", None) or getattr(principal, "email", None)
    if staff:
        return {"staff_id": str(staff)}
    return {}
