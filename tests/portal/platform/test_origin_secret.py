"""CloudFront's origin secret from Secrets Manager: rotation without a 403 window, the cache, and faults.

The secret lives in moto's Secrets Manager; the cache's clock is a fake the tests move forward.
"""

import json
import uuid
from dataclasses import replace

import pytest
from botocore.exceptions import EndpointConnectionError

from tests.factories import DEMO_PASSWORD, make_customer
from tests.portal.platform import aws_faults
from tests.portal.platform.aws_faults import client_error

UNAVAILABLE = "Der Dienst ist gerade überlastet oder nicht erreichbar. Bitte versuchen Sie es in einigen Sekunden erneut."
FOREIGN = "Diese Anfrage kommt nicht von der Seite des Kundencenters und wurde abgelehnt."


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class CountingClient:
    """Secrets Manager with its GetSecretValue calls counted."""

    def __init__(self, region: str) -> None:
        import boto3

        self.inner = boto3.client("secretsmanager", region_name=region)
        self.reads = 0

    def get_secret_value(self, **kwargs):
        self.reads += 1
        return self.inner.get_secret_value(**kwargs)


def behind_cloudfront_with(monkeypatch, value: str) -> tuple[str, FakeClock, CountingClient]:
    """A new secret holding `value`; the API configured with its ARN, a fresh cache on a fake clock."""
    import boto3

    from chalicelib.web import guard
    from chalicelib.web.origin_secret import OriginSecret

    region = guard.settings.aws_region
    arn = boto3.client("secretsmanager", region_name=region).create_secret(
        Name=f"kc-origin-{uuid.uuid4().hex}", SecretString=value
    )["ARN"]
    monkeypatch.setattr(guard, "settings", replace(guard.settings, origin_secret_id=arn))
    clock = FakeClock()
    counting = CountingClient(region)
    monkeypatch.setattr(
        guard,
        "_origin_secrets",
        {arn: OriginSecret(arn, region=region, clock=clock, client=lambda: counting)},
    )
    return arn, clock, counting


def rotate(arn: str, value: str) -> None:
    """What `infra/deploy.sh rotate-origin-secret` does first: a new AWSCURRENT, the old one AWSPREVIOUS."""
    import boto3

    boto3.client("secretsmanager", region_name="eu-central-1").put_secret_value(
        SecretId=arn, SecretString=value
    )


def session_with(client, secret: str | None) -> int:
    headers = {} if secret is None else {"X-Origin-Verify": secret}
    return client.get("/api/session", headers=headers).status_code


def log_lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]


def test_during_a_rotation_the_old_and_the_new_secret_are_accepted(client, monkeypatch):
    make_customer()
    arn, clock, _ = behind_cloudfront_with(monkeypatch, "alt-1")
    assert session_with(client, "alt-1") == 401  # through: the guard asks for a sign-in
    clock.advance(60)

    rotate(arn, "neu-2")
    # CloudFront switches while the stack update rolls out: both values pass, in either order.
    assert session_with(client, "neu-2") == 401
    assert session_with(client, "alt-1") == 401
    assert session_with(client, "falsch") == 403
    assert session_with(client, None) == 403
    login = client.post(
        "/api/auth/login",
        {"login": "100001", "password": DEMO_PASSWORD},
        headers={"X-Origin-Verify": "neu-2"},
    )
    assert login.status_code == 200

    rotate(arn, "dritt-3")  # the next rotation: the first value is neither current nor previous any more
    clock.advance(5 * 60)
    assert session_with(client, "alt-1") == 403
    assert session_with(client, "neu-2") == 200
    assert session_with(client, "dritt-3") == 200


def test_a_wrong_secret_is_refused_in_german_and_stores_nothing(client, monkeypatch):
    from chalicelib.models import Session

    make_customer()
    behind_cloudfront_with(monkeypatch, "richtig")

    response = client.post(
        "/api/auth/login",
        {"login": "100001", "password": DEMO_PASSWORD},
        headers={"X-Origin-Verify": "richtig!"},
    )

    assert response.status_code == 403
    assert response.json_body == {"Code": "ForeignOrigin", "Message": FOREIGN}
    assert list(Session.scan()) == []


def test_the_secret_is_read_once_per_five_minutes_and_wrong_values_reread_it_at_most_every_30_s(
    client, monkeypatch
):
    _, clock, counting = behind_cloudfront_with(monkeypatch, "richtig")
    for _ in range(5):
        assert session_with(client, "richtig") == 401
    assert counting.reads == 2  # AWSCURRENT and AWSPREVIOUS, once

    for _ in range(5):  # a flood of wrong values
        assert session_with(client, "geraten") == 403
    assert counting.reads == 4  # one re-read (a rotation?) for all five
    clock.advance(31)
    assert session_with(client, "geraten") == 403
    assert session_with(client, "geraten") == 403
    assert counting.reads == 6  # one re-read for the two

    clock.advance(5 * 60)
    assert session_with(client, "richtig") == 401
    assert counting.reads == 8  # the cache expired


def test_a_new_value_right_after_the_cache_was_reloaded_is_accepted_at_once(client, monkeypatch):
    """The cache expired and was reloaded just before the rotation: no 30 s of 403 for the new value."""
    arn, clock, _ = behind_cloudfront_with(monkeypatch, "alt")
    assert session_with(client, "alt") == 401
    clock.advance(5 * 60)
    assert session_with(client, "alt") == 401  # reloaded now (only "alt" known)
    clock.advance(2)
    rotate(arn, "neu")
    assert session_with(client, "neu") == 401


