"""POST /api/feedback: anonymous votes under help articles, validated, counted, throttled."""

from datetime import UTC, datetime, timedelta

import boto3
import pytest
import time_machine

from tests.factories import make_customer

START = datetime(2026, 11, 27, 9, 0, 30, tzinfo=UTC)
VOTE_FIELDS = {"page", "vote_id", "created_at", "helpful", "reason", "comment", "expires_at"}


def stored_votes():
    from chalicelib.models import FeedbackVote

    return list(FeedbackVote.scan())


def stored_counters():
    from chalicelib.models import FeedbackCounter

    return {counter.page: counter for counter in FeedbackCounter.scan()}


def raw_vote_items():
    from chalicelib.models import FeedbackVote

    table = FeedbackVote.Meta.table_name
    return boto3.client("dynamodb").scan(TableName=table)["Items"]


def test_a_helpful_vote_is_thanked_and_counted(client):
    response = client.post("/api/feedback", {"page": "rechnungen/e-rechnung/", "helpful": True})

    assert response.status_code == 201
    assert response.json_body == {"Message": "Vielen Dank für Ihre Rückmeldung!"}
    counter = stored_counters()["rechnungen/e-rechnung/"]
    assert (counter.yes, counter.no) == (1, 0)
    assert counter.reason_counts() == dict.fromkeys(counter.reason_counts(), 0)


def test_a_no_vote_keeps_reason_and_comment_for_a_year(client):
    with time_machine.travel(START, tick=False):
        response = client.post(
            "/api/feedback",
            {
                "page": "zugang/anmelden/",
                "helpful": False,
                "reason": "unvollstaendig",
                "comment": "  Was tue ich, wenn ich keine E-Mail bekomme?  ",
            },
        )

    assert response.status_code == 201
    (vote,) = stored_votes()
    assert vote.page == "zugang/anmelden/"
    assert vote.helpful is False
    assert vote.reason == "unvollstaendig"
    assert vote.comment == "Was tue ich, wenn ich keine E-Mail bekomme?"
    assert vote.created_at == START
    assert vote.expires_at == START + timedelta(days=365)
    counter = stored_counters()["zugang/anmelden/"]
    assert (counter.yes, counter.no) == (0, 1)
    assert counter.reason_counts()["unvollstaendig"] == 1
    assert sum(counter.reason_counts().values()) == 1


def test_votes_add_up_per_article_and_reason(client):
    votes = [
        ("rechnungen/e-rechnung/", True, None),
        ("rechnungen/e-rechnung/", True, None),
        ("rechnungen/e-rechnung/", False, "veraltet"),
        ("rechnungen/e-rechnung/", False, "veraltet"),
        ("rechnungen/e-rechnung/", False, "nicht-gefunden"),
        ("statistik/auftragsstatistik/", False, "unverstaendlich"),
    ]
    for page, helpful, reason in votes:
        body = {"page": page, "helpful": helpful} | ({"reason": reason} if reason else {})
        assert client.post("/api/feedback", body).status_code == 201

    counters = stored_counters()
    invoice = counters["rechnungen/e-rechnung/"]
    assert (invoice.yes, invoice.no) == (2, 3)
    assert invoice.reason_counts() == {
        "unverstaendlich": 0,
        "unvollstaendig": 0,
        "veraltet": 2,
        "nicht-gefunden": 1,
        "sonstiges": 0,
    }
    statistics = counters["statistik/auftragsstatistik/"]
    assert (statistics.yes, statistics.no) == (0, 1)
    assert statistics.reason_counts()["unverstaendlich"] == 1
    assert len(stored_votes()) == 6


def test_votes_are_anonymous_even_when_signed_in(client):
    make_customer()
    client.login()
    response = client.post(
        "/api/feedback", {"page": "zugang/sicherheit/", "helpful": False, "reason": "sonstiges"}
    )

    assert response.status_code == 201
    assert "Set-Cookie" not in response.headers
    (item,) = raw_vote_items()
    assert set(item) <= VOTE_FIELDS
    stored = repr(item)
    assert "100001" not in stored
    assert "127.0.0.1" not in stored
    assert "Firefox" not in stored


