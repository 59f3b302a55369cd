"""Audit log: per customer, newest first by a time-ordered range key.

Every entry expires 13 months after it was written (`expires_at`, the table's TTL attribute: DynamoDB
deletes it, usually within a few days after): the sign-in data (address, browser) is kept no longer, as
the Sicherheit article says.
"""

from pynamodb.attributes import TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
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
    expires_at = TTLAttribute()  # created_at + RETENTION_MONTHS (audit.service.entry)
