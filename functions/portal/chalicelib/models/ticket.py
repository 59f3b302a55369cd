"""Support tickets: the ticket, its messages, its attachments and the links mailed about it.

`Ticket`: one item per ticket (`ticket_id`, 8 characters of Crockford base32). A customer's tickets are
listed newest first through `by-customer` (`customer_number` + `updated_at`); the team's queue through
`by-queue` (`queue` = the status of a confirmed ticket; absent while a ticket from the public form waits
for its confirmation, so such a ticket is in neither index and reaches nobody). `search_text` holds the
folded words of subject and every message the customer can see (`tickets/search.py`).

`TicketMessage`: one item per message, `message_key` = "<created_at ISO>#<message_id>" (oldest first).
`TicketAttachment`: an upload to S3 (`attachments/<attachment_id>`), `pending` until a ticket refers to it.
`TicketLink`: mailed tokens (`confirm`: the public form's confirmation; `view`: the private link to follow
a ticket without an account), keyed by the token's SHA-256.
"""

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class TicketsByCustomer(GlobalSecondaryIndex["Ticket"]):
    class Meta:
        index_name = "by-customer"
        projection = AllProjection()

    customer_number = UnicodeAttribute(hash_key=True)
    updated_at = UTCDateTimeAttribute(range_key=True)


class TicketsByQueue(GlobalSecondaryIndex["Ticket"]):
    class Meta:
        index_name = "by-queue"
        projection = AllProjection()

    queue = UnicodeAttribute(hash_key=True)
    updated_at = UTCDateTimeAttribute(range_key=True)


class Ticket(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("tickets")

    ticket_id = UnicodeAttribute(hash_key=True)
    customer_number = UnicodeAttribute(null=True)  # None: a guest ticket
    email = UnicodeAttribute()  # the sender's address, lower-case
    name = UnicodeAttribute(null=True)  # the sender's name (public form, mail)
    given_customer_number = UnicodeAttribute(null=True)  # typed into the public form; not trusted
    subject = UnicodeAttribute()
    category = UnicodeAttribute()
    status = UnicodeAttribute()  # "offen" | "in_bearbeitung" | "wartet_auf_sie" | "geschlossen"
    queue = UnicodeAttribute(null=True)  # = status once confirmed; None while unconfirmed
    channel = UnicodeAttribute()  # "portal" | "public" | "email"
    confirmed = BooleanAttribute(default=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    closed_at = UTCDateTimeAttribute(null=True)
    first_response_at = UTCDateTimeAttribute(null=True)  # the team's first reply to the customer
    resolved_at = UTCDateTimeAttribute(null=True)  # the first close
    assignee = UnicodeAttribute(null=True)  # staff e-mail
    message_count = NumberAttribute(default=0)  # messages the customer sees
    last_author = UnicodeAttribute(default="customer")  # "customer" | "team"
    reply_secret = UnicodeAttribute()  # the plus part of the Reply-To address (128 bits)
    search_text = UnicodeAttribute(default="")
    rating_stars = NumberAttribute(null=True)
    rating_comment = UnicodeAttribute(null=True)
    merged_into = UnicodeAttribute(null=True)
    merged_from = UnicodeSetAttribute(null=True)
    expires_at = TTLAttribute(null=True)  # unconfirmed public tickets only
    version = VersionAttribute()
    by_customer = TicketsByCustomer()
    by_queue = TicketsByQueue()


class TicketMessage(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("ticket-messages")

    ticket_id = UnicodeAttribute(hash_key=True)
    message_key = UnicodeAttribute(range_key=True)  # "<created_at ISO>#<message_id>"
    message_id = UnicodeAttribute()
    author = UnicodeAttribute()  # "customer" | "team" | "system"
    author_name = UnicodeAttribute()
    staff_email = UnicodeAttribute(null=True)
    text = UnicodeAttribute()
    internal = BooleanAttribute(default=False)  # a team note: never shown to the customer
    channel = UnicodeAttribute()  # "portal" | "public" | "email" | "team"
    attachments = ListAttribute[str](null=True)  # attachment ids
    created_at = UTCDateTimeAttribute()


class TicketAttachment(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("ticket-attachments")

    attachment_id = UnicodeAttribute(hash_key=True)
    customer_number = UnicodeAttribute()  # who uploaded it
    filename = UnicodeAttribute()
    declared_size = NumberAttribute()
    size = NumberAttribute(null=True)  # measured after the upload
    content_type = UnicodeAttribute(null=True)  # from the first bytes, after the upload
    state = UnicodeAttribute()  # "pending" | "attached"
    ticket_id = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute(null=True)  # pending uploads only


class TicketLink(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("ticket-links")

    token_hash = UnicodeAttribute(hash_key=True)
    purpose = UnicodeAttribute()  # "confirm" | "view"
    ticket_id = UnicodeAttribute()
    email = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