def test_anonymous_readers_need_no_session_and_get_no_cookie(client):
    response = client.post("/api/feedback", {"page": "support/ticket-erstellen/", "helpful": True})

    assert response.status_code == 201
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_a_comment_of_exactly_500_characters_is_accepted(client):
    comment = "ä" * 500
    response = client.post(
        "/api/feedback",
        {
            "page": "rechnungen/rechnungen-als-zip/",
            "helpful": False,
            "reason": "sonstiges",
            "comment": comment,
        },
    )

    assert response.status_code == 201
    assert stored_votes()[0].comment == comment


def test_a_helpful_vote_may_carry_a_comment(client):
    response = client.post(
        "/api/feedback", {"page": "rechnungen/e-rechnung/", "helpful": True, "comment": "Sehr klar, danke."}
    )

    assert response.status_code == 201
    assert stored_votes()[0].comment == "Sehr klar, danke."
    assert stored_votes()[0].reason is None


ARTICLE = "rechnungen/e-rechnung/"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        pytest.param(
            {"page": ARTICLE, "helpful": True, "rating": 5},
            "rating",
            "Dieses Feld ist unbekannt.",
            id="unknown",
        ),
        pytest.param({"page": ARTICLE}, "helpful", "Bitte füllen Sie dieses Feld aus.", id="helpful-missing"),
        pytest.param(
            {"page": ARTICLE, "helpful": "ja"},
            "helpful",
            "Bitte geben Sie ja oder nein an.",
            id="helpful-text",
        ),
        pytest.param(
            {"page": ARTICLE, "helpful": 1},
            "helpful",
            "Bitte geben Sie ja oder nein an.",
            id="helpful-number",
        ),
        pytest.param({"helpful": True}, "page", "Bitte füllen Sie dieses Feld aus.", id="page-missing"),
        pytest.param(
            {"page": 7, "helpful": True}, "page", "Bitte geben Sie einen Text ein.", id="page-number"
        ),
        pytest.param(
            {"page": "a/" * 101, "helpful": True},
            "page",
            "Bitte geben Sie höchstens 200 Zeichen ein.",
            id="page-too-long",
        ),
        pytest.param(
            {"page": ARTICLE, "helpful": False, "reason": "sonstiges", "comment": "x" * 501},
            "comment",
            "Bitte geben Sie höchstens 500 Zeichen ein.",
            id="comment-too-long",
        ),
        pytest.param(
            {"page": ARTICLE, "helpful": False, "reason": "sonstiges", "comment": ["x"]},
            "comment",
            "Bitte geben Sie einen Text ein.",
            id="comment-list",
        ),
        pytest.param(
            {"page": ARTICLE, "helpful": False},
            "reason",
            "Bitte wählen Sie einen Grund aus.",
            id="reason-missing-for-no",
        ),
        pytest.param(
            {"page": ARTICLE, "helpful": False, "reason": "langweilig"},
            "reason",
            "Bitte wählen Sie einen der angebotenen Gründe aus.",
            id="reason-unknown",
        ),
        pytest.param(
            {"page": ARTICLE, "helpful": True, "reason": "veraltet"},
            "reason",
            "Einen Grund geben Sie nur an, wenn der Artikel nicht geholfen hat.",
            id="reason-for-yes",
        ),
    ],
)
def test_bad_input_is_a_400_with_a_german_field_message_and_nothing_is_stored(client, body, field, message):
    response = client.post("/api/feedback", body)

    assert response.status_code == 400, response.json_body
    assert response.json_body["Code"] == "ValidationError"
    assert response.json_body["Fields"][field] == message
    assert stored_votes() == []
    assert stored_counters() == {}


