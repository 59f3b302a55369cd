"""Attempt counters for throttling: one item per subject and fixed time window."""

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class AttemptCounter(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("throttle")

    counter_key = UnicodeAttribute(hash_key=True)  # "<scope>#<subject>#<window start>"
    attempts = NumberAttribute(default=0)
    expires_at = TTLAttribute()
