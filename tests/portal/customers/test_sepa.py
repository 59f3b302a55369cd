"""TARGET2 business days: the next direct debit and the deadline for a change (fixed dates)."""

from datetime import UTC, date, datetime

import pytest

from chalicelib.customers import sepa


@pytest.mark.parametrize(
    ("today", "debit", "deadline"),
    [
        # This month's invoice (issued on the 1st) is debited on the 15th or the next business day.
        (date(2026, 12, 1), date(2026, 12, 15), date(2026, 12, 8)),
        (date(2026, 12, 15), date(2026, 12, 15), date(2026, 12, 8)),
        # Once it has passed, next month's: 15 January 2027 is a Friday.
        (date(2026, 12, 16), date(2027, 1, 15), date(2027, 1, 8)),
        (date(2026, 12, 31), date(2027, 1, 15), date(2027, 1, 8)),
        # 15 August 2026 is a Saturday: Monday the 17th.
        (date(2026, 8, 3), date(2026, 8, 17), date(2026, 8, 10)),
        # An ordinary month.
        (date(2026, 9, 10), date(2026, 9, 15), date(2026, 9, 8)),
    ],
)
def test_next_debit_and_deadline(today, debit, deadline):
    assert sepa.next_debit_date(today) == debit
    assert sepa.change_deadline(debit) == deadline


@pytest.mark.parametrize(
    ("issued", "debit"),
    [
        (date(2026, 12, 1), date(2026, 12, 15)),
        # 25 and 26 December are TARGET2 holidays, then the weekend.
        (date(2026, 12, 11), date(2026, 12, 28)),
        # Good Friday 3 April and Easter Monday 6 April 2026.
        (date(2026, 3, 20), date(2026, 4, 7)),
    ],
)
def test_an_invoice_is_debited_on_the_first_business_day_14_days_after_it_was_issued(issued, debit):
    assert sepa.debit_date(issued) == debit


def test_a_change_deadline_skips_holidays():
    # Five business days before Tuesday 7 April 2026: Easter Monday and Good Friday do not count.
    assert sepa.change_deadline(date(2026, 4, 7)) == date(2026, 3, 27)


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
