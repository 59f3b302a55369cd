"""DynamoDB's per-item atomicity for moto, which has none across threads.

Real DynamoDB applies each write (and each transaction) atomically: a conditional UpdateItem checks and
writes in one step, so parallel requests cannot both pass `attempts < 10`. moto checks and writes in
separate Python steps without a lock, so under a threaded server two requests can interleave. The
local stack and the tests serve requests in parallel on purpose (Lambda runs many copies at once), so
they take one lock around moto's item operations; requests still run in parallel everywhere else.
"""

import functools
import threading
from collections.abc import Callable
from typing import Any

_LOCK = threading.RLock()
_OPERATIONS = (
    "put_item",
    "get_item",
    "update_item",
    "delete_item",
    "query",
    "scan",
    "transact_write_items",
    "execute_statement",
    "execute_transaction",
)


# moto's response layer reads an item before the backend call (UpdateItem deep-copies the stored item to
# answer ReturnValues): that copy must not run while another thread's write changes the same item ("dictionary
# changed size during iteration" once in a parallel test), so these handlers take the same lock.
_HANDLERS = ("update_item", "put_item", "delete_item", "transact_write_items")


def install() -> None:
    """Make moto's DynamoDB item operations atomic (idempotent)."""
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.responses import DynamoHandler

    for owner, names in ((DynamoDBBackend, _OPERATIONS), (DynamoHandler, _HANDLERS)):
        for name in names:
            original = getattr(owner, name)
            if getattr(original, "kc_atomic", False):
                continue
            setattr(owner, name, _locked(original))


def _locked(operation: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(operation)
    def locked(*args: Any, **kwargs: Any) -> Any:
        with _LOCK:
            return operation(*args, **kwargs)

    locked.kc_atomic = True  # type: ignore[attr-defined]
    return locked
