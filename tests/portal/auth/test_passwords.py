"""Password hashing parameters and rules (service level)."""

from pathlib import Path

import pytest
import yaml

from chalicelib import settings as settings_module
from chalicelib.auth import passwords
from local.devserver import stack_environment

ROOT = Path(__file__).resolve().parents[3]
OWASP_PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$"  # m=19 MiB, t=2, p=1
TEST_PREFIX = "$argon2id$v=19$m=8,t=1,p=1$"


def test_production_hashes_with_the_owasp_parameters():
    """The one test that pays for the real parameters: production and the local stack use them."""
    # Both stages deploy the one template (infra/template.yaml); its Globals give every function the profile.
    template = yaml.safe_load((ROOT / "infra/template.yaml").read_text(encoding="utf-8"))
    deployed = template["Globals"]["Function"]["Environment"]["Variables"]["KC_PASSWORD_HASH_PROFILE"]
    profiles = {
        "prod": deployed,
        "dev": deployed,
        "local": stack_environment(endpoint_url="http://127.0.0.1:1", site_origin="http://127.0.0.1:2")[
            "KC_PASSWORD_HASH_PROFILE"
        ],
    }
    assert profiles == {"prod": "owasp", "dev": "owasp", "local": "owasp"}
    hashed = passwords.profile_hasher(profiles["prod"]).hash("Sommerregen-ueber-Bremen-7")
    assert hashed.startswith(OWASP_PREFIX)
    assert passwords.verify_password(hashed, "Sommerregen-ueber-Bremen-7")
    assert not passwords.verify_password(hashed, "sommerregen-ueber-bremen-7")


def test_tests_hash_cheaply_and_hashes_of_either_profile_verify():
    hashed = passwords.hash_password("Sommerregen-ueber-Bremen-7")
    assert hashed.startswith(TEST_PREFIX)
    assert passwords.verify_password(hashed, "Sommerregen-ueber-Bremen-7")
    assert not passwords.verify_password(hashed, "sommerregen-ueber-bremen-7")
    owasp = passwords.profile_hasher("owasp")
    assert owasp.verify(hashed, "Sommerregen-ueber-Bremen-7")


def test_needs_rehash_compares_with_the_configured_profile():
    cheap = passwords.hash_password("Sommerregen-ueber-Bremen-7")
    assert not passwords.needs_rehash(cheap)
    assert passwords.profile_hasher("owasp").check_needs_rehash(cheap)
    # An OWASP hash (e.g. made before the profile changed) needs a rehash only here, never in production.
    owasp_hash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$" + "A" * 43
    assert passwords.needs_rehash(owasp_hash)
    assert not passwords.profile_hasher("owasp").check_needs_rehash(owasp_hash)


@pytest.mark.parametrize("profile", [None, "", "OWASP", "fast"])
def test_the_hash_profile_is_required_and_checked(monkeypatch, profile):
    if profile is None:
        monkeypatch.delenv("KC_PASSWORD_HASH_PROFILE")
    else:
        monkeypatch.setenv("KC_PASSWORD_HASH_PROFILE", profile)
    with pytest.raises(RuntimeError, match="KC_PASSWORD_HASH_PROFILE"):
        settings_module.load_settings()


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
