"""TARGET2 business days: the next direct debit and the deadline for a change (fixed dates)."""

from datetime import UTC, date, datetime

import pytest

from chalicelib.customers import sepa


@pytest.mark.parametrize(
    ("today", "debit", "deadline"),
    [
        # New Year: 1 January 2027 (Friday) is no business day; the deadline falls before it.
        (date(2026, 12, 1), date(2027, 1, 6), date(2026, 12, 29)),
        (date(2026, 12, 31), date(2027, 1, 6), date(2026, 12, 29)),
        (date(2025, 12, 15), date(2026, 1, 6), date(2025, 12, 29)),
        # Easter 2026: Good Friday 3 April and Easter Monday 6 April are skipped both ways.
        (date(2026, 3, 15), date(2026, 4, 7), date(2026, 3, 27)),
        # 1 May 2026 (Friday).
        (date(2026, 4, 20), date(2026, 5, 6), date(2026, 4, 28)),
        # An ordinary month: weekends only.
        (date(2026, 9, 10), date(2026, 10, 5), date(2026, 9, 28)),
    ],
)
def test_next_debit_and_deadline(today, debit, deadline):
    assert sepa.next_debit_date(today) == debit
    assert sepa.change_deadline(debit) == deadline


def test_christmas_and_weekends_are_no_business_days():
    assert not sepa.is_target2_business_day(date(2026, 12, 25))
    assert not sepa.is_target2_business_day(date(2025, 12, 26))
    assert sepa.is_target2_business_day(date(2025, 12, 24))  # Christmas Eve settles
    assert sepa.is_target2_business_day(date(2025, 12, 31))
    assert not sepa.is_target2_business_day(date(2026, 12, 26))  # a Saturday anyway
    assert not sepa.is_target2_business_day(date(2026, 10, 3))  # German holiday, TARGET2 open, but Saturday
    assert sepa.is_target2_business_day(date(2025, 10, 3))  # Tag der Deutschen Einheit: TARGET2 settles


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (datetime(2026, 12, 31, 22, 59, tzinfo=UTC), date(2026, 12, 31)),
        (datetime(2026, 12, 31, 23, 0, tzinfo=UTC), date(2027, 1, 1)),  # CET: +1 h
        (datetime(2026, 7, 1, 21, 59, tzinfo=UTC), date(2026, 7, 1)),
        (datetime(2026, 7, 1, 22, 0, tzinfo=UTC), date(2026, 7, 2)),  # CEST: +2 h
        (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), date(2026, 3, 29)),  # before the switch (01:00 UTC)
        (
            datetime(2026, 10, 24, 22, 30, tzinfo=UTC),
            date(2026, 10, 25),
        ),  # summer time until 25 Oct 01:00 UTC
    ],
)
def test_berlin_date(moment, day):
    assert sepa.berlin_date(moment) == day


def test_berlin_offset_matches_the_time_zone_database():
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    while moment.year < 2028:
        assert sepa.berlin_offset(moment) == moment.astimezone(berlin).utcoffset(), moment
        moment += timedelta(minutes=30 * 61)
