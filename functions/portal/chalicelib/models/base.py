"""Shared model settings: table names `{prefix}{name}`, region, on-demand billing."""

from functools import cache

from pynamodb.connection import Connection
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
