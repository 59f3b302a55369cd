"""Customers: one item per customer, keyed by Kundennummer; found by e-mail through a GSI."""

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute, VersionAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class CustomerEmailIndex(GlobalSecondaryIndex["Customer"]):
    class Meta:
        index_name = "email-index"
        projection = AllProjection()

    email = UnicodeAttribute(hash_key=True)


class Customer(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("customers")

    customer_number = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()  # stored lower-case
    email_index = CustomerEmailIndex()
    password_hash = UnicodeAttribute()
    salutation = UnicodeAttribute(default="")
    first_name = UnicodeAttribute()
    last_name = UnicodeAttribute()
    company = UnicodeAttribute(default="")
    street = UnicodeAttribute(default="")
    postal_code = UnicodeAttribute(default="")
    city = UnicodeAttribute(default="")
    country = UnicodeAttribute(default="DE")
    created_at = UTCDateTimeAttribute()
    password_changed_at = UTCDateTimeAttribute()
    version = VersionAttribute()

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
