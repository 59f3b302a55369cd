"""`python -m tools.staff`: add (password typed twice or from stdin; secret and URI shown once), list, deactivate."""

import io
import os
import re
from datetime import UTC, datetime

import pytest
import time_machine

from tools import staff as tool

PASSWORD = "Grüner-Tee-im-Büro-42"


def run(*argv, stdin="", monkeypatch=None):
    out = io.StringIO()
    code = tool.main(list(argv), stdin=io.StringIO(stdin), out=out)
    return code, out.getvalue()


def test_add_asks_for_the_password_twice_and_prints_secret_and_uri_once(aws, monkeypatch):
    from chalicelib import totp
    from chalicelib.auth import passwords
    from chalicelib.models import Staff

    typed = iter([PASSWORD, PASSWORD])
    prompts = []
    monkeypatch.setattr(tool.getpass, "getpass", lambda prompt: prompts.append(prompt) or next(typed))

    code, output = run("add", "--email", "Kim.Team@Unicorn2.example", "--name", " Kim  Team ")

    assert code == 0
    assert prompts == ["Passwort: ", "Passwort wiederholen: "]
    account = Staff.get("kim.team@unicorn2.example")
    assert (account.name, account.active, account.totp_last_step) == ("Kim Team", True, 0)
    assert passwords.verify_password(account.password_hash, PASSWORD)
    assert len(account.totp_secret) == 32
    assert f"TOTP-Geheimnis: {account.totp_secret}\n" in output
    uri = re.search(r"otpauth://\S+", output).group(0)
    assert uri == totp.provisioning_uri(account.totp_secret, account="kim.team@unicorn2.example")
    assert uri.startswith("otpauth://totp/")
    assert f"secret={account.totp_secret}" in uri
    assert output.count(account.totp_secret) == 2  # the secret, and inside the URI
    assert PASSWORD not in output


def test_add_with_password_from_stdin(aws):
    from chalicelib.auth import passwords
    from chalicelib.models import Staff

    code, _ = run(
        "add", "--email", "kim@unicorn2.example", "--name", "Kim", "--password-stdin", stdin=f"{PASSWORD}\n"
    )

    assert code == 0
    assert passwords.verify_password(Staff.get("kim@unicorn2.example").password_hash, PASSWORD)


def test_the_new_account_signs_in_with_a_code_from_the_printed_secret(client):
    from tests.factories import totp_code

    _, output = run(
        "add", "--email", "kim@unicorn2.example", "--name", "Kim", "--password-stdin", stdin=PASSWORD
    )
    secret = re.search(r"TOTP-Geheimnis: (\w+)", output).group(1)

    response = client.post(
        "/api/team/auth/login",
        {"email": "kim@unicorn2.example", "password": PASSWORD, "code": totp_code(secret)},
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (
            ["--email", "kim@unicorn2.example", "--name", "Kim"],
            "",
            "Auf der Standardeingabe kam kein Passwort an.",
        ),
        (["--email", "kim@unicorn2.example", "--name", "Kim"], "kurz", "mindestens 10 Zeichen"),
        (["--email", "kim@unicorn2.example", "--name", "Kim"], "passwort123", "zu verbreitet"),
        (["--email", "kein-at-zeichen", "--name", "Kim"], PASSWORD, "gültige E-Mail-Adresse"),
        (["--email", "kim@unicorn2.example", "--name", "  "], PASSWORD, "Bitte geben Sie einen Namen an."),
    ],
)
def test_add_refuses_bad_input_and_creates_nothing(aws, capsys, argv, stdin, message):
    from chalicelib.models import Staff

    code, output = run("add", *argv, "--password-stdin", stdin=stdin)

    assert code == 1
    assert output == ""
    assert message in capsys.readouterr().err
    assert list(Staff.scan()) == []


def test_add_refuses_two_different_passwords(aws, monkeypatch, capsys):
    from chalicelib.models import Staff

    typed = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr(tool.getpass, "getpass", lambda prompt: next(typed))

    assert run("add", "--email", "kim@unicorn2.example", "--name", "Kim")[0] == 1
    assert "stimmen nicht überein" in capsys.readouterr().err
    assert list(Staff.scan()) == []


def test_add_refuses_an_address_that_has_an_account(aws, capsys):
    from tests.factories import make_staff

    make_staff()
    code, _ = run(
        "add", "--email", "SUPPORT@unicorn2.example", "--name", "Kim", "--password-stdin", stdin=PASSWORD
    )

    assert code == 1
    assert "gibt es bereits ein Team-Konto" in capsys.readouterr().err


def test_list_shows_every_account_with_its_state(aws):
    from tests.factories import make_staff

    with time_machine.travel(datetime(2026, 3, 1, 23, 30, tzinfo=UTC)):  # 2 March in Berlin
        make_staff()
        make_staff(email="kim@unicorn2.example", name="Kim Berg", totp_secret=None)
    run("deactivate", "--email", "kim@unicorn2.example")

    code, output = run("list")

    assert code == 0
    assert output.splitlines() == [
        "kim@unicorn2.example  Kim Berg  deaktiviert  angelegt am 02.03.2026",
        "support@unicorn2.example  Sam Support  aktiv  angelegt am 02.03.2026",
    ]


def test_list_without_accounts(aws):
    assert run("list") == (0, "Noch keine Team-Konten.\n")


def test_deactivate_signs_the_account_out_and_keeps_it_out(client):
    from tests.factories import make_staff

    make_staff()
    client.staff_login()

    code, output = run("deactivate", "--email", " Support@unicorn2.example")

    assert code == 0
    assert output == "Team-Konto support@unicorn2.example deaktiviert, 1 Sitzung beendet.\n"
    assert client.get("/api/team/session").status_code == 401


def test_deactivate_an_unknown_account(aws, capsys):
    assert run("deactivate", "--email", "nobody@unicorn2.example")[0] == 1
    assert "kein Team-Konto" in capsys.readouterr().err


def test_without_environment_it_asks_for_the_running_stack(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(tool, "DEFAULT_ENV_FILE", tmp_path / "stack.env")
    monkeypatch.delenv("KC_TABLE_PREFIX")

    assert run("list")[0] == 1
    assert "Der lokale Stack läuft nicht" in capsys.readouterr().err


def test_env_file_of_a_stopped_stack_is_not_used(tmp_path, capsys):
    env_file = tmp_path / "stack.env"
    env_file.write_text("export KC_STACK_PID=999999999\nexport KC_TABLE_PREFIX=kc-stale-\n", encoding="utf-8")
    before = os.environ["KC_TABLE_PREFIX"]

    assert run("--env-file", str(env_file), "list")[0] == 1
    assert "läuft nicht mehr" in capsys.readouterr().err
    assert os.environ["KC_TABLE_PREFIX"] == before
