"""Further contact data (Weitere Kontaktdaten) and the claims that make a verified e-mail address unique.

`ContactEntry`: one item per further e-mail address or phone number of a customer, in a fixed slot
("email#0" … "email#9", "phone#0" … "phone#9"): a new entry takes a free slot with a conditional put, so
a customer can never hold more than ten of a kind, however many requests race. An unverified e-mail
address expires after 7 days (`expires_at`; its slot may then be taken again).

`EmailClaim`: one item per e-mail address that belongs to a customer — the login address or a verified
further address. Written with `attribute_not_exists` in the same TransactWrite as the change it
belongs to, so two customers can never hold the same address, also when they confirm at the same moment.

`ConfirmationToken`: mailed links (login address change, further address verification), keyed by the
SHA-256 of the 256-bit token; single use, TTL. A login address link carries the customer's credential
generation: a password reset or change voids it.
"""

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings

MAX_PER_KIND = 10


class ContactEntry(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("contacts")

    customer_number = UnicodeAttribute(hash_key=True)
    slot = UnicodeAttribute(range_key=True)  # "email#3", "phone#0"
    contact_id = UnicodeAttribute()  # random, shown to the customer; never reused
    kind = UnicodeAttribute()  # "email" | "phone"
    value = UnicodeAttribute()  # lower-case e-mail address or E.164 number
    purposes = UnicodeSetAttribute(null=True)  # "rechnungen", "support", "technik"
    verified = BooleanAttribute(default=False)
    created_at = UTCDateTimeAttribute()
    verified_at = UTCDateTimeAttribute(null=True)
    expires_at = UTCDateTimeAttribute(null=True)  # unverified e-mail addresses only


class EmailClaim(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("email-claims")

    email = UnicodeAttribute(hash_key=True)  # lower-case
    customer_number = UnicodeAttribute()
    kind = UnicodeAttribute()  # "login" | "contact"
    claimed_at = UTCDateTimeAttribute()


class ConfirmationToken(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("confirmations")

    token_hash = UnicodeAttribute(hash_key=True)
    customer_number = UnicodeAttribute()
    purpose = UnicodeAttribute()  # "login_email" | "contact_email"
    value = UnicodeAttribute()  # the address to confirm
    slot = UnicodeAttribute(null=True)  # the contact slot, for "contact_email"
    contact_id = UnicodeAttribute(null=True)
    credential_generation = NumberAttribute(null=True)  # "login_email": the customer's when it was sent
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
