"""Feedback service: counting on write, all-or-nothing writes, report data, per-address throttling."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from pynamodb.exceptions import TransactWriteError

START = datetime(2026, 11, 27, 9, 0, 30, tzinfo=UTC)


@pytest.fixture
def service(aws):
    from chalicelib.feedback import service

    return service


def vote(
    service, page="rechnungen/e-rechnung/", helpful=False, reason="sonstiges", comment="", address="192.0.2.1"
):
    return service.record_feedback(
        page=page,
        helpful=helpful,
        reason=reason if not helpful else None,
        comment=comment,
        client_address=address,
    )


def test_counts_are_kept_on_write(service):
    vote(service, helpful=True)
    vote(service, reason="veraltet")
    vote(service, reason="veraltet")

    counter = service.get_counter(page="rechnungen/e-rechnung/")
    assert (counter.yes, counter.no) == (1, 2)
    assert counter.reason_counts()["veraltet"] == 2
    assert service.get_counter(page="zugang/anmelden/") is None


def test_vote_and_counter_are_written_together_or_not_at_all(service, monkeypatch):
    with time_machine.travel(START, tick=False):
        monkeypatch.setattr(service.secrets, "token_hex", lambda _n: "00000000")
        vote(service, reason="veraltet")
        with pytest.raises(TransactWriteError):  # same time and random part: the vote's key exists
            vote(service, reason="veraltet")

    counter = service.get_counter(page="rechnungen/e-rechnung/")
    assert counter.no == 1
    assert counter.reason_counts()["veraltet"] == 1


def test_the_service_refuses_portal_pages_itself(service):
    from chalicelib import errors

    with pytest.raises(errors.ValidationError) as raised:
        vote(service, page="kundencenter/rechnungen/")

    assert "nicht zu Seiten des Kundencenters" in raised.value.fields["page"]
    assert service.get_counter(page="kundencenter/rechnungen/") is None


def test_the_service_refuses_a_no_without_reason_and_an_overlong_comment(service):
    from chalicelib import errors

    with pytest.raises(errors.ValidationError) as raised:
        service.record_feedback(
            page="zugang/anmelden/", helpful=False, reason=None, comment="x" * 501, client_address="192.0.2.1"
        )

    assert set(raised.value.fields) == {"reason", "comment"}
    assert service.get_counter(page="zugang/anmelden/") is None


def test_recent_comments_are_the_five_newest_with_text(service):
    for minute in range(8):
        with time_machine.travel(START + timedelta(minutes=minute), tick=False):
            vote(service, comment=f"Kommentar {minute}" if minute != 7 else "")

    comments = service.list_recent_comments(page="rechnungen/e-rechnung/")

    assert [item.comment for item in comments] == [f"Kommentar {minute}" for minute in (6, 5, 4, 3, 2)]


def test_the_summary_lists_articles_with_most_no_votes_first(service):
    for _ in range(3):
        vote(service, page="zugang/anmelden/", helpful=True)
    vote(service, page="zugang/anmelden/", reason="unverstaendlich")
    for reason in ("veraltet", "veraltet", "unvollstaendig"):
        vote(service, page="rechnungen/e-rechnung/", reason=reason, comment="Fehlt: XRechnung")
    vote(service, page="statistik/auftragsstatistik/", helpful=True)

    summary = service.summarize_feedback()

    assert [item.page for item in summary] == [
        "rechnungen/e-rechnung/",
        "zugang/anmelden/",
        "statistik/auftragsstatistik/",
    ]
    invoices, login, statistics = summary
    assert (invoices.yes, invoices.no, invoices.helpful_share) == (0, 3, 0)
    assert invoices.reasons["veraltet"] == 2
    assert len(invoices.comments) == 3
    assert login.helpful_share == 75
    assert statistics.helpful_share == 100
    assert login.comments == []


def test_throttling_counts_per_client_address(service):
    from chalicelib import errors

    with time_machine.travel(START, tick=False):
        for _ in range(20):
            vote(service, address="192.0.2.1")
        with pytest.raises(errors.TooManyAttempts):
            vote(service, address="192.0.2.1")
        vote(service, address="198.51.100.7")  # another reader is not affected

    assert service.get_counter(page="rechnungen/e-rechnung/").no == 21


def test_reason_labels_cover_every_reason_code(service):
    from chalicelib.models.feedback import FEEDBACK_REASONS

    assert tuple(service.REASON_LABELS) == FEEDBACK_REASONS
