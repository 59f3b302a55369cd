"""`chalice local --no-autoreload` in functions/portal serves the API against the stack's embedded AWS."""

import os
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.browser_fixtures import Stack

ROOT = Path(__file__).resolve().parents[2]


def stack_environment(stack: Stack) -> dict[str, str]:
    """The variables the running stack wrote to its env file (what `source .local/stack.env` sets)."""
    variables = {}
    for line in (stack.log_path.parent / "stack.env").read_text(encoding="utf-8").splitlines():
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").partition("=")
            variables[name] = shlex.split(value)[0] if value else ""
    return variables


def test_chalice_local_signs_in_the_demo_customer_of_the_running_stack(fresh_stack: Stack) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KC_", "AWS_"))}
    env.update(stack_environment(fresh_stack))
    chalice = Path(sys.executable).with_name("chalice")
    process = subprocess.Popen(
        [str(chalice), "local", "--no-autoreload", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT / "functions" / "portal",
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
            try:
                requests.get(f"{url}/api/session", timeout=2)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "chalice local did not start within 60 s"
                time.sleep(0.2)
        session = requests.Session()
        response = session.post(
            f"{url}/api/auth/login",
            json={"login": "demo@example.com", "password": "Kundencenter-Demo-2026"},
            headers={"Origin": env["KC_SITE_ORIGIN"]},
            timeout=20,
        )
        assert response.status_code == 200, response.text
        assert session.get(f"{url}/api/session", timeout=10).json()["customer_number"] == "100001"
        # The same embedded AWS: the sign-in shows in the stack's own audit log.
        stack_session = requests.Session()
        stack_session.post(
            f"{fresh_stack.url}/api/auth/login",
            json={"login": "100001", "password": "Kundencenter-Demo-2026"},
            headers={"Origin": fresh_stack.url},
            timeout=20,
        ).raise_for_status()
        events = [
            e["event"]
            for e in stack_session.get(f"{fresh_stack.url}/api/audit", timeout=10).json()["entries"]
        ]
        assert events == ["login", "login"]
    finally:
        process.terminate()
        process.wait(timeout=10)
