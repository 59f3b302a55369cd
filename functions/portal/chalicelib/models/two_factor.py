"""Second sign-in steps: a challenge handed out after the right password of a customer with two-factor
sign-in, to be answered with a code. Keyed by the SHA-256 of the 256-bit challenge; 5 minutes, at most
5 wrong codes, void once the password changes (credential generation).
"""

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class TwoFactorChallenge(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("two-factor-challenges")

    challenge_hash = UnicodeAttribute(hash_key=True)
    customer_number = UnicodeAttribute()
    credential_generation = NumberAttribute(default=0)
    attempts = NumberAttribute(default=0)  # codes checked so far, counted before each check
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
    via = UnicodeAttribute(null=True)  # passed on to the session ("unicorn2": began with a one-time link)
