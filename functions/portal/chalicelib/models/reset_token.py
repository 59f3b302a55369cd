"""Password reset tokens: keyed by the SHA-256 of the token; single use, 30 minutes."""

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class PasswordResetToken(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("reset-tokens")

    token_hash = UnicodeAttribute(hash_key=True)
    customer_number = UnicodeAttribute()
    credential_generation = NumberAttribute(default=0)  # void once the password changed after it was sent
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
