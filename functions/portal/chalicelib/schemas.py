"""Bases of the request, query and response models (pydantic; imported lazily by the routes)."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# Every password field of a request (sign-in, re-authentication before a change, a new password): taken
# exactly as typed, spaces at either end are part of it (the models strip every other string).
Password = Annotated[str, StringConstraints(strip_whitespace=False), Field(min_length=1, max_length=1024)]


class RequestModel(BaseModel):
    """Base of every request body: strict types, unknown fields refused, strings trimmed."""

    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, frozen=True)


class QueryModel(BaseModel):
    """Base of every query string: values arrive as text and are converted, unknown parameters refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class ResponseModel(BaseModel):
    """Base of every answer: exactly the declared fields (the OpenAPI document is generated from them)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
