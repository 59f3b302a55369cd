"""Request helpers: the guard middleware, JSON body validation, the current session, cookies."""

import json
import secrets
from collections.abc import Callable
from contextvars import ContextVar
from http.cookies import CookieError, SimpleCookie
from typing import TYPE_CHECKING, Any, TypeVar

from chalice.app import Chalice, Request, Response

from chalicelib import errors
from chalicelib.auth import service as auth_service
from chalicelib.models import Session
from chalicelib.settings import settings

MAX_BODY_BYTES = 64 * 1024
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SESSION_MAX_AGE_SECONDS = 8 * 60 * 60

ViewFunction = TypeVar("ViewFunction", bound=Callable[..., Any])
if TYPE_CHECKING:  # pydantic is imported on the first request with a body, not at cold start
    from pydantic import ValidationError as PydanticValidationError

    from chalicelib.schemas import RequestModel

Body = TypeVar("Body", bound="RequestModel")

_current_session: ContextVar[Session | None] = ContextVar("current_session", default=None)


def public(view: ViewFunction) -> ViewFunction:
    """Mark a view as reachable without a session (every other route requires one)."""
    view.kc_public = True  # type: ignore[attr-defined]
    return view


def is_public(app: Chalice, resource_path: str, method: str) -> bool:
    entry = app.routes.get(resource_path, {}).get(method)
    return entry is not None and getattr(entry.view_function, "kc_public", False)


def install(app: Chalice) -> None:
    """Register the guard middleware on the app."""

    def guard(request: Request, get_response: Callable[[Request], Response]) -> Response:
        token = None
        try:
            _check_origin_verify(request)
            _check_unsafe_request(request)
            resource_path = request.context.get("resourcePath", "")
            known_route = request.method in app.routes.get(resource_path, {})
            if known_route and not is_public(app, resource_path, request.method):
                session = auth_service.find_session(token=session_token(request))
                if session is None:
                    raise errors.NotSignedIn()
                token = _current_session.set(session)
            response = get_response(request)
        except errors.ApiError as error:
            headers: dict[str, str | list[str]] = {**error.headers}
            response = Response(body=error.body(), status_code=error.STATUS_CODE, headers=headers)
        finally:
            if token is not None:
                _current_session.reset(token)
        return _localise_builtin_error(response)

    app.register_middleware(guard, "http")


def _check_unsafe_request(request: Request) -> None:
    if request.method not in UNSAFE_METHODS:
        return
    origin = request.headers.get("origin")
    if origin is not None and origin.rstrip("/") != settings.site_origin:
        raise errors.ForeignOrigin()
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise errors.ForeignOrigin()
    body = request.raw_body or b""
    if len(body) > MAX_BODY_BYTES:
        raise errors.PayloadTooLarge()
    if body and request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise errors.UnsupportedMediaType()


def _localise_builtin_error(response: Response) -> Response:
    """Chalice answers some errors itself (405, 415, 500) in English: put them in German."""
    body = response.body
    if response.status_code >= 400 and isinstance(body, dict):
        german = errors.BUILTIN_MESSAGES.get(str(body.get("Code")))
        if german is not None:
            response.body = {"Code": body["Code"], "Message": german}
    return response


def current_session() -> Session:
    """The session of the signed-in customer making this request."""
    session = _current_session.get()
    if session is None:  # a public view asked for a session: a programming error
        raise errors.NotSignedIn()
    return session


FIELD_MESSAGES = {
    "missing": "Bitte füllen Sie dieses Feld aus.",
    "extra_forbidden": "Dieses Feld ist unbekannt.",
    "string_type": "Bitte geben Sie einen Text ein.",
    "int_type": "Bitte geben Sie eine ganze Zahl ein.",
    "bool_type": "Bitte geben Sie ja oder nein an.",
    "string_too_short": "Bitte füllen Sie dieses Feld aus.",
    "value_error": "Dieser Wert ist ungültig.",
}


def parse_body(request: Request, model: type[Body]) -> Body:
    """Validate the JSON body against `model`; a 400 with German field messages otherwise."""
    from pydantic import ValidationError as PydanticValidationError

    raw = request.raw_body or b""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise errors.MalformedRequest() from None
    if not isinstance(data, dict):
        raise errors.MalformedRequest()
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        raise errors.ValidationError(_field_messages(exc)) from None


def _field_messages(exc: "PydanticValidationError") -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in exc.errors():
        name = ".".join(str(part) for part in item["loc"]) or "body"
        if item["type"] == "string_too_long":
            message = f"Bitte geben Sie höchstens {item['ctx']['max_length']} Zeichen ein."
        elif item["type"] == "value_error" and str(item["ctx"].get("error", "")):
            message = str(item["ctx"]["error"])
        else:
            message = FIELD_MESSAGES.get(item["type"], "Dieser Wert ist ungültig.")
        fields.setdefault(name, message)
    return fields


def session_token(request: Request) -> str | None:
    """The secret session id from the cookie, if any."""
    header = request.headers.get("cookie")
    if not header:
        return None
    try:
        cookie = SimpleCookie(header)
    except CookieError:
        return None
    morsel = cookie.get(settings.session_cookie_name)
    return morsel.value if morsel else None


def session_cookie(token: str) -> str:
    """Set-Cookie value for a new session."""
    return _cookie(token, SESSION_MAX_AGE_SECONDS)


def expired_session_cookie() -> str:
    return _cookie("", 0)


def _cookie(value: str, max_age: int) -> str:
    parts = [
        f"{settings.session_cookie_name}={value}",
        "Path=/",
        f"Max-Age={max_age}",
        "HttpOnly",
        "SameSite=Strict",
    ]
    if settings.cookie_secure:
        parts.append("Secure")
    return "; ".join(parts)


def client_ip(request: Request) -> str:
    """The client's address: CloudFront's viewer address behind CloudFront, else the connection's."""
    if settings.origin_verify_secret:
        viewer = str(request.headers.get("cloudfront-viewer-address", ""))
        if viewer:
            return viewer.rsplit(":", 1)[0].strip("[]")
    return str(request.context.get("identity", {}).get("sourceIp") or "unbekannt")


def _check_origin_verify(request: Request) -> None:
    """Behind CloudFront, only requests that came through it (and carry its secret) are served."""
    if not settings.origin_verify_secret:
        return
    presented = request.headers.get("x-origin-verify", "")
    if not secrets.compare_digest(presented.encode(), settings.origin_verify_secret.encode()):
        raise errors.ForeignOrigin()


def user_agent(request: Request) -> str:
    return (request.headers.get("user-agent") or "")[:512]


def normalise_email(value: str) -> str:
    """A syntactically valid e-mail address, lower-cased; ValueError with a German reason otherwise."""
    from email_validator import EmailNotValidError, validate_email  # lazy: pulls in dnspython

    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise ValueError("Bitte geben Sie eine gültige E-Mail-Adresse ein.") from None
