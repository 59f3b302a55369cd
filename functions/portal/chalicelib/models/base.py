"""Shared model settings: table names `{prefix}{name}`, region, on-demand billing."""

from functools import cache

from pynamodb.connection import Connection
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.settings import settings


class TableMeta:
    """Base of every model's Meta; each adds `table_name = settings.table_name("...")`."""

    region = settings.aws_region
    billing_mode = "PAY_PER_REQUEST"


@cache
def _connection() -> Connection:
    return Connection(region=settings.aws_region)


def transaction() -> TransactWrite:
    """A TransactWrite for changes that touch several items (all or nothing)."""
    return TransactWrite(connection=_connection())


def connection() -> Connection:
    """The shared low-level connection (for TransactGet and TransactWrite)."""
    return _connection()


def update_bookkeeping(item: Model, *, actions: list[Action], condition: Condition | None = None) -> None:
    """Update attributes that are bookkeeping, not data the customer edits, without raising `version`.

    PynamoDB raises a VersionAttribute on every `update()`. A used-up sign-in code is not an edit: it
    must not turn the customer's open Persönliche Daten form into a 409 (stale version).
    """
    hash_key, range_key = item._get_serialized_keys()
    data = (
        type(item)
        ._get_connection()
        .update_item(
            hash_key, range_key=range_key, actions=actions, condition=condition, return_values="ALL_NEW"
        )
    )
    item.deserialize(data["Attributes"])  # as Model.update does: the item now shows what is stored


def update_bookkeeping_in(
    tx: TransactWrite, item: Model, *, actions: list[Action], condition: Condition | None = None
) -> None:
    """`update_bookkeeping` as part of a TransactWrite (one round trip with the change it belongs to)."""
    from pynamodb.constants import KEY

    hash_key, range_key = item._get_hash_range_key_serialized_values()
    operation = (
        type(item)
        ._get_connection()
        .get_operation_kwargs(hash_key, range_key=range_key, key=KEY, actions=actions, condition=condition)
    )
    tx._update_items.append(operation)  # what TransactWrite.update does, minus the version handling
