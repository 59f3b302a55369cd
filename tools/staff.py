"""Staff accounts of the team area (/kundencenter/team/): add, list, deactivate.

    python -m tools.staff add --email sam@unicorn2.example --name "Sam Support"   # asks for the password twice
    echo "$PASSWORD" | python -m tools.staff add --email … --name … --password-stdin
    python -m tools.staff list
    python -m tools.staff deactivate --email sam@unicorn2.example

`add` prints the new TOTP secret and its otpauth:// URI once (for the authenticator app); they are
not shown again. It works on the tables of the environment it runs in (the variables settings.py
requires: AWS_DEFAULT_REGION, KC_TABLE_PREFIX, ...). When KC_TABLE_PREFIX is not set, it takes them
from the running local stack's `.local/stack.env` (`make run`).
"""

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from tools.feedback_report import printable
from tools.stack_env import stack_problem

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ENV_FILE = ROOT / ".local" / "stack.env"
BERLIN = ZoneInfo("Europe/Berlin")

START_STACK_HINT = (
    "Der lokale Stack läuft nicht: {path} fehlt.\n"
    "Bitte starten Sie ihn zuerst in einem anderen Terminal mit `make run`, "
    "oder setzen Sie die KC_*-Variablen der gewünschten Umgebung."
)
STALE_STACK_HINT = (
    "Der lokale Stack läuft nicht mehr ({path} stammt von einem beendeten Prozess).\n"
    "Bitte starten Sie ihn zuerst mit `make run`."
)


class ToolError(Exception):
    """Something the person running the tool has to fix; the message is German."""


def load_stack_environment(path: Path) -> None:
    """Put the local stack's variables into the environment; ToolError when the stack is not running."""
    problem = stack_problem(path)
    if problem is not None:
        raise ToolError((START_STACK_HINT if problem == "missing" else STALE_STACK_HINT).format(path=path))


def read_password(*, from_stdin: bool, stdin: TextIO) -> str:
    """The new password: one line from stdin, or typed twice without echo."""
    if from_stdin:
        password = stdin.readline().removesuffix("\n").removesuffix("\r")
        if not password:
            raise ToolError("Auf der Standardeingabe kam kein Passwort an.")
        return password
    password = getpass.getpass("Passwort: ")
    if getpass.getpass("Passwort wiederholen: ") != password:
        raise ToolError("Die beiden Eingaben stimmen nicht überein. Es wurde kein Konto angelegt.")
    return password


def add(*, email: str, name: str, password: str, out: TextIO) -> None:
    from chalicelib import totp
    from chalicelib.team.service import create_staff

    staff = create_staff(email=email, name=name, password=password)
    uri = totp.provisioning_uri(staff.totp_secret, account=staff.email)
    out.write(
        f"Team-Konto angelegt: {staff.name} <{staff.email}>\n\n"
        "Richten Sie jetzt die Authenticator-App ein. Geheimnis und URI werden nur dieses eine Mal gezeigt:\n"
        f"  TOTP-Geheimnis: {staff.totp_secret}\n"
        f"  otpauth-URI:    {uri}\n"
    )


def list_accounts(*, out: TextIO) -> None:
    from chalicelib.team.service import list_staff

    accounts = list_staff()
    if not accounts:
        out.write("Noch keine Team-Konten.\n")
        return
    for staff in accounts:
        state = "aktiv" if staff.active else "deaktiviert"
        created = staff.created_at.astimezone(BERLIN).strftime("%d.%m.%Y")
        out.write(printable(f"{staff.email}  {staff.name}  {state}  angelegt am {created}") + "\n")


def deactivate(*, email: str, out: TextIO) -> None:
    from chalicelib.team.service import deactivate_staff

    ended = deactivate_staff(email=email)
    sessions = "1 Sitzung" if ended == 1 else f"{ended} Sitzungen"
    out.write(f"Team-Konto {email.strip().lower()} deaktiviert, {sessions} beendet.\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tools.staff",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--env-file",
        type=Path,
        help="Variablen aus dieser Datei lesen (Standard: .local/stack.env, wenn KC_TABLE_PREFIX nicht gesetzt ist)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    add_command = commands.add_parser("add", help="Team-Konto anlegen")
    add_command.add_argument("--email", required=True, help="E-Mail-Adresse (Anmeldename)")
    add_command.add_argument("--name", required=True, help="Name, wie ihn das Team sieht")
    add_command.add_argument(
        "--password-stdin", action="store_true", help="Passwort als eine Zeile von der Standardeingabe lesen"
    )
    commands.add_parser("list", help="Team-Konten auflisten")
    deactivate_command = commands.add_parser("deactivate", help="Team-Konto deaktivieren und abmelden")
    deactivate_command.add_argument("--email", required=True)
    return parser


def main(argv: Sequence[str] | None = None, *, stdin: TextIO | None = None, out: TextIO | None = None) -> int:
    args = _parser().parse_args(argv)
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    try:
        if args.env_file is not None:
            load_stack_environment(args.env_file)
        elif "KC_TABLE_PREFIX" not in os.environ:
            load_stack_environment(DEFAULT_ENV_FILE)
        portal = str(ROOT / "functions" / "portal")
        if portal not in sys.path:
            sys.path.insert(0, portal)
        try:
            import chalicelib.settings  # noqa: F401 (reads the environment)
            from chalicelib import errors
        except RuntimeError as exc:  # a variable settings.py requires is missing
            raise ToolError(f"Die Umgebung ist unvollständig ({exc}).") from None
        try:
            if args.command == "add":
                password = read_password(from_stdin=args.password_stdin, stdin=stdin)
                add(email=args.email, name=args.name, password=password, out=out)
            elif args.command == "list":
                list_accounts(out=out)
            else:
                deactivate(email=args.email, out=out)
        except errors.ApiError as exc:
            raise ToolError(str(exc)) from None
    except ToolError as exc:
        sys.stderr.write(printable(f"{exc}\n"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
