"""DynamoDB, SES or S3 throttled, failing or unreachable: a 503 with Retry-After, and nothing half written."""

import json

import pytest
from botocore.exceptions import ConnectTimeoutError, EndpointConnectionError, ReadTimeoutError

from tests.conftest import sent_mails
from tests.factories import DEMO_PASSWORD, make_customer
from tests.portal.platform import aws_faults
from tests.portal.platform.aws_faults import client_error

NEW_PASSWORD = "Sommerregen-ueber-Bremen-7"
UNAVAILABLE = "Der Dienst ist gerade überlastet oder nicht erreichbar. Bitte versuchen Sie es in einigen Sekunden erneut."
INTERNAL = "Es ist ein interner Fehler aufgetreten. Bitte versuchen Sie es später erneut."
DYNAMODB_FAULTS = [
    client_error("ProvisionedThroughputExceededException"),
    client_error("ThrottlingException"),
    client_error("RequestLimitExceeded"),
    client_error("InternalServerError", 500),
    client_error("ServiceUnavailable", 503),
    client_error("TransactionConflictException"),
    client_error(
        "TransactionCanceledException",
        CancellationReasons=[{"Code": "None"}, {"Code": "TransactionConflict"}, {"Code": "ThrottlingError"}],
    ),
    EndpointConnectionError(endpoint_url="https://dynamodb.eu-central-1.amazonaws.com"),
    ReadTimeoutError(endpoint_url="https://dynamodb.eu-central-1.amazonaws.com"),
]


def aws_faults_id(fault: BaseException) -> str:
    code = (getattr(fault, "response", None) or {}).get("Error", {}).get("Code")
    return code or type(fault).__name__


@pytest.fixture
def fail(monkeypatch):
    return aws_faults.install(monkeypatch)


def log_lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]


def assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert response.json_body == {"Code": "ServiceUnavailable", "Message": UNAVAILABLE}
    assert response.headers["Retry-After"] == "5"


