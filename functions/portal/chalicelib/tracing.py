"""X-Ray tracing with Powertools' Tracer: one subsegment per request, beside the request's log line.

The subsegment `## <METHOD> <declared route>` carries annotations (searchable in X-Ray) that say nothing
about a customer: the declared route (`/api/sessions/{session_id}`, never the concrete path), method,
access level, status and whether the process was cold. Never a Kundennummer, address, path parameter
or body. botocore is patched, so DynamoDB, S3, SES and Secrets Manager calls appear as subsegments; the
S3 object key (an invoice's key names its customer) is taken out of what X-Ray records.

Tracing runs only on Lambda (`LAMBDA_TASK_ROOT`) unless `POWERTOOLS_TRACE_DISABLED` is true; locally,
in tests and in `chalice local` nothing is imported. On Lambda, Powertools' Tracer and aws-xray-sdk are
imported on the first request, not at cold start (bench/import_time.py measures the import). Tracing
never fails a request: when it cannot start (aws-xray-sdk missing) it logs once and stays off.
"""

import functools
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from typing import Any

_TRUTHY = frozenset({"1", "true", "yes", "on", "y"})
_lock = threading.Lock()
_tracer: Any = None
_started = False
_cold = True


def enabled() -> bool:
    """On Lambda (`LAMBDA_TASK_ROOT`, which Lambda sets), unless `POWERTOOLS_TRACE_DISABLED` is true: the
    rules of Powertools' Tracer, checked without importing it (`chalice local` sets no LAMBDA_TASK_ROOT)."""
    if os.environ.get("POWERTOOLS_TRACE_DISABLED", "false").strip().lower() in _TRUTHY:
        return False
    return bool(os.environ.get("LAMBDA_TASK_ROOT"))


@contextmanager
def request(*, method: str, route: str, access: str) -> Iterator[Callable[[int], None]]:
    """Trace one request; yields the function that records its status."""
    global _cold
    cold, _cold = _cold, False
    tracer = _get_tracer()
    if tracer is None:
        yield _ignore
        return
    stack = ExitStack()
    record: Callable[[int], None] = _ignore
    try:
        subsegment = stack.enter_context(tracer.provider.in_subsegment(f"## {method} {route}"))
        for key, value in (("route", route), ("method", method), ("access", access), ("cold_start", cold)):
            subsegment.put_annotation(key=key, value=value)
        record = functools.partial(_put_status, subsegment)
    except Exception:  # no segment to attach to (tracing not active for the function): trace nothing
        stack.close()
    with stack:  # the subsegment ends with the request, and records an exception that escapes
        yield record


def _put_status(subsegment: Any, status: int) -> None:
    with suppress(Exception):  # tracing never fails a request
        subsegment.put_annotation(key="status", value=status)


def _ignore(status: int) -> None:
    return None


def _get_tracer() -> Any:
    global _tracer, _started
    if _started:
        return _tracer
    with _lock:
        if not _started:
            _tracer = _start() if enabled() else None
            _started = True
    return _tracer


def _start() -> Any:
    try:
        from aws_lambda_powertools import Tracer
        from aws_xray_sdk.ext import boto_utils  # type: ignore[import-untyped]

        from chalicelib.logs import SERVICE

        # Object keys name customers (invoices/<Kundennummer>/…): X-Ray records bucket and operation only.
        boto_utils.whitelist["services"].pop("s3", None)
        return Tracer(service=SERVICE, patch_modules=("botocore",))
    except Exception as exc:
        from chalicelib import logs

        logs.event("tracing_unavailable", level=logging.WARNING, error_type=type(exc).__name__)
        return None
