"""Support staff: their own accounts (password + TOTP) and their own sessions, apart from customers."""

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class Staff(Model):
    """One staff account, keyed by its lower-case e-mail address."""

    class Meta(TableMeta):
        table_name = settings.table_name("staff")

    email = UnicodeAttribute(hash_key=True)  # stored lower-case
    name = UnicodeAttribute()
    password_hash = UnicodeAttribute()  # argon2id (chalicelib.auth.passwords)
    totp_secret = UnicodeAttribute()  # base32
    # The last time step a code was accepted for: raised with a conditional update, so a code counts once.
    totp_last_step = NumberAttribute(default=0)
    active = BooleanAttribute(default=True)
    created_at = UTCDateTimeAttribute()


class StaffSession(Model):
    """A staff sign-in: keyed by the SHA-256 of the cookie's 256-bit secret, never the secret itself."""

    class Meta(TableMeta):
        table_name = settings.table_name("staff-sessions")

    session_hash = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()  # the staff account's
    created_at = UTCDateTimeAttribute()
    last_seen_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()  # absolute end; DynamoDB removes the item afterwards
