"""Audit log: per customer, newest first by a time-ordered range key."""

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class AuditEntry(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("audit")

    customer_number = UnicodeAttribute(hash_key=True)
    entry_id = UnicodeAttribute(range_key=True)  # "<UTC ISO-8601>#<random>", sorts by time
    created_at = UTCDateTimeAttribute()
    event = UnicodeAttribute()
    ip_address = UnicodeAttribute(default="")
    user_agent = UnicodeAttribute(default="")
    detail = UnicodeAttribute(default="")
