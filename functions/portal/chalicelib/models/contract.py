"""Contracts (Vertragsdaten): one item per customer, keyed by Kundennummer.

The contract remembers the prices it was sold at (`licence_net_cents`, `options`: option id → monthly net
cents), so a catalogue price change reaches future bookings only. Periods are calendar months
(Europe/Berlin); `period_start` is the first day of the current one.

Changes that cost more take effect at once and leave a prorated `PendingCharge` on the contract for
the next invoice (the invoices domain reads them through `contracts.service.pending_charges`); changes
that cost less are `ScheduledChange`s for the first day of the next period. Every change is one write of
this item, conditional on `version`, so two racing changes can never both be stored (one gets a 409).
"""

from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class ScheduledChange(MapAttribute[str, object]):
    """A change for the start of a later period: a downgrade or an option's cancellation."""

    change_id = UnicodeAttribute()  # random, shown to the customer (DELETE /api/contract/changes/{id})
    kind = UnicodeAttribute()  # "downgrade" | "cancel_option"
    product = UnicodeAttribute()  # the licence switched to, or the option cancelled (catalogue id)
    effective_date = UnicodeAttribute()  # ISO date, the first day of a period
    monthly_net_cents = NumberAttribute(default=0)  # "downgrade": the licence's price, fixed when scheduled
    created_at = UTCDateTimeAttribute()


class PendingCharge(MapAttribute[str, object]):
    """A prorated amount for the next invoice (an upgrade or an option booked during a period)."""

    charge_id = UnicodeAttribute()
    description = UnicodeAttribute()  # German, as the invoice line shows it
    period_start = UnicodeAttribute()  # ISO dates, both inclusive
    period_end = UnicodeAttribute()
    net_cents = NumberAttribute()
    created_at = UTCDateTimeAttribute()


class Contract(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("contracts")

    customer_number = UnicodeAttribute(hash_key=True)
    licence = UnicodeAttribute()  # "single" | "multi"
    licence_net_cents = NumberAttribute()  # monthly, as sold
    # Option id → monthly net cents, as sold.
    options: MapAttribute[str, int] = MapAttribute(default=dict)  # type: ignore[no-untyped-call]
    start_date = UnicodeAttribute()  # ISO date
    period_start = UnicodeAttribute()  # ISO date: first day of the current calendar month
    scheduled_changes = ListAttribute(of=ScheduledChange, default=list)
    pending_charges = ListAttribute(of=PendingCharge, default=list)
    licence_key_hash = UnicodeAttribute(null=True)  # reserved for the statistics ingest (licence keys)
    created_at = UTCDateTimeAttribute()
    version = VersionAttribute()
