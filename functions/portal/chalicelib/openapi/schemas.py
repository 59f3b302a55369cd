"""The answer of `GET /api/openapi.json`: the document as built by `openapi.document` (pydantic)."""

from typing import Any

from pydantic import ConfigDict, RootModel


class OpenApiDocument(RootModel[dict[str, Any]]):
    """An OpenAPI 3.1 document."""

    model_config = ConfigDict(frozen=True)
