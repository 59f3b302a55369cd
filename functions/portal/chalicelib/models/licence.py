"""Licence keys: the lookup from a key's hash to its customer (one GetItem per ingest request).

The key itself is shown once and never stored; `key_hash` is its SHA-256 (hex). The contract names the
customer's current key hash (`Contract.licence_key_hash`); a new key replaces both in one TransactWrite,
so the old key stops working at once.
"""

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class LicenceKey(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("licence-keys")

    key_hash = UnicodeAttribute(hash_key=True)  # SHA-256 of the key, hex
    customer_number = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
