"""Idempotent creation: a POST that carries an `Idempotency-Key` runs once; a retry gets the same answer.

Routes declared `idempotent=True` pass through `handle`. Without the header the request runs as
usual, unless the route also declares `key_required=True` (400 `IdempotencyKeyRequired`). With it, Powertools' idempotency utility (DynamoDB table `{prefix}idempotency`, model
`IdempotencyRecord`) stores the full answer (status, body, headers except Set-Cookie) for 24 hours
under a key scoped to the route, the caller (Kundennummer on customer and licence routes, staff e-mail, or the client address on
public routes) and the header value; a repeat replays it with `Idempotent-Replayed: true`. The same
key with another body is refused (422), a repeat while the first still runs is a 409. An answer
that is an error is not stored: the key stays free for the retry. A route declared `secret_answer=True`
(its answer holds a secret shown once, such as a new licence key) has only its status stored, never
the body; a repeat then answers 409 (`errors.AnswerShownOnce`) instead of the secret. Powertools and boto3 are imported
on the first request that carries the header.
"""

import json
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chalice.app import Request, Response

from chalicelib import errors
from chalicelib.settings import settings
from chalicelib.web import request_log
from chalicelib.web.guard import client_ip, current_principal

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    from chalicelib.web.routing import RouteSpec

HEADER = "idempotency-key"
MAX_KEY_LENGTH = 255
EXPIRES_AFTER_SECONDS = 24 * 3600
KEY_PREFIX = "portal"
# Without a Lambda context (the local stack), a request that never finishes frees its key after this.
LOCAL_REQUEST_BUDGET_MS = 30_000

_lock = threading.Lock()
_store: "DynamoDBPersistenceLayer | None" = None


def handle(spec: "RouteSpec", request: Request, produce: Callable[[], Response]) -> Response:
    """Run `produce` once per Idempotency-Key (see the module docstring)."""
    key = request.headers.get(HEADER)
    if key is None:
        if spec.key_required:
            raise errors.IdempotencyKeyRequired()
        return produce()
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not all(" " <= char <= "~" for char in key):
        raise errors.InvalidIdempotencyKey()

    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyPersistenceLayerError,
        IdempotencyValidationError,
    )

    config = IdempotencyConfig(
        event_key_jmespath="scope",
        payload_validation_jmespath="body",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=EXPIRES_AFTER_SECONDS,
        hash_function="sha256",
        response_hook=_mark_replayed,
    )
    config.register_lambda_context(_context_with_deadline(request))
    produced: list[Response] = []

    @idempotent_function(  # type: ignore[untyped-decorator]
        data_keyword_argument="data",
        persistence_store=persistence_store(),
        config=config,
        key_prefix=KEY_PREFIX,
    )
    def run(data: dict[str, Any]) -> dict[str, Any]:
        response = produce()
        produced.append(response)
        if response.status_code >= 400:  # not stored: Powertools frees the key when the function raises
            raise _NotStored(response)
        if spec.secret_answer:
            return {"status": response.status_code, "body": None, "headers": {}, "secret": True}
        return _freeze(response)

    caller = scope_of_caller(spec, request, current_principal())
    data = {"scope": [spec.method, spec.path, caller, key], "body": _body(request)}
    try:
        stored = run(data=data)
        if produced:  # this request did the work: its own answer (the record may hold less)
            return produced[0]
        if stored.get("secret"):
            raise errors.AnswerShownOnce()
        return _thaw(stored)
    except _NotStored as not_stored:
        return not_stored.response
    except IdempotencyValidationError:
        raise errors.IdempotencyKeyReused() from None
    except IdempotencyAlreadyInProgressError:
        raise errors.IdempotencyInProgress() from None
    except IdempotencyPersistenceLayerError:
        if produced:  # the work is done and answered; only recording the answer failed
            request_log.event("idempotency_record_not_saved", route=spec.path)
            return produced[0]
        raise  # the guard answers 503 for a passing DynamoDB fault, else 500


def persistence_store() -> "DynamoDBPersistenceLayer":
    """Powertools' DynamoDB layer for `{prefix}idempotency`, created on the first use."""
    global _store
    if _store is None:
        with _lock:
            if _store is None:
                import boto3
                from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

                _store = DynamoDBPersistenceLayer(
                    table_name=settings.table_name("idempotency"),
                    boto3_session=boto3.session.Session(region_name=settings.aws_region),
                )
    return _store


def reset() -> None:
    """Forget the persistence layer (tests: a new mocked AWS needs a new client)."""
    global _store
    _store = None


class _NotStored(Exception):
    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def scope_of_caller(spec: "RouteSpec", request: Request, principal: object | None) -> str:
    """Whose keys these are: the Kundennummer, the staff account's e-mail, or the address on public routes.

    Chosen by the route's access level, never by whichever attribute a principal happens to have: a
    signed-in route whose principal names nobody is a programming error, not a reason to share keys
    (and stored answers) with everyone behind the same address.
    """
    if spec.access == "public":
        return f"client:{client_ip(request)}"
    if spec.access == "customer":
        who = getattr(principal, "customer_number", None)
    elif spec.access == "staff":
        # `team.service.StaffSignedIn` (web imports no domain service): the session and its account.
        who = getattr(getattr(principal, "staff", None), "email", None)
    elif spec.access == "licence":
        # `principals.LicenceHolder`: keys are the customer's, whichever of its licence keys sent them.
        who = getattr(principal, "customer_number", None)
    else:
        who = None
    if not isinstance(who, str) or not who:
        raise RuntimeError(
            f"no idempotency scope for a {spec.access!r} route's principal {type(principal)!r}"
        )
    return f"{spec.access}:{who}"


def _body(request: Request) -> Any:
    """The JSON body (already validated by the route), so spacing and key order do not count."""
    raw = request.raw_body or b""
    return json.loads(raw) if raw else None


def _freeze(response: Response) -> dict[str, Any]:
    headers = {name: value for name, value in response.headers.items() if name.lower() != "set-cookie"}
    return {"status": response.status_code, "body": response.body, "headers": headers}


def _thaw(stored: dict[str, Any]) -> Response:
    return Response(body=stored["body"], status_code=int(stored["status"]), headers=dict(stored["headers"]))


def _mark_replayed(response: Any, idempotent_data: Any) -> Any:
    """Powertools' response hook for a replayed answer."""
    return {**response, "headers": {**response["headers"], "Idempotent-Replayed": "true"}}


class _Deadline:
    """A stand-in Lambda context for the local stack: the request's time budget."""

    def __init__(self, budget_ms: int) -> None:
        self._ends = time.monotonic() + budget_ms / 1000

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._ends - time.monotonic()) * 1000))


def _context_with_deadline(request: Request) -> Any:
    """Lambda's context (its remaining time bounds an in-progress record), or a local stand-in."""
    context = getattr(request, "lambda_context", None)
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    if callable(remaining):
        try:
            if isinstance(remaining(), int):
                return context
        except Exception:  # noqa: S110 - a stub context without a deadline: use the local budget
            pass
    return _Deadline(LOCAL_REQUEST_BUDGET_MS)
