"""The OpenAPI 3.1 document, built from `app.routes` and the declaration (`web.route`) of each route.

Path parameters come from the path, query parameters from the query model, the request body from
the body model and the success answer from the response model with the declared status (204: no
content). Every operation also lists the error answers the guard and the platform can give, all in
the one `Error` shape of `chalicelib.errors`. The models' JSON schemas come from pydantic in one pass
(`models_json_schema`), so a name used by two domains still gets two distinct components.
"""

import re
import sys
from typing import TYPE_CHECKING, Any, Literal

from chalice.app import Chalice

from chalicelib.settings import settings
from chalicelib.web.routing import Access, RouteSpec, route_spec

if TYPE_CHECKING:
    from pydantic import BaseModel

OPENAPI_VERSION = "3.1.0"
REF_TEMPLATE = "#/components/schemas/{model}"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PATH_PARAMETER = re.compile(r"\{([^}]+)\}")

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Jede Fehlerantwort der API (`chalicelib.errors`).",
    "properties": {
        "Code": {"type": "string", "description": "Name des Fehlers, z. B. `ValidationError`."},
        "Message": {"type": "string", "description": "Deutscher Text für Menschen."},
        "Fields": {
            "type": "object",
            "description": "Nur bei `ValidationError`: je ungültigem Feld (Punkt-Pfad) eine deutsche Meldung.",
            "additionalProperties": {"type": "string"},
        },
    },
    "required": ["Code", "Message"],
    "additionalProperties": False,
}

# Error answers (components/responses), by status: name and description.
ERROR_RESPONSES: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "Ungültige Anfrage: `Fields` nennt bei `ValidationError` jedes ungültige Feld."),
    401: ("Unauthorized", "Nicht angemeldet, Anmeldung abgelaufen oder Anmeldedaten nicht korrekt."),
    403: (
        "Forbidden",
        "Anfrage von fremder Herkunft (`Origin`, `Sec-Fetch-Site`) oder nicht über CloudFront.",
    ),
    404: ("NotFound", "Nicht gefunden."),
    409: ("Conflict", "Die Daten wurden inzwischen geändert, oder der Idempotency-Key ist schon vergeben."),
    413: ("PayloadTooLarge", "Die Anfrage ist größer als 64 KiB."),
    415: ("UnsupportedMediaType", "Der Body ist nicht `application/json`."),
    422: ("IdempotencyKeyReused", "Der Idempotency-Key wurde schon mit einem anderen Body verwendet."),
    429: ("TooManyRequests", "Zu viele Versuche; `Retry-After` nennt die Wartezeit in Sekunden."),
    500: ("InternalError", "Interner Fehler."),
    503: ("Unavailable", "Vorübergehend nicht verfügbar."),
}

SECURITY: dict[Access, list[dict[str, list[str]]]] = {
    "public": [],
    "customer": [{"customerSession": []}],
    "staff": [{"staffSession": []}],
    "licence": [{"licenceKey": []}],
}


def security_schemes() -> dict[str, Any]:
    return {
        "customerSession": {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.session_cookie_name,
            "description": "Sitzung der Kundin oder des Kunden (`POST /api/auth/login` setzt das Cookie).",
        },
        "staffSession": {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.staff_cookie_name,
            "description": "Sitzung im Team-Bereich.",
        },
        "licenceKey": {
            "type": "http",
            "scheme": "bearer",
            "description": "Lizenzschlüssel der Shop-Software.",
        },
    }


def build(app: Chalice) -> dict[str, Any]:
    """The OpenAPI document of every route `app` has registered through `web.route`."""
    specs = [
        spec
        for methods in app.routes.values()
        for entry in methods.values()
        if (spec := route_spec(entry.view_function)) is not None
    ]
    refs, components = _model_schemas(specs)
    paths: dict[str, dict[str, Any]] = {}
    tags: dict[str, str] = {}
    for spec in sorted(specs, key=lambda spec: (spec.path, spec.method)):
        domain = _domain(spec)
        module_doc = sys.modules[spec.view.__module__].__doc__ or domain
        tags.setdefault(domain, module_doc.strip().splitlines()[0])
        paths.setdefault(spec.path, {})[spec.method.lower()] = _operation(spec, domain, refs, components)
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Kundencenter API",
            "version": "1",
            "description": "JSON-API des Kundencenters. Fehler antworten immer im Schema `Error`.",
        },
        "tags": [{"name": name, "description": tags[name]} for name in sorted(tags)],
        "paths": paths,
        "components": {
            "schemas": {**components, "Error": ERROR_SCHEMA},
            "responses": {name: _error_response(status) for status, (name, _) in ERROR_RESPONSES.items()},
            "securitySchemes": security_schemes(),
        },
    }


def _domain(spec: RouteSpec) -> str:
    """`chalicelib.auth.schemas` → `auth`."""
    return spec.schemas_module.split(".")[-2]


