"""Make chosen AWS calls fail the way AWS fails: below PynamoDB, boto3 and Powertools, at botocore."""

from collections.abc import Callable
from typing import Any

import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError


def client_error(code: str, status: int = 400, operation: str = "Call", **extra: Any) -> ClientError:
    response: dict[str, Any] = {
        "Error": {"Code": code, "Message": f"{code} (simulated)"},
        "ResponseMetadata": {"HTTPStatusCode": status},
        **extra,
    }
    return ClientError(response, operation)  # type: ignore[arg-type]


def install(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, BaseException | None], None]:
    """`fail(operation, error)`: every later call of `operation` (e.g. "TransactWriteItems") raises `error` (None: works again)."""
    failing: dict[str, BaseException] = {}
    original = BaseClient._make_api_call

    def make_api_call(self: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
        if operation_name in failing:
            raise failing[operation_name]
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", make_api_call)

    def fail(operation: str, error: BaseException | None) -> None:
        if error is None:
            failing.pop(operation, None)
        else:
            failing[operation] = error

    return fail
