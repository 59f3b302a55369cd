"""One JSON log line per request: route, method, status, duration, request id, who; never a secret."""

import json
import logging
import re

from tests.conftest import sent_mails
from tests.factories import DEMO_PASSWORD, make_customer

IBAN = "DE89370400440532013000"
BEARER = "eyJhbGciOiJIUzI1NiJ9.geheimer-bearer-wert"
NEW_PASSWORD = "Sommerregen-ueber-Bremen-7"


def log_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def request_lines(output: str) -> list[dict]:
    return [line for line in log_lines(output) if line["message"] == "request"]


def test_requests_full_of_secrets_leave_none_in_the_log(client, capsys):
    make_customer()
    capsys.readouterr()

    client.login()  # a password in the body; session and device cookies come back
    cookie_values = list(client.cookies.values())
    other = client.another_browser()
    other.login()
    sessions = client.get("/api/sessions", headers={"Authorization": f"Bearer {BEARER}"}).json_body[
        "sessions"
    ]
    other_session = next(session["id"] for session in sessions if not session["current"])
    assert client.delete(f"/api/sessions/{other_session}").status_code == 204
    client.post("/api/auth/password/forgot", {"login": "100001"})
    token = re.search(r"#token=([\w-]+)", sent_mails()[-1]["text"]).group(1)
    assert (
        client.post("/api/auth/password/reset", {"token": token, "password": NEW_PASSWORD}).status_code == 204
    )
    client.post("/api/auth/login", {"login": "100001", "password": "falsch-" + DEMO_PASSWORD})
    feedback = {"page": "rechnungen/e-rechnung/", "helpful": False, "reason": "sonstiges"}
    client.post("/api/feedback", {**feedback, "comment": f"Meine IBAN ist {IBAN}, Passwort {DEMO_PASSWORD}"})
    client.post("/api/feedback", {**feedback, "comment": "x" * 600, "iban": IBAN})  # refused: 400

    output = capsys.readouterr().out
    secrets = [DEMO_PASSWORD, NEW_PASSWORD, token, BEARER, IBAN, other_session, *cookie_values]
    secrets += [value.split(".", 1)[1] for value in cookie_values if "." in value]  # <Kundennummer>.<secret>
    for secret in secrets:
        assert secret not in output, secret
    for mail in sent_mails():  # no mail text either
        assert mail["text"].splitlines()[0] not in output

    lines = request_lines(output)
    assert [(line["method"], line["route"], line["status"]) for line in lines] == [
        ("POST", "/api/auth/login", 200),
        ("POST", "/api/auth/login", 200),
        ("GET", "/api/sessions", 200),
        ("DELETE", "/api/sessions/{session_id}", 204),
        ("POST", "/api/auth/password/forgot", 202),
        ("POST", "/api/auth/password/reset", 204),
        ("POST", "/api/auth/login", 401),
        ("POST", "/api/feedback", 201),
        ("POST", "/api/feedback", 400),
    ]
    signed_in = [line for line in lines if line["access"] == "customer"]
    assert [line["customer_number"] for line in signed_in] == ["100001", "100001"]
    assert all("customer_number" not in line for line in lines if line["access"] == "public")
    for line in lines:
        assert line["service"] == "kundencenter-portal"
        assert line["level"] == "INFO"
        assert isinstance(line["duration_ms"], float | int)
        assert line["duration_ms"] >= 0
        assert re.fullmatch(r"[0-9a-f-]{36}", line["request_id"])
    assert len({line["request_id"] for line in lines}) == len(lines)
    assert lines[6]["error"] == "InvalidCredentials"
    assert lines[-1]["error"] == "ValidationError"


def test_unknown_routes_are_logged_by_their_declared_path(client, capsys):
    capsys.readouterr()
    client.request("PUT", "/api/feedback", body={"page": "x"})
    (line,) = request_lines(capsys.readouterr().out)
    assert (line["route"], line["method"], line["status"]) == ("/api/feedback", "PUT", 405)


def test_the_request_id_comes_from_the_lambda_context():
    from chalice.app import Request

    from chalicelib.web import request_log

    class Context:
        aws_request_id = "c6af9ac6-7b61-11e6-9a41-93e812345678"

    event = {
        "multiValueQueryStringParameters": None,
        "headers": {},
        "pathParameters": None,
        "requestContext": {
            "httpMethod": "GET",
            "resourcePath": "/api/session",
            "requestId": "api-gateway-id",
        },
        "body": None,
        "isBase64Encoded": False,
        "stageVariables": None,
    }
    assert request_log.request_id(Request(event, Context())) == Context.aws_request_id
    assert request_log.request_id(Request(event)) == "api-gateway-id"
    event["requestContext"].pop("requestId")
    assert re.fullmatch(r"[0-9a-f-]{36}", request_log.request_id(Request(event)))


def test_the_redaction_filter_catches_what_slips_into_a_line(capsys):
    from chalicelib.web import request_log

    request_log.logger()
    logging.getLogger(request_log.SERVICE).warning(
        "Anmeldung mit password=%s und Cookie: kc_session=100001.abcdef, Authorization: Bearer %s, IBAN %s",
        DEMO_PASSWORD,
        BEARER,
        "DE89 3704 0044 0532 0130 00",
        extra={
            "body": {"login": "100001", "password": DEMO_PASSWORD, "totp_code": "123456", "iban": IBAN},
            "headers": {"Cookie": "kc_session=100001.abcdef", "Authorization": f"Bearer {BEARER}"},
            "token": "reset-token-value",
            "status_code": 400,
            "customer_number": "100001",
        },
    )
    output = capsys.readouterr().out
    (line,) = log_lines(output)
    for secret in (DEMO_PASSWORD, BEARER, "abcdef", "123456", IBAN, "3704 0044 0532", "reset-token-value"):
        assert secret not in output, secret
    assert line["body"] == {
        "login": "100001",
        "password": "[redacted]",
        "totp_code": "[redacted]",
        "iban": "[redacted]",
    }
    assert line["headers"] == {"Cookie": "[redacted]", "Authorization": "[redacted]"}
    assert (line["token"], line["status_code"], line["customer_number"]) == ("[redacted]", 400, "100001")
    assert "DE89 **** **** **** **30 00" in line["message"]
    assert "password=[redacted]" in line["message"]
