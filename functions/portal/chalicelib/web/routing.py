"""Route declaration: every route names its access level and its request and response models.

    @route(bp, "/api/audit", "GET", access="customer", query="AuditQuery", response="AuditPage")
    def list_audit(query: "schemas.AuditQuery") -> "schemas.AuditPage": ...

Models are named by class name in the domain's own `schemas` module (the `routes` module's sibling;
`schemas=` names another module of the domain, e.g. `chalicelib.tickets.attachment_schemas`) and imported on the first request that needs them, so a cold start never pays for pydantic. The
handler Chalice calls parses the body into `body=` and the query string into `query=`, passes the
path parameters as keywords, and renders what the view returns: a response model, `None` (204) or a
`Reply` with another status or headers. The guard (`web.guard`) enforces the access level before.
"""

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from chalice.app import Blueprint, Response

from chalicelib.web.parsing import parse_body, parse_query

if TYPE_CHECKING:
    from pydantic import BaseModel

Access = Literal["public", "customer", "staff", "licence"]
ACCESS_LEVELS: tuple[Access, ...] = ("public", "customer", "staff", "licence")

View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class RouteSpec:
    """What a route declares: the guard, the OpenAPI document and the tests read it."""

    path: str
    method: str
    access: Access
    view: Callable[..., Any]
    schemas_module: str
    body: str | None = None
    query: str | None = None
    response: str | None = None
    status: int = 200
    idempotent: bool = False
    # An idempotent route that refuses a request without the key (400): one whose retry must complete the
    # same thing rather than make a second one (a Rechnungskorrektur whose PDF failed after it was issued).
    key_required: bool = False
    # The answer carries a secret shown once (a new licence key): the idempotency record keeps no body,
    # and a retry with the same key answers 409 instead of showing it again.
    secret_answer: bool = False
    max_body_bytes: int | None = None  # None: the guard's default (64 KiB)

    def model(self, name: str) -> "type[BaseModel]":
        """A request or response model of the route's domain, by class name."""
        model: type[BaseModel] = getattr(importlib.import_module(self.schemas_module), name)
        return model

    @property
    def summary(self) -> str:
        return (self.view.__doc__ or self.view.__name__).strip().splitlines()[0]


@dataclass
class Reply:
    """A view's answer when the declared status or no extra headers will not do."""

    body: Any = None  # a response model, or None for an empty answer
    status: int | None = None
    headers: dict[str, str | list[str]] = field(default_factory=dict)


def route(
    bp: Blueprint,
    path: str,
    method: str,
    *,
    access: Access,
    body: str | None = None,
    query: str | None = None,
    response: str | None = None,
    status: int | None = None,
    idempotent: bool = False,
    key_required: bool = False,
    secret_answer: bool = False,
    max_body_bytes: int | None = None,
    schemas: str | None = None,
) -> Callable[[View], View]:
    """Register `view` on `bp` for `method path` with its access level and models."""
    if access not in ACCESS_LEVELS:
        raise ValueError(f"{method} {path}: unknown access level {access!r}")
    if key_required and not idempotent:
        raise ValueError(f"{method} {path}: key_required needs idempotent=True")

    def decorate(view: View) -> View:
        spec = RouteSpec(
            path=path,
            method=method,
            access=access,
            view=view,
            schemas_module=schemas or view.__module__.rsplit(".", 1)[0] + ".schemas",
            body=body,
            query=query,
            response=response,
            status=status if status is not None else (200 if response else 204),
            idempotent=idempotent,
            key_required=key_required,
            secret_answer=secret_answer,
            max_body_bytes=max_body_bytes,
        )

        @functools.wraps(view)
        def handler(**params: str) -> Response:
            request = bp.current_request
            arguments: dict[str, Any] = dict(params)
            if spec.body:
                arguments["body"] = parse_body(request, spec.model(spec.body))
            if spec.query:
                arguments["query"] = parse_query(request, spec.model(spec.query))

            def produce() -> Response:
                return render(spec, view(**arguments))

            if spec.idempotent:
                from chalicelib.web import idempotency

                return idempotency.handle(spec, request, produce)
            return produce()

        handler.kc_route = spec  # type: ignore[attr-defined]
        bp.route(path, methods=[method])(handler)
        return view

    return decorate


def render(spec: RouteSpec, result: Any) -> Response:
    """The Chalice response for what a view returned."""
    reply = result if isinstance(result, Reply) else Reply(body=result)
    status = reply.status or spec.status
    if reply.body is None:
        return Response(body="", status_code=status if reply.status else 204, headers=reply.headers)
    if isinstance(reply.body, bytes) and spec.response is None:  # a file (PDF, ZIP) with its Content-Type
        return Response(body=reply.body, status_code=status, headers=reply.headers)
    if spec.response is None or not isinstance(reply.body, spec.model(spec.response)):
        raise TypeError(
            f"{spec.method} {spec.path} answered {type(reply.body).__name__}, not {spec.response}"
        )
    data = reply.body.model_dump(mode="json")
    return Response(
        body=data, status_code=status, headers={"Content-Type": "application/json", **reply.headers}
    )


def route_spec(view_function: Callable[..., Any]) -> RouteSpec | None:
    """The declaration behind a registered Chalice view, or None for a route registered without one."""
    spec = getattr(view_function, "kc_route", None)
    return spec if isinstance(spec, RouteSpec) else None
