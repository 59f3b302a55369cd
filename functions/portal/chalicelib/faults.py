"""Which failures of AWS are passing: throttling, a service error or no answer from DynamoDB, SES or S3.

The guard answers them with `errors.ServiceUnavailable` (503, Retry-After), whichever layer raised
them: botocore directly (SES, S3, Powertools' DynamoDB client), PynamoDB around botocore
(`cause_response_code`), or an API error raised while handling one (a throttled TransactWrite that a
service turned into "the data changed"). Everything else is a bug and answers the German 500.
"""

from collections.abc import Iterator


class PassingFault(Exception):
    """A failure of another function that the code reports itself (the invoice-documents function was not
    reached or answered no PDF): the guard answers 503, and the route makes its retry safe."""


# Error codes of throttling and service faults (DynamoDB, SES, S3, STS-style "Throttling").
TRANSIENT_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "SlowDown",
        "InternalServerError",
        "InternalError",
        "InternalFailure",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "RequestTimeout",
        "RequestTimeoutException",
        "TransactionConflictException",
        "TransactionInProgressException",
    }
)
# Why DynamoDB cancelled a transaction, when no item's condition failed.
TRANSIENT_CANCELLATIONS = frozenset(
    {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"}
)


def transient_fault(error: BaseException) -> BaseException | None:
    """The passing AWS failure behind `error` (itself, its cause or the error it was raised from), if any."""
    for candidate in _chain(error):
        if _is_transient(candidate):
            return candidate
    return None


def describe(fault: BaseException) -> str:
    """Class and error code of a fault, for the log (never its message: that may quote data)."""
    code = _error_code(fault)
    return f"{type(fault).__name__}:{code}" if code else type(fault).__name__


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for linked in (getattr(current, "cause", None), current.__cause__, current.__context__):
            if isinstance(linked, BaseException):
                pending.append(linked)


def _error_code(error: BaseException) -> str | None:
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        return str(code) if code else None
    return None


def _is_transient(error: BaseException) -> bool:
    from botocore.exceptions import ConnectionError as BotocoreConnectionError
    from botocore.exceptions import HTTPClientError

    # EndpointConnectionError, ConnectTimeoutError (ConnectionError); ReadTimeoutError, ConnectionClosedError
    if isinstance(error, BotocoreConnectionError | HTTPClientError | PassingFault):
        return True
    code = _error_code(error)
    if code is None:
        return False
    if code in TRANSIENT_CODES:
        return True
    if code == "TransactionCanceledException":
        reasons = _cancellation_codes(error)
        return bool(reasons) and all(reason in TRANSIENT_CANCELLATIONS for reason in reasons)
    response = getattr(error, "response", {})
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return isinstance(status, int) and (status >= 500 or status == 429)


def _cancellation_codes(error: BaseException) -> list[str]:
    """Why each item of a cancelled transaction failed (PynamoDB's parsed list or botocore's raw one)."""
    parsed = getattr(error, "cancellation_reasons", None)
    if parsed:
        return [str(reason.code) for reason in parsed if reason is not None]
    raw = getattr(error, "response", {}).get("CancellationReasons", [])
    return [str(item.get("Code")) for item in raw if item.get("Code") not in (None, "None")]
