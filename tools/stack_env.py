"""The running local stack's variables (`.local/stack.env`, written by `make run`) for the command-line tools."""

import os
import re
import shlex
from pathlib import Path


def read_env_file(path: Path) -> dict[str, str]:
    """The variables of a shell file of `export NAME=value` lines (as `source` would set them)."""
    variables: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        name, equals, value = line.partition("=")
        if not equals or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            continue
        words = shlex.split(value, comments=True)
        variables[name] = words[0] if words else ""
    return variables


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stack_problem(path: Path) -> str | None:
    """Why the stack's variables can't be used ("missing" or "stale"), or None after loading them."""
    if not path.is_file():
        return "missing"
    variables = read_env_file(path)
    pid = variables.get("KC_STACK_PID", "")
    if pid.isdigit() and not process_alive(int(pid)):
        return "stale"
    os.environ.update(variables)
    return None


def stack_unavailable(path: Path, make_target: str) -> str | None:
    """None after loading the running stack's variables; else why not, in German, with the next step."""
    problem = stack_problem(path)
    if problem == "missing":
        return (
            f"Der lokale Stack läuft nicht: {path} fehlt.\nBitte starten Sie ihn zuerst in einem anderen "
            f"Terminal mit `make run` und rufen Sie dann `make {make_target}` erneut auf."
        )
    if problem == "stale":
        return (
            f"Der lokale Stack läuft nicht mehr ({path} stammt von einem beendeten Prozess).\n"
            f"Bitte starten Sie ihn zuerst mit `make run` und rufen Sie dann `make {make_target}` erneut auf."
        )
    return None
