"""CloudFront's origin secret (`X-Origin-Verify`), read from Secrets Manager at run time.

The function gets the secret's ARN (`KC_ORIGIN_SECRET_ID`); the secret string is the header value
CloudFront sends. Both versions AWSCURRENT and AWSPREVIOUS are accepted, so a rotation (a new version,
then the stack update that hands CloudFront the new value) has no 403 window: until the next rotation
the old value stays valid as AWSPREVIOUS.

The values are cached in the process for `CACHE_SECONDS`. A value that matches neither makes the cache
reload (CloudFront may already send a version newer than the cache), at most once per
`MISMATCH_REFRESH_SECONDS` however many strangers guess; then the request is refused. The check never opens: no value is accepted that was not read
from Secrets Manager. When Secrets Manager cannot be read and nothing is cached, or a mismatch cannot be
re-checked, the answer is 503 (`errors.ServiceUnavailable`); an expired cache that cannot be reloaded
keeps serving its values (they were valid, and a rotation keeps the old one valid) and tries again every
`MISMATCH_REFRESH_SECONDS`.

boto3 is imported on the first check, not at cold start.
"""

import logging
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

from chalicelib import errors

CACHE_SECONDS = 5 * 60
MISMATCH_REFRESH_SECONDS = 30
EMPTY_RETRY_SECONDS = 5  # nothing cached and the last read failed: 503 at once for this long
STAGES = ("AWSCURRENT", "AWSPREVIOUS")


class OriginSecret:
    """The accepted values of one secret, cached; thread-safe (the local stack serves on threads)."""

    def __init__(
        self,
        secret_id: str,
        *,
        region: str,
        clock: Callable[[], float] = time.monotonic,
        client: Callable[[], Any] | None = None,
    ) -> None:
        self.secret_id = secret_id
        self.region = region
        self._clock = clock
        self._client_factory = client
        self._client: Any = None
        self._lock = threading.Lock()
        self._values: tuple[bytes, ...] = ()
        self._loaded_at: float | None = None
        self._attempted_at: float | None = None  # the last load, also a failed one
        self._failed = False  # the last load failed
        self._mismatch_at: float | None = None  # the last re-read a mismatch caused

    def accepts(self, presented: str) -> bool:
        """Whether `presented` is the current or previous secret; ServiceUnavailable when unknowable."""
        candidate = presented.encode()
        with self._lock:
            now = self._clock()
            if self._loaded_at is None:
                if self._failed and now - (self._attempted_at or now) < EMPTY_RETRY_SECONDS:
                    raise errors.ServiceUnavailable()  # failed just now: answer at once, do not queue up
                self._reload(now, keep_stale=False)
            elif now - self._loaded_at >= CACHE_SECONDS and self._may_reload(now):
                self._reload(now, keep_stale=True)
            if _matches(candidate, self._values):
                return True
            if self._failed:
                if not self._may_reload(now):
                    raise errors.ServiceUnavailable()  # Secrets Manager is down: cannot tell a rotation apart
            elif self._mismatch_at is not None and now - self._mismatch_at < MISMATCH_REFRESH_SECONDS:
                # Counted from the last re-read a mismatch caused, not from the last load: a load due to
                # the cache's age just before a rotation must not hold back the new value for 30 s.
                return False
            self._mismatch_at = now
            self._reload(now, keep_stale=False)
            return _matches(candidate, self._values)

    def _may_reload(self, now: float) -> bool:
        """With values cached, a failed load is tried again after as long as a mismatch's re-read."""
        return self._attempted_at is None or now - self._attempted_at >= MISMATCH_REFRESH_SECONDS

    def _reload(self, now: float, *, keep_stale: bool) -> None:
        self._attempted_at = now
        try:
            values = self._read()
        except Exception as exc:
            from chalicelib import faults, logs

            self._failed = True
            logs.event(
                "origin_secret_unavailable",
                level=logging.ERROR,
                fault=faults.describe(exc),
                serving_cached=keep_stale,
            )
            if keep_stale:
                return
            raise errors.ServiceUnavailable() from exc
        self._values = values
        self._loaded_at = now
        self._failed = False

    def _read(self) -> tuple[bytes, ...]:
        from botocore.exceptions import ClientError

        client = self._secrets_manager()
        values: list[bytes] = []
        for stage in STAGES:
            try:
                answer = client.get_secret_value(SecretId=self.secret_id, VersionStage=stage)
            except ClientError as error:
                # No AWSPREVIOUS before the first rotation; AWSCURRENT always exists.
                if stage != "AWSCURRENT" and error.response.get("Error", {}).get("Code") == (
                    "ResourceNotFoundException"
                ):
                    continue
                raise
            value = answer.get("SecretString") or ""
            if value:
                values.append(value.encode())
        if not values:
            raise RuntimeError("the origin secret has no value")
        return tuple(values)

    def _secrets_manager(self) -> Any:
        if self._client is None:
            if self._client_factory is not None:
                self._client = self._client_factory()
            else:
                import boto3
                from botocore.config import Config

                # Short timeouts: an unreachable endpoint answers 503 in seconds, not at Lambda's timeout.
                config = Config(
                    connect_timeout=2, read_timeout=2, retries={"max_attempts": 2, "mode": "standard"}
                )
                self._client = boto3.client("secretsmanager", region_name=self.region, config=config)
        return self._client


def _matches(candidate: bytes, values: tuple[bytes, ...]) -> bool:
    # Compare with every value (no early exit), each in constant time.
    found = False
    for value in values:
        found |= secrets.compare_digest(candidate, value)
    return found
