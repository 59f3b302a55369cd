"""Known devices (OWASP "device cookies"): a browser that once signed in to an account successfully.

Keyed by the SHA-256 of the random cookie value. A known device is throttled on its own counter, so
strangers who exhaust an account's sign-in limit cannot lock its owner out. Customers and staff share
the table (`chalicelib.devices`): the owner is a Kundennummer (digits) or `staff:<e-mail>`, so a
device of one kind of account never counts for the other.
"""

from pynamodb.attributes import TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class KnownDevice(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("devices")

    device_hash = UnicodeAttribute(hash_key=True)
    # The owner: the Kundennummer of a customer's device, `staff:<e-mail>` of a staff account's device.
    customer_number = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
