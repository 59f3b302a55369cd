"""TransactWriteItems in moto at the cost of the items it touches, not of the tables it touches.

moto backs up every table a TransactWriteItems names with `copy.deepcopy` (to roll a cancelled one back):
O(table size) per transaction, so ingesting 25,000 demo orders in transactions would take minutes (a
batch of 500 orders into a 500-item table: 35 s). `install()` backs up only the touched items instead and
puts exactly those back when the transaction fails; what a transaction does and answers is unchanged
(tests/portal/statistics/test_moto_transactions.py). Installed by the tests (tests/conftest.py) and by
the statistics demo seeder in the local stack's process (local/seed.py), where the moto server runs.
"""

import contextlib
import copy
import functools
import re
import types
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

_ADDS = re.compile(r"ADD (#\w+ :\w+(?:, #\w+ :\w+)*)")
_fast = False


@contextlib.contextmanager
def fast_inserts() -> Iterator[None]:
    """While seeding demo data (nothing else runs): transactions made only of puts of new items
    (`attribute_not_exists`) and unconditional `ADD` updates are applied directly, skipping moto's
    expression parser (~2 ms an item); anything else, or a put of an existing item, goes to moto."""
    global _fast
    _fast = True
    try:
        yield
    finally:
        _fast = False


def install() -> None:
    """Make moto's TransactWriteItems back up items instead of tables (idempotent)."""
    from moto.dynamodb import models
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table

    current = DynamoDBBackend.transact_write_items
    locked = getattr(current, "kc_atomic", False)  # local.moto_atomic's lock: keep it outermost
    original = current.__wrapped__ if locked else current
    if getattr(original, "kc_item_backup", False):
        return

    def deepcopy(value: Any, memo: Any = None) -> Any:
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    # moto's own backup becomes the live table (its "rollback" a no-op); ours below restores the items.
    models.copy = types.SimpleNamespace(deepcopy=deepcopy, copy=copy.copy)  # type: ignore[attr-defined]
    replacement = _with_item_backup(original)
    if locked:
        from local.moto_atomic import _locked

        replacement = _locked(replacement)
    DynamoDBBackend.transact_write_items = replacement  # type: ignore[method-assign]


def _with_item_backup(original: Callable[..., Any]) -> Callable[..., Any]:
    from moto.dynamodb.models.dynamo_type import DynamoType

    @functools.wraps(original)
    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        backup: list[tuple[Any, Any, Any, Any]] = []  # table, hash value, range value, item or None
        for entry in transact_items:
            operation = next(iter(entry.values()), None)
            if not isinstance(operation, dict) or operation.get("TableName") not in self.tables:
                continue
            table = self.tables[operation["TableName"]]
            attributes = operation.get("Item") or operation.get("Key") or {}
            if table.hash_key_attr not in attributes:
                continue
            hash_value = DynamoType(attributes[table.hash_key_attr])
            range_value = None
            if table.range_key_attr is not None:
                if table.range_key_attr not in attributes:
                    continue
                range_value = DynamoType(attributes[table.range_key_attr])
            try:
                current = table.get_item(hash_value, range_value)
            except Exception:  # noqa: S112 - an invalid key: moto's call below answers for it
                continue
            backup.append((table, hash_value, range_value, copy.deepcopy(current)))
        try:
            if not (_fast and _apply_directly(self, transact_items)):
                original(self, transact_items)
        except Exception:
            for table, hash_value, range_value, item in reversed(backup):
                if range_value is None:
                    if item is None:
                        table.items.pop(hash_value, None)
                    else:
                        table.items[hash_value] = item
                elif item is None:
                    table.items.get(hash_value, {}).pop(range_value, None)
                else:
                    table.items[hash_value][range_value] = item
            raise

    transact_write_items.kc_item_backup = True  # type: ignore[attr-defined]
    return transact_write_items


def _apply_directly(backend: Any, transact_items: list[dict[str, Any]]) -> bool:
    """Apply a transaction of new-item puts and plain ADD updates without moto's parser; False (and
    nothing changed) when it holds anything else, so moto handles it."""
    from moto.dynamodb.models.dynamo_type import DynamoType, Item

    plan: list[tuple[Any, Any, Any, str, dict[str, Any]]] = []
    for entry in transact_items:
        kind, operation = next(iter(entry.items()))
        table = backend.tables.get(operation.get("TableName"))
        if table is None:
            return False
        attributes = operation.get("Item") if kind == "Put" else operation.get("Key")
        if not attributes or table.hash_key_attr not in attributes:
            return False
        hash_value = DynamoType(attributes[table.hash_key_attr])
        range_value = None
        if table.range_key_attr is not None:
            if table.range_key_attr not in attributes:
                return False
            range_value = DynamoType(attributes[table.range_key_attr])
        existing = table.get_item(hash_value, range_value)
        if kind == "Put":
            names = operation.get("ExpressionAttributeNames") or {}
            if operation.get("ConditionExpression") != "attribute_not_exists (#0)" or set(names) != {"#0"}:
                return False
            if existing is not None and names["#0"] in existing.attrs:
                return False  # the condition fails: moto answers for it
        elif kind == "Update":
            if operation.get("ConditionExpression") or not _ADDS.fullmatch(operation["UpdateExpression"]):
                return False
        else:
            return False
        plan.append((table, hash_value, range_value, kind, operation))
    for table, hash_value, range_value, kind, operation in plan:
        if kind == "Put":
            item = Item(hash_value, range_value, operation["Item"])
        else:
            item = table.get_item(hash_value, range_value)
            if item is None:
                item = Item(hash_value, range_value, dict(operation["Key"]))
            names = operation["ExpressionAttributeNames"]
            values = operation["ExpressionAttributeValues"]
            for pair in _ADDS.fullmatch(operation["UpdateExpression"]).group(1).split(", "):  # type: ignore[union-attr]
                name_ref, value_ref = pair.split(" ")
                name, value = names[name_ref], values[value_ref]
                current = item.attrs.get(name)
                if "N" in value:
                    total = Decimal(value["N"]) + (Decimal(current.value) if current is not None else 0)
                    item.attrs[name] = DynamoType({"N": str(total)})
                elif "SS" in value:
                    merged = set(value["SS"]) | (set(current.value) if current is not None else set())
                    item.attrs[name] = DynamoType({"SS": sorted(merged)})
                else:
                    raise ValueError(f"ADD of {value!r}")
        if range_value is None:
            table.items[hash_value] = item
        else:
            table.items[hash_value][range_value] = item
    return True
