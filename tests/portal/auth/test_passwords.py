"""Password hashing parameters and rules (service level)."""

import pytest

from chalicelib.auth import passwords


def test_hash_is_argon2id_with_owasp_parameters():
    hashed = passwords.hash_password("Sommerregen-ueber-Bremen-7")
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert passwords.verify_password(hashed, "Sommerregen-ueber-Bremen-7")
    assert not passwords.verify_password(hashed, "sommerregen-ueber-bremen-7")


def test_unknown_account_never_verifies():
    assert not passwords.verify_password(None, "timing-equaliser-for-unknown-accounts")


@pytest.mark.parametrize(
    "password",
    [
        "1234567890",
        "password123",
        "Passwort2026!",
        "qwertzuiop",
        "aaaaaaaaaaaa",
        "P@ssw0rd-2026",
        "iloveyou12",
    ],
)
def test_common_and_trivial_passwords_are_refused(password):
    assert passwords.password_problem(password) is not None


@pytest.mark.parametrize(
    "password", ["Sommerregen-ueber-Bremen-7", "kaffee tasse gelb 42", "ä" * 4 + "öüß-Straße"]
)
def test_reasonable_passwords_are_accepted(password):
    assert passwords.password_problem(password) is None


def test_personal_data_in_the_password_is_refused():
    problem = passwords.password_problem("mustermann-im-sommer", personal=("Mustermann",))
    assert problem is not None
    assert "nicht enthalten" in problem
