"""Request and response models of the statistics routes (pydantic; imported by the views that need them)."""

import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from chalicelib import errors
from chalicelib.schemas import QueryModel, RequestModel, ResponseModel

MAX_ORDERS = 500
MAX_DAYS = {"day": 3 * 366, "week": 5 * 366, "month": 5 * 366}
MAX_EXPORT_DAYS = 366

_ORDER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}")
# Letters (umlauts too), digits, space and . & ' + _ -; never "#" (key separator) or "*" (all channels).
_CHANNEL = re.compile(r"[0-9A-Za-zÄÖÜäöüß][0-9A-Za-zÄÖÜäöüß .&'+_-]{0,39}")
_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


def _order_id(value: str) -> str:
    if not _ORDER_ID.fullmatch(value):
        raise ValueError(
            "Bitte geben Sie eine Bestellnummer aus Buchstaben, Ziffern und . _ - : / an "
            "(höchstens 64 Zeichen, beginnend mit einem Buchstaben oder einer Ziffer)."
        )
    return value


def _placed_at(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            "Bitte geben Sie Datum und Uhrzeit der Bestellung nach ISO 8601 mit Zeitzone an, "
            "z. B. 2026-11-30T14:05:00+01:00."
        ) from None
    if moment.tzinfo is None:
        raise ValueError(
            "Bitte geben Sie die Zeitzone mit an, z. B. 2026-11-30T14:05:00+01:00 oder 2026-11-30T13:05:00Z."
        )
    if moment < _EARLIEST:
        raise ValueError("Das Bestelldatum liegt vor dem Jahr 2000.")
    if moment > datetime.now(UTC) + timedelta(days=1):
        raise ValueError("Das Bestelldatum liegt in der Zukunft.")
    return value


def _channel(value: str) -> str:
    if not _CHANNEL.fullmatch(value):
        raise ValueError(
            "Bitte geben Sie den Verkaufskanal an, z. B. eBay, Amazon oder Shop (höchstens 40 Zeichen: "
            "Buchstaben, Ziffern, Leerzeichen und . & ' + _ -)."
        )
    return value


def _status(value: str) -> str:
    if value not in ("neu", "bezahlt", "versendet", "storniert"):
        raise ValueError("Der Status muss neu, bezahlt, versendet oder storniert sein.")
    return value


def _currency(value: str) -> str:
    if value != "EUR":
        raise ValueError("Derzeit werden nur Bestellungen in Euro angenommen (Währung EUR).")
    return value


class IngestOrder(RequestModel):
    order_id: Annotated[str, AfterValidator(_order_id)]
    placed_at: Annotated[str, AfterValidator(_placed_at)]
    channel: Annotated[str, AfterValidator(_channel)]
    status: Annotated[str, AfterValidator(_status)]
    gross_cents: Annotated[int, Field(ge=0, le=10_000_000_000)]
    currency: Annotated[str, AfterValidator(_currency)]
    items: Annotated[int, Field(ge=0, le=100_000)]


class IngestBody(RequestModel):
    """A batch of up to 500 orders; one invalid order refuses the whole batch."""

    orders: Annotated[list[IngestOrder], Field(min_length=1)]

    @field_validator("orders", mode="before")
    @classmethod
    def _at_most_500(cls, value: Any) -> Any:
        # Not a ValueError: pydantic lets other exceptions through, so this is the 413 it should be.
        if isinstance(value, list) and len(value) > MAX_ORDERS:
            raise errors.TooManyOrders()
        return value


class IngestOut(ResponseModel):
    """What the batch did: orders received, new, changed and re-sent unchanged."""

    received: int
    created: int
    updated: int
    unchanged: int


Granularity = Literal["day", "week", "month"]


def _iso_date(value: str) -> str:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError("Bitte geben Sie ein Datum im Format JJJJ-MM-TT an.") from None
    if len(value) != 10:
        raise ValueError("Bitte geben Sie ein Datum im Format JJJJ-MM-TT an.")
    if not 2000 <= day.year <= 2100:
        raise ValueError("Bitte geben Sie ein Datum zwischen den Jahren 2000 und 2100 an.")
    return value


def _query_channel(value: str) -> str:
    if not _CHANNEL.fullmatch(value):
        raise ValueError("Diesen Verkaufskanal gibt es nicht.")
    return value


IsoDate = Annotated[str, AfterValidator(_iso_date)]
Channel = Annotated[str, AfterValidator(_query_channel)]


class StatisticsQuery(QueryModel):
    """`from`/`to` (ISO dates, Europe/Berlin; default: the last 30 days), granularity, channel."""

    from_: IsoDate | None = Field(default=None, alias="from")
    to: IsoDate | None = None
    granularity: Granularity = "day"
    channel: Channel | None = None

    @model_validator(mode="after")
    def _range(self) -> "StatisticsQuery":
        if self.from_ and self.to:
            start, end = date.fromisoformat(self.from_), date.fromisoformat(self.to)
            if start > end:
                raise errors.ValidationError({"from": "Der Beginn liegt nach dem Ende des Zeitraums."})
            limit = MAX_DAYS[self.granularity]
            if (end - start).days + 1 > limit:
                years = limit // 366
                unit = {"day": "Tagen", "week": "Wochen", "month": "Monaten"}[self.granularity]
                raise errors.ValidationError(
                    {"to": f"Der Zeitraum darf in {unit} höchstens {years} Jahre umfassen."}
                )
        return self


class Figures(ResponseModel):
    orders: int
    revenue_cents: int
    items: int


class SeriesPoint(ResponseModel):
    """One bar of the chart: the day, the Monday of the week or the first of the month."""

    start: str
    orders: int
    revenue_cents: int
    items: int


class StatisticsOut(ResponseModel):
    """Orders, revenue and items (cancelled orders not counted) per day, week or month of the range."""

    start: str  # the range actually shown (`from`, `to`)
    end: str
    granularity: Granularity
    channel: str | None
    channels: list[str]
    series: list[SeriesPoint]
    totals: Figures
    all_time: Figures


class OrdersQuery(QueryModel):
    cursor: Annotated[str, Field(max_length=512)] | None = None
    channel: Channel | None = None
    status: Literal["neu", "bezahlt", "versendet", "storniert"] | None = None
    q: Annotated[str, Field(max_length=64)] | None = None


class OrderOut(ResponseModel):
    order_id: str
    placed_at: str
    channel: str
    status: str
    gross_cents: int
    currency: str
    items: int


class OrderPage(ResponseModel):
    """Newest first; `listed`: how many orders the list covers (the last 19,000 at most)."""

    items: list[OrderOut]
    next_cursor: str | None
    listed: int


class ExportQuery(QueryModel):
    from_: IsoDate | None = Field(default=None, alias="from")
    to: IsoDate | None = None

    @model_validator(mode="after")
    def _range(self) -> "ExportQuery":
        if self.from_ and self.to:
            start, end = date.fromisoformat(self.from_), date.fromisoformat(self.to)
            if start > end:
                raise errors.ValidationError({"from": "Der Beginn liegt nach dem Ende des Zeitraums."})
            if (end - start).days + 1 > MAX_EXPORT_DAYS:
                raise errors.ValidationError({"to": "Bitte exportieren Sie höchstens ein Jahr auf einmal."})
        return self
