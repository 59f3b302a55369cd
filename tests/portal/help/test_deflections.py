"""POST /api/help/deflections: a click on an article the ticket form suggested, counted per article."""

from datetime import UTC, datetime, timedelta

import boto3
import pytest
import time_machine

START = datetime(2026, 11, 27, 9, 0, 30, tzinfo=UTC)
ARTICLE = "persoenliche-daten/bankverbindung/"


def stored_counters():
    from chalicelib.models import FeedbackCounter

    return {counter.page: counter for counter in FeedbackCounter.scan()}


def raw_counter_items():
    from chalicelib.models import FeedbackCounter

    return boto3.client("dynamodb").scan(TableName=FeedbackCounter.Meta.table_name)["Items"]


def test_a_click_is_counted_on_the_article_with_no_answer_body(client):
    response = client.post("/api/help/deflections", {"page": ARTICLE})

    assert response.status_code == 204
    assert response.body in (b"", "")
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    (item,) = raw_counter_items()
    assert item == {"page": {"S": ARTICLE}, "deflections": {"N": "1"}}


def test_clicks_add_up_per_article_next_to_the_feedback_votes(client):
    assert client.post("/api/feedback", {"page": ARTICLE, "helpful": True}).status_code == 201
    for page in (ARTICLE, ARTICLE, ARTICLE, "rechnungen/e-rechnung/"):
        assert client.post("/api/help/deflections", {"page": page}).status_code == 204

    counters = stored_counters()
    assert (counters[ARTICLE].deflections, counters[ARTICLE].yes) == (3, 1)
    assert counters["rechnungen/e-rechnung/"].deflections == 1


PAGE_INVALID = "Bitte geben Sie den Pfad eines Hilfe-Artikels an, zum Beispiel „rechnungen/e-rechnung/“."
PAGE_UNKNOWN = (
    "Diesen Hilfe-Artikel gibt es nicht. Bitte geben Sie den Pfad eines vorhandenen Artikels an, "
    "zum Beispiel „rechnungen/e-rechnung/“."
)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param({"page": "rechnungen/gibt-es-nicht/"}, PAGE_UNKNOWN, id="unknown-article"),
        pytest.param({"page": "search/"}, PAGE_UNKNOWN, id="not-a-page"),
        pytest.param(
            {"page": "kundencenter/rechnungen/"},
            "Vorgeschlagen werden nur Hilfe-Artikel, keine Seiten des Kundencenters.",
            id="portal-page",
        ),
        pytest.param({"page": "/persoenliche-daten/bankverbindung/"}, PAGE_INVALID, id="leading-slash"),
        pytest.param({"page": "https://evil.example/"}, PAGE_INVALID, id="url"),
        pytest.param({"page": "a/" * 101}, "Bitte geben Sie höchstens 200 Zeichen ein.", id="too-long"),
        pytest.param({"page": 7}, "Bitte geben Sie einen Text ein.", id="number"),
        pytest.param({"page": ["x/"]}, "Bitte geben Sie einen Text ein.", id="list"),
        pytest.param({}, "Bitte füllen Sie dieses Feld aus.", id="missing"),
    ],
)
def test_a_bad_page_is_a_400_with_a_german_message_and_nothing_is_counted(client, body, message):
    response = client.post("/api/help/deflections", body)

    assert response.status_code == 400, response.json_body
    assert response.json_body["Code"] == "ValidationError"
    assert response.json_body["Fields"]["page"] == message
    assert stored_counters() == {}


def test_unknown_fields_are_refused(client):
    response = client.post("/api/help/deflections", {"page": ARTICLE, "customer_number": "100001"})

    assert response.status_code == 400
    assert response.json_body["Fields"]["customer_number"] == "Dieses Feld ist unbekannt."
    assert stored_counters() == {}


def test_malformed_and_oversized_bodies_are_refused(client):
    malformed = client.post("/api/help/deflections", b"page=x", headers={"Content-Type": "application/json"})
    oversized = client.post("/api/help/deflections", {"page": ARTICLE, "pad": "x" * 2000})
    not_json = client.post("/api/help/deflections", b"page=x", headers={"Content-Type": "text/plain"})

    assert malformed.status_code == 400
    assert malformed.json_body["Code"] == "MalformedRequest"
    assert oversized.status_code == 413
    assert not_json.status_code == 415
    assert stored_counters() == {}


def test_a_click_from_another_site_is_refused(client):
    response = client.post(
        "/api/help/deflections", {"page": ARTICLE}, headers={"Origin": "https://evil.example"}
    )

    assert response.status_code == 403
    assert stored_counters() == {}


def test_sixty_clicks_an_hour_per_address_then_429_until_the_window_ends(client):
    with time_machine.travel(START, tick=False) as clock:
        answers = [client.post("/api/help/deflections", {"page": ARTICLE}).status_code for _ in range(61)]
        assert answers == [204] * 60 + [429]
        blocked = client.post("/api/help/deflections", {"page": "rechnungen/e-rechnung/"})
        assert blocked.status_code == 429
        retry_after = int(blocked.headers["Retry-After"])
        assert 0 < retry_after <= 60 * 60
        assert "Zu viele Versuche" in blocked.json_body["Message"]
        assert stored_counters()[ARTICLE].deflections == 60
        assert "rechnungen/e-rechnung/" not in stored_counters()

        clock.move_to(START + timedelta(seconds=retry_after))
        assert client.post("/api/help/deflections", {"page": ARTICLE}).status_code == 204
