"""Sign-in sessions: keyed by the SHA-256 of the secret id; listed per customer through a GSI."""

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class SessionCustomerIndex(GlobalSecondaryIndex["Session"]):
    class Meta:
        index_name = "customer-index"
        projection = AllProjection()

    customer_number = UnicodeAttribute(hash_key=True)


class Session(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("sessions")

    session_hash = UnicodeAttribute(hash_key=True)
    public_id = UnicodeAttribute()  # shown to the customer; never the secret
    customer_number = UnicodeAttribute()
    credential_generation = NumberAttribute(default=0)  # the customer's at sign-in; older ones are void
    customer_index = SessionCustomerIndex()
    created_at = UTCDateTimeAttribute()
    last_seen_at = UTCDateTimeAttribute()
    ip_address = UnicodeAttribute()
    user_agent = UnicodeAttribute()
    expires_at = TTLAttribute()  # absolute end; DynamoDB removes the item afterwards
    via = UnicodeAttribute(null=True)  # how it began when not by password: "unicorn2" (a one-time link)
