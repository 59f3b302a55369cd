"""Base of request bodies (pydantic): imported lazily by the views that take a body."""

from pydantic import BaseModel, ConfigDict


class RequestModel(BaseModel):
    """Base of every request body: strict types, unknown fields refused, strings trimmed."""

    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, frozen=True)
