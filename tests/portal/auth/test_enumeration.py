"""Known and unknown accounts look alike to "Passwort vergessen" and "Login vergessen", errors included."""

import dataclasses
import time

import pytest

from chalicelib import throttle
from chalicelib.auth import service
from tests.conftest import sent_mails
from tests.factories import make_customer

FORGOT = [
    ("/api/auth/password/forgot", {"login": "100001"}, {"login": "100099"}),
    ("/api/auth/login/forgot", {"email": "demo@example.com"}, {"email": "niemand@example.com"}),
]


@pytest.mark.parametrize(("path", "known", "unknown"), FORGOT)
def test_a_429_per_address_takes_the_floor_for_known_and_unknown_accounts(
    client, monkeypatch, path, known, unknown
):
    """The floor pads every answer, also the error raised inside it: a fast 429 would tell them apart."""
    make_customer()
    monkeypatch.setattr(
        service, "settings", dataclasses.replace(service.settings, auth_response_floor_ms=300)
    )
    monkeypatch.setattr(
        service, "MAIL_PER_ADDRESS", throttle.Limit("mail-address", attempts=1, window_seconds=3600)
    )
    assert client.post(path, unknown).status_code == 202
    for body in (known, unknown):
        started = time.monotonic()
        response = client.post(path, body)
        assert response.status_code == 429
        assert time.monotonic() - started >= 0.3


@pytest.mark.parametrize(("path", "known", "unknown"), FORGOT)
def test_a_mail_that_cannot_be_sent_does_not_change_the_answer(client, monkeypatch, path, known, unknown):
    make_customer()
    monkeypatch.setattr(service, "send_mail", lambda **_: False)  # SES did not take it (mail.send_mail)
    answers = [client.post(path, body) for body in (known, unknown)]
    assert [answer.status_code for answer in answers] == [202, 202]
    assert answers[0].body == answers[1].body
    assert sent_mails() == []


def test_the_shared_helpers_are_public_and_not_copied():
    """Re-authentication and the greeting live once, in auth.service; no module imports its private names."""
    import ast
    import inspect

    from chalicelib.auth import two_factor
    from chalicelib.customers import service as customers

    assert callable(service.reauthenticate)
    assert callable(service.greeting)
    for module in (two_factor, customers):
        tree = ast.parse(inspect.getsource(module))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "chalicelib.auth.service":
                assert not [alias.name for alias in node.names if alias.name.startswith("_")], module
            if isinstance(node, ast.FunctionDef):
                assert node.name not in ("_check_password", "_greeting"), (module, node.name)