@pytest.mark.parametrize("fault", DYNAMODB_FAULTS, ids=aws_faults_id)
def test_a_throttled_password_change_answers_503_and_leaves_the_old_password(client, fail, fault):
    make_customer()
    other = client.another_browser()
    other.login()
    client.login()
    fail("TransactWriteItems", fault)

    response = client.post(
        "/api/auth/password/change", {"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD}
    )

    assert_unavailable(response)
    fail("TransactWriteItems", None)
    assert other.get("/api/session").status_code == 200  # no session was ended
    assert client.get("/api/session").status_code == 200
    assert [mail["subject"] for mail in sent_mails()] == []
    fresh = client.another_browser()
    assert fresh.post("/api/auth/login", {"login": "100001", "password": NEW_PASSWORD}).status_code == 401
    fresh.login(password=DEMO_PASSWORD)
    events = [entry["event"] for entry in client.get("/api/audit").json_body["entries"]]
    assert "password_changed" not in events


@pytest.mark.parametrize(
    "fault",
    [
        client_error("ServiceUnavailable", 503),
        client_error("Throttling", 400),
        EndpointConnectionError(endpoint_url="https://email.eu-central-1.amazonaws.com"),
        ReadTimeoutError(endpoint_url="https://email.eu-central-1.amazonaws.com"),
        client_error("MessageRejected", 400),  # refused, not passing: still no different answer
        client_error("MailFromDomainNotVerifiedException", 400),
    ],
    ids=aws_faults_id,
)
def test_forgot_password_with_ses_down_answers_as_for_an_unknown_account(client, fail, capsys, fault):
    make_customer()
    unknown = client.post("/api/auth/password/forgot", {"login": "niemand@example.com"})
    fail("SendEmail", fault)
    capsys.readouterr()

    known = client.post("/api/auth/password/forgot", {"login": "100001"})

    assert (
        (known.status_code, known.json_body)
        == (unknown.status_code, unknown.json_body)
        == (202, known.json_body)
    )
    lines = log_lines(capsys)
    lost = [line for line in lines if line["message"] == "mail_not_sent"]
    assert len(lost) == 1
    assert lost[0]["subject"] == "Ihr Link zum Zurücksetzen des Passworts"
    assert lost[0]["level"] == "ERROR"
    assert "erika" not in json.dumps(lines).lower()  # no address (erika.mustermann@…) in any line


def test_a_password_change_with_ses_down_is_done_and_says_so(client, fail, capsys):
    """The notice is sent after the change is committed: a 503 would claim it failed."""
    make_customer()
    client.login()
    fail("SendEmail", client_error("ServiceUnavailable", 503))

    response = client.post(
        "/api/auth/password/change", {"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 204
    assert any(line["message"] == "mail_not_sent" for line in log_lines(capsys))
    client.another_browser().login(password=NEW_PASSWORD)


def test_dynamodb_unreachable_while_loading_the_session_is_a_503(client, fail):
    make_customer()
    client.login()
    fail("TransactGetItems", ConnectTimeoutError(endpoint_url="https://dynamodb.eu-central-1.amazonaws.com"))
    fail("GetItem", ConnectTimeoutError(endpoint_url="https://dynamodb.eu-central-1.amazonaws.com"))

    assert_unavailable(client.get("/api/session"))


@pytest.mark.parametrize("fault", DYNAMODB_FAULTS[:3], ids=aws_faults_id)
def test_a_throttled_vote_answers_503_and_stores_nothing(client, fail, fault):
    from chalicelib.models import FeedbackCounter, FeedbackVote

    fail("TransactWriteItems", fault)

    response = client.post("/api/feedback", {"page": "rechnungen/e-rechnung/", "helpful": True})

    assert_unavailable(response)
    assert list(FeedbackVote.scan()) == []
    assert list(FeedbackCounter.scan()) == []


def test_a_bug_answers_the_german_500_without_details_and_logs_a_redacted_traceback(
    client, monkeypatch, capsys
):
    from chalicelib.feedback import service

    def broken(**kwargs):
        raise RuntimeError("kaputt: password=hunter2-geheim, IBAN DE89370400440532013000")

    monkeypatch.setattr(service, "record_feedback", broken)
    capsys.readouterr()

    response = client.post("/api/feedback", {"page": "rechnungen/e-rechnung/", "helpful": True})

    assert response.status_code == 500
    assert response.json_body == {"Code": "InternalServerError", "Message": INTERNAL}
    output = capsys.readouterr().out
    assert "hunter2" not in output
    assert "DE89370400440532013000" not in output
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    error = next(line for line in lines if line["message"] == "unhandled_error")
    assert error["level"] == "ERROR"
    assert error["error_type"] == "RuntimeError"
    assert "password=[redacted]" in error["traceback"]
    assert "DE89 **** **** **** **30 00" in error["traceback"]
    request = next(line for line in lines if line["message"] == "request")
    assert (request["status"], request["error"]) == (500, "InternalServerError")


@pytest.mark.parametrize(
    ("fault", "transient"),
    [
        (client_error("SlowDown", 503), True),  # S3
        (client_error("InternalError", 500), True),  # S3
        (client_error("ServiceUnavailable", 503), True),  # SES
        (client_error("Throttling", 400), True),  # SES
        (client_error("SomethingNew", 502), True),  # any 5xx
        (client_error("MessageRejected", 400), False),  # SES: a wrong address is no passing fault
        (client_error("NoSuchKey", 404), False),  # S3
        (client_error("ConditionalCheckFailedException", 400), False),
        (
            client_error(
                "TransactionCanceledException",
                CancellationReasons=[{"Code": "ConditionalCheckFailed"}, {"Code": "TransactionConflict"}],
            ),
            False,
        ),
        (EndpointConnectionError(endpoint_url="https://s3.eu-central-1.amazonaws.com"), True),
        (ValueError("bug"), False),
    ],
    ids=lambda value: value if isinstance(value, bool) else aws_faults_id(value),
)
def test_which_failures_are_passing(fault, transient):
    from pynamodb.exceptions import PutError

    from chalicelib import errors, faults

    assert (faults.transient_fault(fault) is not None) is transient
    assert (faults.transient_fault(PutError(cause=fault)) is not None) is transient  # PynamoDB's wrapping

    def service_call() -> None:
        try:
            raise PutError(cause=fault)
        except PutError:
            raise errors.StaleWrite() from None  # a service's own reading of the failure

    with pytest.raises(errors.StaleWrite) as reported:
        service_call()
    assert (faults.transient_fault(reported.value) is not None) is transient
