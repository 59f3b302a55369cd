"""SEPA direct debit dates: an invoice's debit, the next debit and the last day a change of bank data
still reaches it (one rule for the Rechnungen and the Persönliche Daten).

Both count TARGET2 business days (Monday to Friday except the ECB's TARGET2 holidays: New Year, Good
Friday, Easter Monday, 1 May, 25 and 26 December), from the `holidays` package's ECB calendar, which
is imported on the first call only (tests/portal/test_cold_start.py).

Also the calendar day in Europe/Berlin, by the EU's daylight saving rule, so no time zone database
is needed on Lambda.
"""

from datetime import UTC, date, datetime, timedelta
from functools import cache

PRE_NOTIFICATION_DAYS = 14  # SEPA's default: the invoice announces the debit 14 days ahead
CHANGE_LEAD_BUSINESS_DAYS = 5  # a change reaches a debit up to 5 TARGET2 business days before it


@cache
def _target2_holidays(year: int) -> frozenset[date]:
    import holidays  # lazy: the package's calendars cost a cold start

    return frozenset(holidays.financial_holidays("ECB", years=year))


def is_target2_business_day(day: date) -> bool:
    """Whether TARGET2 settles on `day` (a weekday that is no TARGET2 holiday)."""
    return day.weekday() < 5 and day not in _target2_holidays(day.year)


def debit_date(issue_date: date) -> date:
    """The debit (and due) date of an invoice: the first TARGET2 business day 14 days or more after it
    was issued (invoices are issued on the 1st, so the 15th or the next business day)."""
    day = issue_date + timedelta(days=PRE_NOTIFICATION_DAYS)
    while not is_target2_business_day(day):
        day += timedelta(days=1)
    return day


def next_debit_date(today: date) -> date:
    """The next direct debit on or after `today`: that of this month's invoice (issued on the 1st by the
    billing run), or, once that has passed, that of next month's."""
    this_month = debit_date(today.replace(day=1))
    if today <= this_month:
        return this_month
    return debit_date(date(today.year + today.month // 12, today.month % 12 + 1, 1))


def change_deadline(debit: date) -> date:
    """The last day on which a change of bank data still reaches the debit on `debit`."""
    day, counted = debit, 0
    while counted < CHANGE_LEAD_BUSINESS_DAYS:
        day -= timedelta(days=1)
        if is_target2_business_day(day):
            counted += 1
    return day


def _last_sunday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() + 1) % 7)


def berlin_offset(moment: datetime) -> timedelta:
    """UTC offset of Europe/Berlin at `moment`: +2 h from the last Sunday of March to the last of
    October (01:00 UTC each), +1 h otherwise (EU directive 2000/84/EC)."""
    utc = moment.astimezone(UTC)
    start = datetime.combine(_last_sunday(utc.year, 3), datetime.min.time(), UTC) + timedelta(hours=1)
    end = datetime.combine(_last_sunday(utc.year, 10), datetime.min.time(), UTC) + timedelta(hours=1)
    return timedelta(hours=2 if start <= utc < end else 1)


def berlin_date(moment: datetime) -> date:
    """The calendar day in Europe/Berlin at `moment` (an aware datetime)."""
    return (moment.astimezone(UTC) + berlin_offset(moment)).date()


def berlin_today() -> date:
    """Today in Europe/Berlin."""
    return berlin_date(datetime.now(UTC))
