"""The guard: one middleware in front of every route.

It refuses what no route may take (a foreign origin, an oversized or non-JSON body, a request that
bypassed CloudFront), finds the route's declared access level and loads the principal for it with the
loader the app handed in (this module imports no domain service), renders every `errors.ApiError` in
the one JSON shape, sets `Cache-Control: no-store` unless the view chose otherwise, and writes one log
line per request.

Failures are mapped here, once: a passing AWS fault (throttling, a service error or no answer from
DynamoDB, SES or S3; see `faults`) answers `errors.ServiceUnavailable` (503, Retry-After), also when a
service turned it into another API error; any other exception is logged (redacted) and answers the
German 500 without details. `install` wraps each view so that its exceptions reach the guard instead
of Chalice's English 500.
"""

import functools
import logging
import time
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

from chalice.app import Chalice, ChaliceUnhandledError, ChaliceViewError, Request, Response

from chalicelib import errors, faults, tracing
from chalicelib.client import Client
from chalicelib.settings import settings
from chalicelib.web import request_log
from chalicelib.web.routing import Access, RouteSpec, route_spec

if TYPE_CHECKING:
    from chalicelib.web.origin_secret import OriginSecret

MAX_BODY_BYTES = 64 * 1024
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

Loader = Callable[[Request], object | None]
Principal = TypeVar("Principal")

_principal: ContextVar[object | None] = ContextVar("principal", default=None)
_client: ContextVar[Client | None] = ContextVar("client", default=None)

# What an unauthenticated request to a route of each level is told.
NOT_SIGNED_IN: dict[Access, type[errors.ApiError]] = {
    "customer": errors.NotSignedIn,
    "staff": errors.StaffNotSignedIn,
    "licence": errors.InvalidLicenceKey,
}


def install(app: Chalice, *, loaders: Mapping[Access, Loader]) -> None:
    """Check every route's declaration and register the guard; call after registering the blueprints."""
    for path, methods in app.routes.items():
        for method, entry in methods.items():
            spec = route_spec(entry.view_function)
            if spec is None:
                raise RuntimeError(f"{method} {path} declares no access level: register it with web.route")
            if spec.access != "public" and spec.access not in loaders:
                raise RuntimeError(f"{method} {path}: no loader for access level {spec.access!r}")
            entry.view_function = _escalating(entry.view_function)

    def guard(request: Request, get_response: Callable[[Request], Response]) -> Response:
        spec = _spec_for(app, request)
        with tracing.request(
            method=request.method,
            route=spec.path if spec is not None else request_log.declared_path(request),
            access=spec.access if spec is not None else "none",
        ) as record_status:
            response = _guarded(request, get_response, spec)
            record_status(response.status_code)
        return response

    def _guarded(
        request: Request, get_response: Callable[[Request], Response], spec: RouteSpec | None
    ) -> Response:
        started = time.monotonic()
        log_token = request_log.begin(request)
        client_token = _client.set(Client(ip_address=client_ip(request), user_agent=user_agent(request)))
        principal_token = None
        try:
            _check_origin_verify(request)
            _check_unsafe_request(request, spec)
            if spec is not None and spec.access != "public":
                principal = loaders[spec.access](request)
                if principal is None:
                    raise NOT_SIGNED_IN[spec.access]()
                principal_token = _principal.set(principal)
            response = get_response(request)
        except errors.ApiError as error:
            response = _error_response(_unless_passing_fault(error))
        except _ViewFailed as failed:
            response = _error_response(_failure(failed.original))
        except Exception as exc:  # a loader or a check failed: the same rules as for a view
            response = _error_response(_failure(exc))
        response = _localise_builtin_error(response)
        response.headers.setdefault("Cache-Control", "no-store")
        try:
            request_log.emit(
                request=request,
                spec=spec,
                status=response.status_code,
                duration_ms=(time.monotonic() - started) * 1000,
                principal=_principal.get(),
                error=_error_code(response),
            )
        finally:
            if principal_token is not None:
                _principal.reset(principal_token)
            _client.reset(client_token)
            request_log.end(log_token)
        return response

    app.register_middleware(guard, "http")


class _ViewFailed(ChaliceUnhandledError):
    """Carries a view's unexpected exception past Chalice (which would answer an English 500) to the guard."""

    def __init__(self, original: Exception) -> None:
        super().__init__(type(original).__name__)
        self.original = original


def _escalating(view: Callable[..., Any]) -> Callable[..., Any]:
    if getattr(view, "kc_escalating", False):
        return view

    @functools.wraps(view)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except (ChaliceUnhandledError, ChaliceViewError):  # errors.ApiError, Chalice's own: as before
            raise
        except Exception as exc:
            raise _ViewFailed(exc) from exc

    run.kc_escalating = True  # type: ignore[attr-defined]
    return run


