"""Idempotency-Key on POST /api/feedback: a retried vote is stored once and answered the same."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.client import BaseClient

VOTE = {"page": "rechnungen/e-rechnung/", "helpful": True}
KEY = "7f0c1a52-3d1e-4b8e-9a57-2f9d1c8b6e01"


@pytest.fixture(autouse=True)
def fresh_persistence_layer():
    """Powertools' DynamoDB client must be created inside each test's mocked AWS."""
    from chalicelib.web import idempotency

    idempotency.reset()
    yield
    idempotency.reset()


def votes():
    from chalicelib.models import FeedbackVote

    return list(FeedbackVote.scan())


def records():
    from chalicelib.models import IdempotencyRecord

    return list(IdempotencyRecord.scan())


def test_the_same_key_twice_stores_one_vote_and_answers_the_same(client):
    first = client.post("/api/feedback", VOTE, headers={"Idempotency-Key": KEY})
    again = client.post("/api/feedback", VOTE, headers={"Idempotency-Key": KEY})

    assert first.status_code == again.status_code == 201
    assert first.json_body == again.json_body == {"Message": "Vielen Dank für Ihre Rückmeldung!"}
    assert again.headers["Content-Type"] == "application/json"
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert len(votes()) == 1
    (record,) = records()
    assert record.status == "COMPLETED"
    assert 23 * 3600 < record.expiration.timestamp() - record.in_progress_expiration / 1000 <= 24 * 3600


def test_the_same_key_with_another_body_is_refused_and_stores_nothing(client):
    client.post("/api/feedback", VOTE, headers={"Idempotency-Key": KEY})

    other = client.post(
        "/api/feedback",
        {"page": "rechnungen/e-rechnung/", "helpful": False, "reason": "veraltet"},
        headers={"Idempotency-Key": KEY},
    )

    assert other.status_code == 422
    assert other.json_body["Code"] == "IdempotencyKeyReused"
    assert "anderen Daten" in other.json_body["Message"]
    assert [vote.helpful for vote in votes()] == [True]


def test_the_same_body_in_another_spelling_is_the_same_request(client):
    client.post(
        "/api/feedback",
        b'{"page": "rechnungen/e-rechnung/", "helpful": true}',
        headers={"Idempotency-Key": KEY},
    )
    again = client.post(
        "/api/feedback", b'{"helpful":true,"page":"rechnungen/e-rechnung/"}', headers={"Idempotency-Key": KEY}
    )
    assert again.status_code == 201
    assert len(votes()) == 1


def test_without_a_key_every_request_counts(client):
    assert client.post("/api/feedback", VOTE).status_code == 201
    assert client.post("/api/feedback", VOTE).status_code == 201
    assert len(votes()) == 2
    assert records() == []


def test_another_key_is_another_vote(client):
    client.post("/api/feedback", VOTE, headers={"Idempotency-Key": KEY})
    client.post("/api/feedback", VOTE, headers={"Idempotency-Key": KEY + "-2"})
    assert len(votes()) == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "schlüssel", "zeile\tzwei", "a\x7f"])
def test_a_malformed_key_is_a_400(client, key):
    response = client.post("/api/feedback", VOTE, headers={"Idempotency-Key": key})
    assert response.status_code == 400
    assert response.json_body["Code"] == "InvalidIdempotencyKey"
    assert votes() == []


def test_the_longest_key_is_accepted(client):
    assert client.post("/api/feedback", VOTE, headers={"Idempotency-Key": "~" * 255}).status_code == 201


def test_an_error_answer_is_not_stored_and_leaves_the_key_free(client):
    refused = client.post(
        "/api/feedback", {**VOTE, "page": "gibt-es-nicht/"}, headers={"Idempotency-Key": KEY}
    )
    assert refused.status_code == 400

    corrected = client.post("/api/feedback", VOTE, headers={"Idempotency-Key": KEY})

    assert corrected.status_code == 201
    assert len(votes()) == 1


def test_parallel_requests_with_the_same_key_store_one_vote(client, monkeypatch):
    # DynamoDB applies each call atomically; moto in-process checks a condition and writes without a lock.
    # One call at a time restores that (as the local stack's moto server does), requests still interleave.
    original = BaseClient._make_api_call
    one_call = threading.Lock()

    def atomic_call(self, operation_name, api_params):
        with one_call:
            return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", atomic_call)
    start = threading.Barrier(6)

    def vote(_: int):
        start.wait()
        return client.post("/api/feedback", VOTE, headers={"Idempotency-Key": KEY})

    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(vote, range(6)))

    statuses = sorted(response.status_code for response in responses)
    assert set(statuses) <= {201, 409}, statuses
    assert 201 in statuses
    for response in responses:
        if response.status_code == 409:
            assert response.json_body["Code"] == "IdempotencyInProgress"
            assert response.headers["Retry-After"] == "1"
    assert len(votes()) == 1
    assert client.post("/api/feedback", VOTE, headers={"Idempotency-Key": KEY}).status_code == 201
    assert len(votes()) == 1


def test_the_stored_answer_leaves_out_set_cookie():
    from chalice.app import Response

    from chalicelib.web import idempotency

    frozen = idempotency._freeze(
        Response(body={"a": 1}, status_code=201, headers={"Set-Cookie": "kc_session=x", "X-Other": "1"})
    )
    assert frozen == {"status": 201, "body": {"a": 1}, "headers": {"X-Other": "1"}}