def test_a_new_value_is_seen_before_the_cache_expires(client, monkeypatch):
    """CloudFront may send the new version while the cache still holds only the old one."""
    arn, clock, _ = behind_cloudfront_with(monkeypatch, "alt")
    assert session_with(client, "alt") == 401
    rotate(arn, "neu")
    clock.advance(1)  # well inside the five minutes
    assert session_with(client, "neu") == 401


@pytest.mark.parametrize(
    "fault",
    [
        EndpointConnectionError(endpoint_url="https://secretsmanager.eu-central-1.amazonaws.com"),
        client_error("ThrottlingException"),
        client_error("InternalServiceError", 500),
        client_error("AccessDeniedException"),  # a broken policy: still never open
    ],
    ids=lambda fault: (
        type(fault).__name__ + str(getattr(fault, "response", {}).get("Error", {}).get("Code", ""))
    ),
)
def test_secrets_manager_unreachable_answers_503_and_never_lets_a_request_through(
    client, monkeypatch, capsys, fault
):
    make_customer()
    _, clock, counting = behind_cloudfront_with(monkeypatch, "richtig")
    fail = aws_faults.install(monkeypatch)
    fail("GetSecretValue", fault)
    capsys.readouterr()

    for secret in ("richtig", "falsch", None):
        response = client.post(
            "/api/auth/login",
            {"login": "100001", "password": DEMO_PASSWORD},
            headers={} if secret is None else {"X-Origin-Verify": secret},
        )
        assert response.status_code == 503
        assert response.json_body == {"Code": "ServiceUnavailable", "Message": UNAVAILABLE}
        assert response.headers["Retry-After"] == "5"
        assert "Set-Cookie" not in response.headers

    lines = log_lines(capsys)
    assert any(line["message"] == "origin_secret_unavailable" and line["level"] == "ERROR" for line in lines)
    assert "richtig" not in json.dumps(lines)

    assert counting.reads == 1  # one failed read; the next requests were answered at once

    fail("GetSecretValue", None)
    assert session_with(client, "richtig") == 503  # still within the 5 s after the failure
    clock.advance(5)
    assert session_with(client, "richtig") == 401  # back as soon as Secrets Manager answers


def test_an_expired_cache_keeps_its_values_while_secrets_manager_is_down(client, monkeypatch):
    _, clock, _ = behind_cloudfront_with(monkeypatch, "richtig")
    assert session_with(client, "richtig") == 401
    fail = aws_faults.install(monkeypatch)
    fail(
        "GetSecretValue",
        EndpointConnectionError(endpoint_url="https://secretsmanager.eu-central-1.amazonaws.com"),
    )
    clock.advance(10 * 60)

    assert session_with(client, "richtig") == 401  # a value read from Secrets Manager before
    assert session_with(client, "falsch") == 503  # cannot tell a rotation from a stranger: never open
    assert session_with(client, None) == 503

    fail("GetSecretValue", None)
    clock.advance(31)
    assert session_with(client, "falsch") == 403
    assert session_with(client, "richtig") == 401


def test_a_failed_re_read_is_tried_again_after_30_s_not_only_when_the_cache_expires(client, monkeypatch):
    """Secrets Manager failing once on a mismatch must not refuse a new value for the cache's 5 minutes."""
    arn, clock, _ = behind_cloudfront_with(monkeypatch, "alt")
    assert session_with(client, "alt") == 401
    rotate(arn, "neu")
    fail = aws_faults.install(monkeypatch)
    fail("GetSecretValue", client_error("ThrottlingException"))
    assert session_with(client, "neu") == 503
    assert session_with(client, "alt") == 401  # the cached value still works
    fail("GetSecretValue", None)
    clock.advance(31)
    assert session_with(client, "neu") == 401


def test_without_a_secret_id_a_deployed_function_refuses_to_start(monkeypatch):
    from chalicelib import settings as settings_module

    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "kundencenter-prod")
    monkeypatch.setenv("KC_ORIGIN_SECRET_ID", "")
    monkeypatch.setenv("KC_LOCAL_DEV", "0")
    monkeypatch.setenv("KC_DOCUMENTS_FUNCTION", "kc-prod-invoice-documents")
    with pytest.raises(RuntimeError, match="KC_ORIGIN_SECRET_ID"):
        settings_module.load_settings()

    monkeypatch.setenv("KC_ORIGIN_SECRET_ID", "arn:aws:secretsmanager:eu-central-1:123456789012:secret:o-AbC")
    assert settings_module.load_settings().origin_secret_id.endswith(":secret:o-AbC")
    monkeypatch.delenv("KC_ORIGIN_SECRET_ID")
    with pytest.raises(RuntimeError, match="KC_ORIGIN_SECRET_ID is not set"):
        settings_module.load_settings()


def test_the_local_stack_and_tests_check_nothing_without_a_secret_id(client, monkeypatch):
    from chalicelib import settings as settings_module

    make_customer()
    assert session_with(client, None) == 401  # pytest: no secret id, not on Lambda
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "local")
    monkeypatch.setenv("KC_ORIGIN_SECRET_ID", "")
    monkeypatch.setenv("KC_LOCAL_DEV", "1")
    assert settings_module.load_settings().origin_secret_id == ""
