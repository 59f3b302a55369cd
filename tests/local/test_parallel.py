"""The local stack serves API requests in parallel, as Lambda does, and never mixes them up."""

import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
import requests

from tests.browser_fixtures import Stack
from tests.factories import DEMO_PASSWORD

FLOOR_SECONDS = 0.3  # KC_AUTH_RESPONSE_FLOOR_MS of the local stack
CUSTOMERS = {"100001": "demo@example.com", "100002": "max.beispiel@example.com"}

T = TypeVar("T")


def _all_at_once(calls: list[Callable[[], T]]) -> list[T]:
    """Run the calls on one thread each, released together; results in the order of `calls`."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        barrier.wait(timeout=10)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _forgot_password_of_nobody(stack: Stack, number: int) -> tuple[int, float]:
    started = time.monotonic()
    response = requests.post(
        f"{stack.url}/api/auth/password/forgot",
        json={"login": f"niemand-{number}@example.com"},
        headers={"Origin": stack.url},
        timeout=10,
    )
    return response.status_code, time.monotonic() - started


def test_slow_requests_run_in_parallel(fresh_stack: Stack) -> None:
    """Anonymous auth answers are padded to 300 ms; eight at once take about one of them, not eight.

    The password-forgotten request of an unknown address spends its 300 ms waiting, not hashing, so
    the figure shows the server's concurrency rather than how busy the shared CPU is.
    """
    _forgot_password_of_nobody(fresh_stack, 0)  # warm-up
    parallel = 8

    started = time.monotonic()
    calls = [lambda n=n: _forgot_password_of_nobody(fresh_stack, n) for n in range(1, parallel + 1)]
    results = _all_at_once(calls)
    elapsed = time.monotonic() - started

    assert [status for status, _ in results] == [202] * parallel
    assert all(duration >= FLOOR_SECONDS for _, duration in results)  # the floor was really applied
    serial = parallel * FLOOR_SECONDS
    assert elapsed < serial / 2, (
        f"{parallel} requests took {elapsed:.2f} s; one after another: {serial:.1f} s"
    )


def test_each_parallel_answer_belongs_to_its_own_request(fresh_stack: Stack) -> None:
    """Two customers sign in and ask who they are, on several threads at once, round after round:
    every answer names the customer whose password or cookie that very request carried."""
    threads, rounds = 6, 4

    def sign_in_and_ask(customer_numbers: list[str]) -> list[tuple[str, str, str]]:
        answers = []
        with requests.Session() as browser:  # keep-alive: one connection, many requests
            browser.headers["Origin"] = fresh_stack.url
            for number in customer_numbers:
                browser.cookies.clear()
                login = browser.post(
                    f"{fresh_stack.url}/api/auth/login",
                    json={"login": CUSTOMERS[number], "password": DEMO_PASSWORD},
                    timeout=10,
                )
                assert login.status_code == 200, login.text
                me = browser.get(f"{fresh_stack.url}/api/session", timeout=10)
                assert me.status_code == 200, me.text
                answers.append(
                    (number, login.json()["customer"]["customer_number"], me.json()["customer_number"])
                )
        return answers

    # Each thread alternates the customers, starting with a different one than its neighbours.
    numbers = sorted(CUSTOMERS)
    plans = [[numbers[(thread + step) % 2] for step in range(rounds)] for thread in range(threads)]
    results = _all_at_once([lambda plan=plan: sign_in_and_ask(plan) for plan in plans])

    answers = [answer for thread_answers in results for answer in thread_answers]
    assert len(answers) == threads * rounds
    assert [answer for answer in answers if len(set(answer)) != 1] == []


def test_app_and_gateway_keep_request_and_client_address_per_thread() -> None:
    """Two requests inside the same view at once: each sees its own request, context and address."""
    import json

    from chalice.app import Blueprint

    from chalicelib.app_base import PortalApp
    from local.devserver import PORTAL_DIR
    from local.gateway import ClientAddressGateway, local_config

    app = PortalApp(app_name="parallel-test", configure_logs=False)
    bp = Blueprint(__name__)
    both_inside = threading.Barrier(2)

    @bp.route("/who/{name}")
    def who(name: str) -> dict[str, str]:
        both_inside.wait(timeout=10)  # the other request has been set up by now
        request = bp.current_request
        return {
            "name": name,
            "seen": request.uri_params["name"] if request.uri_params else "",
            "address": request.context["identity"]["sourceIp"],
            "context": bp.lambda_context.aws_request_id,
        }

    app.register_blueprint(bp)
    gateway = ClientAddressGateway(app, local_config(app, PORTAL_DIR))

    def call(name: str, address: str) -> dict[str, str]:
        result = gateway.handle_request_from(
            address, method="GET", path=f"/who/{name}", headers={}, body=None
        )
        assert result["statusCode"] == 200, result
        answer: dict[str, str] = json.loads(result["body"])
        return answer

    first, second = _all_at_once([lambda: call("a", "127.0.0.2"), lambda: call("b", "127.0.0.3")])

    assert (first["seen"], first["address"]) == ("a", "127.0.0.2")
    assert (second["seen"], second["address"]) == ("b", "127.0.0.3")
    assert first["context"] != second["context"]
    assert app.current_request is None  # this thread never handled a request


def test_reset_waits_for_requests_in_flight_and_holds_back_new_ones() -> None:
    from local.devserver import RequestsOrReset

    gate = RequestsOrReset()
    events: list[str] = []
    in_request = threading.Event()
    finish_request = threading.Event()

    def slow_request() -> None:
        with gate.request():
            events.append("request started")
            in_request.set()
            finish_request.wait(timeout=10)
            events.append("request finished")

    def reset() -> None:
        with gate.reset():
            events.append("reset")

    def late_request() -> None:
        with gate.request():
            events.append("late request")

    first = threading.Thread(target=slow_request)
    first.start()
    assert in_request.wait(timeout=10)
    resetting = threading.Thread(target=reset)
    resetting.start()
    _wait_until(lambda: gate._resets_waiting == 1)
    late = threading.Thread(target=late_request)
    late.start()
    time.sleep(0.05)
    assert events == ["request started"]  # the reset waits, and the late request waits behind it
    finish_request.set()
    for thread in (first, resetting, late):
        thread.join(timeout=10)
    assert events == ["request started", "request finished", "reset", "late request"]


def _wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 5
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.005)


@pytest.fixture
def fast_thread_switches() -> Iterator[None]:
    """Switch threads every microsecond, so a race in a check-then-write shows up within a few tries."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


