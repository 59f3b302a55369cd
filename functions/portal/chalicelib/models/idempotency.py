"""Idempotency records of Powertools' idempotency utility (`web.idempotency`), one per Idempotency-Key.

Powertools writes these items itself (its own DynamoDB client); the model states the table's shape
for tests/infra/test_template.py and the test fixtures, with Powertools' default attribute names.
"""

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class IdempotencyRecord(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("idempotency")

    id = UnicodeAttribute(hash_key=True)  # "portal#<sha256 of route, principal and key>"
    expiration = TTLAttribute()  # 24 hours after the first request; DynamoDB removes the item afterwards
    in_progress_expiration = NumberAttribute(null=True)  # milliseconds; a crashed request frees the key then
    status = UnicodeAttribute()  # INPROGRESS or COMPLETED
    data = UnicodeAttribute(null=True)  # the stored answer (JSON: status, body, headers)
    validation = UnicodeAttribute(null=True)  # hash of the request body: another body is refused
