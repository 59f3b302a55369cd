"""The running local stack's variables (`.local/stack.env`, written by `make run`) for the command-line tools."""

import os
import re
import shlex
from pathlib import Path
from typing import Any


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


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_stack(
    site: Path, workdir: Path, *, port: int | None = None, timeout: float = 300
) -> tuple[Any, str]:
    """A local stack of its own (`python -m local.devserver`) serving `site`, for benches and tools that
    measure in a browser: its variables in workdir/stack.env, its output in workdir/devserver.log.
    Returns the process and its base URL once it answers; exits with the log's path when it does not."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    port = port or free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith(("KC_", "AWS_"))}
    env["AWS_DEFAULT_REGION"] = "eu-central-1"
    command = [sys.executable, "-m", "local.devserver", "--port", str(port), "--site-dir", str(site)]
    command += ["--env-file", str(workdir / "stack.env")]
    log = (workdir / "devserver.log").open("wb")
    process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    problem = wait_until_answering(process, url, timeout)
    if problem is None:
        return process, url
    if process.poll() is None:
        process.kill()
    raise SystemExit(f"local.devserver {problem}, see {workdir / 'devserver.log'}")


def wait_until_answering(process: Any, url: str, timeout: float) -> str | None:
    """None once the stack at `url` answers (its mail page: the seed is done); else why not."""
    import time

    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"exited with {process.returncode}"
        try:
            if requests.get(f"{url}/_dev/mail", timeout=2).status_code == 200:
                return None
        except (requests.ConnectionError, requests.Timeout):  # not up yet, or busy seeding
            pass
        time.sleep(0.3)
    return f"did not answer within {timeout:.0f} s"