def _model_schemas(
    specs: list[RouteSpec],
) -> tuple[dict[tuple[str, str, str], dict[str, Any]], dict[str, Any]]:
    """JSON schemas of every declared model, keyed by (schemas module, name, mode), and their components."""
    from pydantic.json_schema import models_json_schema

    wanted: dict[tuple[str, str, str], type[BaseModel]] = {}
    for spec in specs:
        uses: list[tuple[str | None, Literal["validation", "serialization"]]] = [
            (spec.body, "validation"),
            (spec.query, "validation"),
            (spec.response, "serialization"),
        ]
        for name, mode in uses:
            if name is not None:
                wanted[(spec.schemas_module, name, mode)] = spec.model(name)
    keys = list(wanted)
    modes: list[Literal["validation", "serialization"]] = [
        "validation" if mode == "validation" else "serialization" for _, _, mode in keys
    ]
    by_model, top = models_json_schema(
        [(wanted[key], mode) for key, mode in zip(keys, modes, strict=True)], ref_template=REF_TEMPLATE
    )
    refs = {key: dict(by_model[(wanted[key], mode)]) for key, mode in zip(keys, modes, strict=True)}
    return refs, dict(top.get("$defs", {}))


def _operation(
    spec: RouteSpec,
    domain: str,
    refs: dict[tuple[str, str, str], dict[str, Any]],
    components: dict[str, Any],
) -> dict[str, Any]:
    lines = (spec.view.__doc__ or "").strip().splitlines()
    operation: dict[str, Any] = {
        "operationId": f"{domain}.{spec.view.__name__}",
        "tags": [domain],
        "summary": spec.summary,
        "security": SECURITY[spec.access],
    }
    description = "\n".join(line.strip() for line in lines[1:]).strip()
    if description:
        operation["description"] = description
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
        for name in PATH_PARAMETER.findall(spec.path)
    ]
    if spec.idempotent:
        parameters.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": spec.key_required,
                "description": "Wiederholt die Antwort der ersten Anfrage mit diesem Schlüssel (24 Stunden).",
                "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[\\x21-\\x7e]+$"},
            }
        )
    if spec.query:
        query = _resolve(refs[(spec.schemas_module, spec.query, "validation")], components)
        required = set(query.get("required", []))
        for name, schema in query.get("properties", {}).items():
            parameters.append(
                {"name": name, "in": "query", "required": name in required, "schema": _query_schema(schema)}
            )
    if parameters:
        operation["parameters"] = parameters
    if spec.body:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[(spec.schemas_module, spec.body, "validation")]}},
        }
    success: dict[str, Any] = {"description": spec.summary}
    if spec.response and spec.status != 204:
        schema = refs[(spec.schemas_module, spec.response, "serialization")]
        success["content"] = {"application/json": {"schema": schema}}
    responses: dict[str, Any] = {str(spec.status): success}
    for status in _error_statuses(spec):
        responses[str(status)] = {"$ref": f"#/components/responses/{ERROR_RESPONSES[status][0]}"}
    operation["responses"] = responses
    return operation


def _error_statuses(spec: RouteSpec) -> list[int]:
    """The error answers a route can give: the guard's, its access level's and the platform's."""
    unsafe = spec.method in UNSAFE_METHODS
    statuses = [400]
    # Non-public routes refuse missing sessions; public routes that take a body may check credentials.
    if spec.access != "public" or spec.body:
        statuses.append(401)
    statuses.append(403)
    # A named resource may not exist, and neither may the signed-in principal's (no rename planned).
    if PATH_PARAMETER.search(spec.path) or spec.access != "public":
        statuses.append(404)
    if unsafe:
        statuses += [409, 413]
    statuses.append(415)  # Chalice refuses a body it cannot read on any method
    if spec.idempotent:
        statuses.append(422)
    statuses += [429, 500, 503]
    return statuses


def _error_response(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": ERROR_RESPONSES[status][1],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if status in (409, 429, 503):  # 429 always names the wait; 409 (in progress) and 503 may
        response["headers"] = {
            "Retry-After": {
                "description": "Sekunden bis zum nächsten Versuch.",
                "required": status == 429,
                "schema": {"type": "integer", "minimum": 0},
            }
        }
    return response


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str):
        resolved: dict[str, Any] = components[ref.rsplit("/", 1)[-1]]
        return resolved
    return schema


def _query_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A query parameter's schema: a parameter is absent rather than null, and needs no title."""
    schema = {key: value for key, value in schema.items() if key != "title"}
    options = schema.get("anyOf")
    if isinstance(options, list):
        kept = [option for option in options if option != {"type": "null"}]
        if len(kept) == 1:
            schema = {**{k: v for k, v in schema.items() if k != "anyOf"}, **kept[0]}
        else:
            schema["anyOf"] = kept
    if schema.get("default", 0) is None:
        del schema["default"]
    return schema