@pytest.fixture
def moto_without_test_locks(monkeypatch: pytest.MonkeyPatch) -> None:
    """moto's DynamoDB as the devserver process has it: without the per-operation locks that
    tests/conftest.py puts in for this test process (local/moto_atomic.py)."""
    from moto.dynamodb.models import DynamoDBBackend

    for name, operation in list(vars(DynamoDBBackend).items()):
        if getattr(operation, "kc_atomic", False):
            monkeypatch.setattr(DynamoDBBackend, name, operation.__wrapped__)


def test_embedded_dynamodb_applies_parallel_conditional_writes_one_at_a_time(
    moto_without_test_locks: None, fast_thread_switches: None
) -> None:
    """Moto checks a condition and then writes without a lock; the stack's moto server holds each call
    exclusive, so a counter with a limit lets exactly `limit` parallel increments through, like DynamoDB."""
    import boto3
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    from local.devserver import OneAwsCallAtATime

    class QuietHandler(MotoRequestHandler):
        def log_request(self, *args: Any, **kwargs: Any) -> None:
            pass

    app = OneAwsCallAtATime(DomainDispatcherApplication(create_backend_app))
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        dynamodb = boto3.client(
            "dynamodb",
            endpoint_url=f"http://127.0.0.1:{server.server_port}",
            region_name="eu-central-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        dynamodb.create_table(
            TableName="counters",
            KeySchema=[{"AttributeName": "key", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "key", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        limit, parallel = 5, 16
        for round_number in range(4):
            key = {"key": {"S": f"round-{round_number}"}}

            def increment(key: dict[str, Any] = key) -> bool:
                try:
                    dynamodb.update_item(
                        TableName="counters",
                        Key=key,
                        UpdateExpression="ADD attempts :one",
                        ConditionExpression="attribute_not_exists(attempts) OR attempts < :limit",
                        ExpressionAttributeValues={":one": {"N": "1"}, ":limit": {"N": str(limit)}},
                    )
                except dynamodb.exceptions.ConditionalCheckFailedException:
                    return False
                return True

            accepted = _all_at_once([increment] * parallel)
            stored = dynamodb.get_item(TableName="counters", Key=key)["Item"]["attempts"]["N"]
            assert (accepted.count(True), stored) == (limit, str(limit))
    finally:
        requests.post(f"http://127.0.0.1:{server.server_port}/moto-api/reset", timeout=10)
        server.shutdown()
        server.server_close()