@pytest.mark.parametrize(
    "page",
    [
        "Rechnungen/E-Rechnung/",
        "rechnungen/e-rechnung",
        "/rechnungen/e-rechnung/",
        "rechnungen/e-rechnung/index.html",
        "rechnungen/../kundencenter/",
        "rechnungen//",
        "rechnungen/e--rechnung/",
        "persönliche-daten/bankverbindung/",
        "https://example.com/",
        "rechnungen/e rechnung/",
    ],
)
def test_only_article_paths_are_accepted(client, page):
    response = client.post("/api/feedback", {"page": page, "helpful": True})

    assert response.status_code == 400
    assert response.json_body["Fields"]["page"] == (
        "Bitte geben Sie den Pfad eines Hilfe-Artikels an, zum Beispiel „rechnungen/e-rechnung/“."
    )
    assert stored_votes() == []
    assert stored_counters() == {}


@pytest.mark.parametrize(
    "page",
    ["kundencenter/", "kundencenter/rechnungen/", "kundencenter/anmelden/", "support/ticket/", "tags/"],
)
def test_portal_pages_are_refused(client, page):
    response = client.post("/api/feedback", {"page": page, "helpful": False, "reason": "sonstiges"})

    assert response.status_code == 400
    assert response.json_body["Fields"]["page"] == (
        "Rückmeldungen sind nur zu Hilfe-Artikeln möglich, nicht zu Seiten des Kundencenters."
    )
    assert stored_votes() == []
    assert stored_counters() == {}


@pytest.mark.parametrize(
    "page",
    ["rechnungen/gibt-es-nicht/", "zugang/anmelden/unterseite/", "search/", "assets/", "hilfe/"],
)
def test_only_articles_of_the_built_site_are_accepted(client, page):
    response = client.post("/api/feedback", {"page": page, "helpful": False, "reason": "sonstiges"})

    assert response.status_code == 400
    assert response.json_body["Code"] == "ValidationError"
    assert response.json_body["Fields"]["page"] == (
        "Diesen Hilfe-Artikel gibt es nicht. Bitte geben Sie den Pfad eines vorhandenen Artikels an, "
        "zum Beispiel „rechnungen/e-rechnung/“."
    )
    assert stored_votes() == []
    assert stored_counters() == {}


def test_articles_in_the_support_section_are_not_mistaken_for_the_portal(client):
    response = client.post("/api/feedback", {"page": "support/ticket-ohne-anmeldung/", "helpful": True})

    assert response.status_code == 201


def test_a_body_that_is_not_json_is_refused_and_nothing_is_stored(client):
    response = client.post("/api/feedback", b"helpful=ja", headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.json_body["Code"] == "MalformedRequest"
    assert stored_votes() == []


def test_a_vote_from_another_site_is_refused(client):
    response = client.post(
        "/api/feedback", {"page": ARTICLE, "helpful": True}, headers={"Origin": "https://evil.example"}
    )

    assert response.status_code == 403
    assert stored_counters() == {}


def test_twenty_votes_an_hour_per_address_then_429_until_the_window_ends(client):
    with time_machine.travel(START, tick=False) as clock:
        answers = [
            client.post("/api/feedback", {"page": ARTICLE, "helpful": True}).status_code for _ in range(21)
        ]
        assert answers == [201] * 20 + [429]
        blocked = client.post("/api/feedback", {"page": "zugang/anmelden/", "helpful": True})
        assert blocked.status_code == 429
        retry_after = int(blocked.headers["Retry-After"])
        assert 0 < retry_after <= 60 * 60
        assert "Zu viele Versuche" in blocked.json_body["Message"]
        assert stored_counters()[ARTICLE].yes == 20
        assert "zugang/anmelden/" not in stored_counters()
        assert len(stored_votes()) == 20

        clock.move_to(START + timedelta(seconds=retry_after))
        assert client.post("/api/feedback", {"page": ARTICLE, "helpful": True}).status_code == 201