def _unless_passing_fault(error: errors.ApiError) -> errors.ApiError:
    """The error itself, or ServiceUnavailable when a passing AWS fault caused it (e.g. a throttled
    TransactWrite a service reported as StaleWrite: nothing was written, so the retry is what helps)."""
    if isinstance(error, errors.ServiceUnavailable):
        return error
    fault = faults.transient_fault(error)
    if fault is None:
        return error
    request_log.event("aws_fault", fault=faults.describe(fault), reported_as=type(error).__name__)
    return errors.ServiceUnavailable()


def _failure(exc: Exception) -> errors.ApiError:
    """A passing AWS fault is a 503; anything else is a bug: logged with its (redacted) traceback, a 500."""
    fault = faults.transient_fault(exc)
    if fault is not None:
        request_log.event("aws_fault", fault=faults.describe(fault))
        return errors.ServiceUnavailable()
    request_log.event("unhandled_error", level=logging.ERROR, exc_info=exc)
    return errors.InternalServerError()


def _error_response(error: errors.ApiError) -> Response:
    return Response(body=error.body(), status_code=error.STATUS_CODE, headers={**error.headers})


def _error_code(response: Response) -> str | None:
    body: Any = response.body
    if response.status_code >= 400 and isinstance(body, dict) and isinstance(body.get("Code"), str):
        return str(body["Code"])
    return None


def _spec_for(app: Chalice, request: Request) -> RouteSpec | None:
    resource_path = request.context.get("resourcePath", "")
    entry = app.routes.get(resource_path, {}).get(request.method)
    return route_spec(entry.view_function) if entry is not None else None


def current(kind: type[Principal]) -> Principal:
    """The principal the guard loaded for this request (a customer or staff session, a licence)."""
    principal = _principal.get()
    if not isinstance(principal, kind):  # a view asked for a principal its access level does not load
        raise errors.NotSignedIn()
    return principal


def current_principal() -> object | None:
    return _principal.get()


def client() -> Client:
    """Who is making this request (address and browser)."""
    found = _client.get()
    return found if found is not None else Client(ip_address="unbekannt", user_agent="")


def _check_unsafe_request(request: Request, spec: RouteSpec | None) -> None:
    if request.method not in UNSAFE_METHODS:
        return
    origin = request.headers.get("origin")
    fetch_site = request.headers.get("sec-fetch-site")
    if origin is not None and origin.rstrip("/") != settings.site_origin:
        raise errors.ForeignOrigin()
    if fetch_site in ("cross-site", "same-site"):
        raise errors.ForeignOrigin()
    # A browser names the origin of every unsafe request (Origin, and Sec-Fetch-Site in current ones);
    # a request that carries cookies but neither is no page of ours. Clients without cookies (a unicorn 2
    # installation with its licence key) need neither.
    if origin is None and fetch_site is None and request.headers.get("cookie"):
        raise errors.ForeignOrigin()
    body = request.raw_body or b""
    limit = spec.max_body_bytes if spec is not None and spec.max_body_bytes else MAX_BODY_BYTES
    if len(body) > limit:
        raise errors.PayloadTooLarge()
    if body and request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise errors.UnsupportedMediaType()


def _localise_builtin_error(response: Response) -> Response:
    """Chalice answers some errors itself (405, 415, 500) in English: put them in German."""
    body: Any = response.body
    if response.status_code >= 400 and isinstance(body, dict):
        german = errors.BUILTIN_MESSAGES.get(str(body.get("Code")))
        if german is not None:
            response.body = {"Code": body["Code"], "Message": german}
    return response


def client_ip(request: Request) -> str:
    """The client's address: CloudFront's viewer address behind CloudFront, else the connection's."""
    if settings.origin_secret_id:
        viewer = str(request.headers.get("cloudfront-viewer-address", ""))
        if viewer:
            return viewer.rsplit(":", 1)[0].strip("[]")
    return str(request.context.get("identity", {}).get("sourceIp") or "unbekannt")


def user_agent(request: Request) -> str:
    return (request.headers.get("user-agent") or "")[:512]


def _check_origin_verify(request: Request) -> None:
    """Behind CloudFront, only requests that came through it (and carry its secret) are served."""
    if not settings.origin_secret_id:
        return
    if not _origin_secret().accepts(request.headers.get("x-origin-verify", "")):
        raise errors.ForeignOrigin()


_origin_secrets: dict[str, "OriginSecret"] = {}


def _origin_secret() -> "OriginSecret":
    """The process's cache of the configured secret (one per secret id: tests switch between them)."""
    found = _origin_secrets.get(settings.origin_secret_id)
    if found is None:
        from chalicelib.web.origin_secret import OriginSecret

        found = _origin_secrets.setdefault(
            settings.origin_secret_id, OriginSecret(settings.origin_secret_id, region=settings.aws_region)
        )
    return found
