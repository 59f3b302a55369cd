"""The API's own description: the OpenAPI 3.1 document, built from the route table on first request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib import web

if TYPE_CHECKING:
    from chalicelib.openapi import schemas

bp = Blueprint(__name__)

_cached: schemas.OpenApiDocument | None = None


@web.route(bp, "/api/openapi.json", "GET", access="public", response="OpenApiDocument")
def get_openapi() -> schemas.OpenApiDocument:
    """The OpenAPI 3.1 document of this API (every route, its models and its error answers)."""
    from chalicelib.openapi import document, schemas

    global _cached
    if _cached is None:  # the route table does not change after start: build once per process
        _cached = schemas.OpenApiDocument(document.build(bp.current_app))
    return _cached
