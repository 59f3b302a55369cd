"""One-time sign-in links from unicorn 2: keyed by the SHA-256 of the 256-bit token; single use, 60 seconds.

`expires_at` is checked on use (DynamoDB's TTL deletes expired items only eventually, often hours later).
"""

from pynamodb.attributes import TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class SsoToken(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("sso-tokens")

    token_hash = UnicodeAttribute(hash_key=True)
    customer_number = UnicodeAttribute()  # the licence's customer: the only account the link opens
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
