"""Customers: one item per customer, keyed by Kundennummer; found by e-mail through a GSI."""

from pynamodb.attributes import (
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
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
    # Raised by every password reset or change: sessions and reset links of an older generation are void.
    credential_generation = NumberAttribute(default=0)
    # Two-factor sign-in (TOTP): the base32 secret while switched on, hashes of the unused recovery codes,
    # and the last time step a code was accepted for (a code is never accepted twice).
    totp_secret = UnicodeAttribute(null=True)
    totp_last_step = NumberAttribute(default=0)
    recovery_code_hashes = UnicodeSetAttribute(null=True)
    version = VersionAttribute()

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
