"""Structured JSON logs (Powertools Logger) for every layer, and the redaction every line passes.

`event(...)` writes a line within the current request (a lost mail, a fault) with its request id;
`web.request_log` writes the one line per request. `RedactionFilter` sits on the logger's handler for
whatever slips into any line: values of secret-looking keys become "[redacted]", IBANs are masked,
tracebacks are redacted text. Powertools is imported on the first line written, not at cold start.
"""

import functools
import logging
import re
import sys
import threading
from collections.abc import Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools import Logger

SERVICE = "kundencenter-portal"
REDACTED = "[redacted]"

# Keys whose values are secrets wherever they appear: in extra fields, JSON bodies or "key=value" text.
_SECRET_WORDS = (
    "passw",  # password, passwort, new_password, current_password
    "token",
    "secret",
    "cookie",
    "authorization",
    "session",
    "device",
    "otp",
    "code",  # two-factor and recovery codes
    "iban",
    "credential",
    "signature",
    "verify",  # X-Origin-Verify
    "key",  # licence and API keys, Idempotency-Key
)
# Our own fields and harmless names that contain one of those words.
_SAFE_KEYS = frozenset({"status_code", "error_code", "postal_code", "country_code", "fault_code"})

_SECRET_WORD = "|".join(_SECRET_WORDS)

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
_lock = threading.Lock()
_logger: "Logger | None" = None


def event(
    name: str, *, level: int = logging.WARNING, exc_info: BaseException | None = None, **fields: Any
) -> None:
    """Another line within the current request (a lost mail, a fault), carrying its request id."""
    logger()
    logging.getLogger(SERVICE).log(
        level, name, extra={"request_id": request_id_var.get(), **fields}, exc_info=exc_info
    )


def logger() -> "Logger":
    """The service's Powertools logger, created on the first line (Powertools is not a cold-start cost)."""
    global _logger
    if _logger is None:
        with _lock:
            if _logger is None:
                _logger = _create_logger()
    return _logger


def _create_logger() -> "Logger":
    from aws_lambda_powertools import Logger

    handler = _StdoutHandler()
    handler.addFilter(RedactionFilter())
    created = Logger(service=SERVICE, logger_handler=handler)
    # Chalice logs its own errors to the logger named after the app (the same name) with a plain-text
    # handler; keep only ours, so every line is JSON and redacted.
    underlying = logging.getLogger(SERVICE)
    for other in list(underlying.handlers):
        if other is not handler:
            underlying.removeHandler(other)
    return created


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to the current `sys.stdout` (Lambda sends it to CloudWatch; tests capture it)."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stdout
        super().emit(record)


class RedactionFilter(logging.Filter):
    """Masks IBANs and replaces secret values in a record's message, arguments, extra fields and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg, record.args = record.getMessage(), None
        record.msg = redact(record.msg)
        for key, value in list(record.__dict__.items()):
            if key not in _patterns().record_attributes:
                record.__dict__[key] = redact(value, key=key)
        if record.exc_info and record.exc_info[0] is not None:
            import traceback

            kind, value, tb = record.exc_info
            record.__dict__["error_type"] = kind.__name__
            record.__dict__["traceback"] = redact("".join(traceback.format_exception(kind, value, tb)))
            record.exc_info, record.exc_text = None, None
        return True


def redact(value: Any, *, key: str | None = None) -> Any:
    """`value` with secrets replaced: wholly when `key` names a secret, else masked where they appear."""
    if key is not None and _is_secret_key(key) and value not in (None, ""):
        return REDACTED
    if isinstance(value, str):
        return _redact_text(value)
    if isinstance(value, Mapping):
        return {str(k): redact(v, key=str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [redact(item) for item in value]
    if isinstance(value, bytes):
        return _redact_text(value.decode("utf-8", "replace"))
    if value is None or isinstance(value, bool | int | float):
        return value
    return _redact_text(str(value))


class _Patterns:
    """Compiled on the first line written, not at cold start."""

    def __init__(self) -> None:
        self.secret_key = re.compile(_SECRET_WORD, re.IGNORECASE)
        # "password=…", "token: …", '"code": "…"', "kc_session=…" in free text.
        self.secret_assignment = re.compile(
            rf"""(?P<key>[\w.-]*(?:{_SECRET_WORD})[\w.-]*)(?P<sep>["']?\s*[:=]\s*["']?)(?P<value>[^\s"',;&}}]+)""",
            re.IGNORECASE,
        )
        self.bearer = re.compile(r"\b(Bearer|Basic)\s+[\w.~+/=-]+", re.IGNORECASE)
        # An IBAN, compact or printed in groups of four: country, check digits, 11 to 30 more characters.
        self.iban = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b")
        self.record_attributes = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


def _is_secret_key(key: str) -> bool:
    return key.lower() not in _SAFE_KEYS and bool(_patterns().secret_key.search(key))


def _redact_text(text: str) -> str:
    patterns = _patterns()
    text = patterns.bearer.sub(lambda match: f"{match.group(1)} {REDACTED}", text)
    text = patterns.secret_assignment.sub(
        lambda match: (
            match.group(0)
            if match.group("key").lower() in _SAFE_KEYS
            else f"{match.group('key')}{match.group('sep')}{REDACTED}"
        ),
        text,
    )
    return patterns.iban.sub(lambda match: _mask_iban(match.group(0)), text)


def _mask_iban(iban: str) -> str:
    from chalicelib.validators import mask_iban  # its libraries load lazily; mask_iban needs none

    return mask_iban(iban)
