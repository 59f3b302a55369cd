"""`make ticket-report`: per category the confirmed tickets, median first response and resolution, open answers."""

from datetime import UTC, datetime, timedelta

import pytest

from tools import ticket_report

START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def ticket(aws):
    from chalicelib.models.ticket import Ticket

    counter = iter(range(1000))

    def ticket(
        category,
        *,
        response=None,
        resolution=None,
        status="offen",
        confirmed=True,
        queue="same",
        merged_into=None,
    ):
        number = next(counter)
        item = Ticket(
            ticket_id=f"T{number:07d}",
            customer_number="100001",
            email="kunde@example.com",
            subject=f"Ticket {number}",
            category=category,
            status=status,
            queue=status if queue == "same" else queue,
            channel="portal",
            confirmed=confirmed,
            created_at=START,
            updated_at=START,
            first_response_at=START + response if response is not None else None,
            resolved_at=START + resolution if resolution is not None else None,
            reply_secret="s" * 26,
            merged_into=merged_into,
        )
        item.save()
        return item

    return ticket


def rows(report):
    """The table rows of the report, keyed by their label: the other cells as one string each."""
    result = {}
    for line in report.splitlines():
        parts = [part for part in line.split("  ") if part.strip()]
        if len(parts) == 5 and parts[0].strip() in {*ticket_report.CATEGORY_LABELS.values(), "Alle"}:
            result[parts[0].strip()] = [part.strip() for part in parts[1:]]
    return result


def test_medians_per_category_and_for_all(ticket):
    minutes = lambda value: timedelta(minutes=value)  # noqa: E731
    # Rechnung: responses 30 min, 90 min, 3 h (median 90 min); solutions 2 h and 27 h 10 min (median 14 h 35 min).
    ticket("rechnung", response=minutes(30), resolution=minutes(120), status="geschlossen")
    ticket("rechnung", response=minutes(90), resolution=minutes(27 * 60 + 10), status="geschlossen")
    ticket("rechnung", response=minutes(180), status="wartet_auf_sie")
    # Technik: one answered after 45 min, one still without a first response.
    ticket("technik", response=minutes(45), status="in_bearbeitung")
    ticket("technik")
    # Not counted: an unconfirmed ticket from the public form and a ticket merged into another.
    ticket("technik", confirmed=False, queue=None)
    ticket(
        "rechnung", response=minutes(1), resolution=minutes(2), status="geschlossen", merged_into="T0000000"
    )

    report = ticket_report.build_report()

    table = rows(report)
    assert table["Rechnung"] == ["3", "1 Std. 30 Min.", "14 Std. 35 Min.", "0"]
    assert table["Technik"] == ["2", "0 Std. 45 Min.", "–", "1"]
    assert table["Vertrag"] == ["0", "–", "–", "0"]
    assert table["Statistik"] == ["0", "–", "–", "0"]
    assert table["Sonstiges"] == ["0", "–", "–", "0"]
    # Alle: responses 30, 45, 90, 180 min (median 67.5 min -> 1 Std. 08 Min.); solutions as Rechnung.
    assert table["Alle"] == ["5", "1 Std. 08 Min.", "14 Std. 35 Min.", "1"]
    assert "Nicht gezählt: 1 zusammengeführte Tickets" in report
    assert list(table) == ["Rechnung", "Vertrag", "Technik", "Statistik", "Sonstiges", "Alle"]


def test_long_durations_have_german_thousands_separators():
    assert ticket_report.duration(1250 * 3600 + 5 * 60) == "1.250 Std. 05 Min."
    assert ticket_report.duration(None) == "–"


def test_no_tickets_gives_an_empty_table(ticket, capsys):
    assert rows(ticket_report.build_report())["Alle"] == ["0", "–", "–", "0"]


def test_without_the_local_stack_the_report_says_how_to_start_it(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("KC_TABLE_PREFIX", raising=False)
    assert ticket_report.main(["--env-file", str(tmp_path / "stack.env")]) == 1
    error = capsys.readouterr().err
    assert "Der lokale Stack läuft nicht" in error
    assert "make ticket-report" in error
