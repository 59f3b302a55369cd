"""Chromium (Debian's binary) driven by Playwright, and the sites it visits.

`static_site` serves the built site alone (help pages, search); `stack` runs the whole local
stack (site + API + embedded AWS with demo data) as `make run` does.
"""

import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",  # the sites under test are on loopback
]


@pytest.hookimpl(wrapper=True)  # around xdist's hook, which reads the groups (`--dist loadgroup`)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> Iterator[None]:
    """Under xdist, every test of the local stack runs on one worker, every other Chromium test on one.

    So one run still starts one local stack, and Chromium at most twice; the API tests fill the gaps
    on both workers. Without xdist the groups change nothing.
    """
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "stack" in fixtures:
            item.add_marker(pytest.mark.xdist_group("stack"))
        elif fixtures & {"browser", "static_site"}:
            item.add_marker(pytest.mark.xdist_group("chromium"))
    yield
    if getattr(config.option, "loadgroup", False):
        _name_the_groups(items)


def _name_the_groups(items: list[pytest.Item]) -> None:
    """Give xdist's loadgroup scheduler the `<nodeid>@<group>` it reads the group from.

    pytest-xdist 3.8 renames `item._nodeid`, which pytest 9.2's structured node ids no longer read, so
    the groups silently vanish (pytest-dev/pytest-xdist#1386); this sets the structured id instead, and
    does nothing once xdist's own renaming works again.
    """
    from _pytest.nodeid import NodeId

    for item in items:
        mark = item.get_closest_marker("xdist_group")
        if mark is not None and "@" not in item.nodeid.rpartition("]")[2]:
            item._id = NodeId.parse(f"{item.nodeid}@{mark.args[0]}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed; `make test` installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def static_site(built_site: Path) -> Iterator[str]:
    """The built site on a free loopback port; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class Stack:
    """The running local stack: base URL, the mails it sent, a reset to the seeded state."""

    def __init__(self, url: str, log_path: Path) -> None:
        self.url = url
        self.log_path = log_path

    def output(self) -> str:
        """What the devserver printed so far (for failure messages)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def mails(self) -> list[dict[str, Any]]:
        """Mails sent through the embedded SES, newest first: to, subject, text, sent_at."""
        import requests

        response = requests.get(f"{self.url}/_dev/mail", timeout=10)
        response.raise_for_status()
        mails: list[dict[str, Any]] = response.json()
        return mails

    def reset(self) -> None:
        """Fresh tables with only the demo data, no mails, no throttle counters."""
        import requests

        requests.post(f"{self.url}/_dev/reset", timeout=30).raise_for_status()


@pytest.fixture(scope="session")
def stack(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """`python -m local.devserver` on a free port (site + API + embedded AWS with demo data)."""
    import os
    import socket
    import subprocess
    import sys
    import time

    import requests

    root = Path(__file__).resolve().parents[1]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    workdir = tmp_path_factory.mktemp("stack")
    log_path = workdir / "devserver.log"
    env = {name: value for name, value in os.environ.items() if not name.startswith(("KC_", "AWS_"))}
    env["PYTHONUNBUFFERED"] = "1"
    command = [sys.executable, "-m", "local.devserver", "--port", str(port), "--site-dir", str(built_site)]
    command += ["--env-file", str(workdir / "stack.env")]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def output() -> str:
        return log_path.read_text(encoding="utf-8", errors="replace")

    # The seed (25,000 demo orders of 100001 among it) takes 40-75 s on the loaded 2-core machine.
    deadline = time.monotonic() + 240
    while True:
        if process.poll() is not None:
            pytest.fail(f"local.devserver exited with {process.returncode}:\n{output()}")
        try:
            if requests.get(f"{url}/_dev/mail", timeout=2).status_code == 200:
                break
        except (requests.ConnectionError, requests.Timeout):  # not up yet, or busy starting
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"local.devserver did not answer within 240 s:\n{output()}")
        time.sleep(0.1)
    try:
        yield Stack(url, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        sys.stderr.write("" if process.returncode in (0, -15) else f"local.devserver output:\n{output()}\n")


@pytest.fixture
def fresh_stack(stack: Stack) -> Stack:
    """The stack reset to its seeded state: only the demo data, no mails, no throttle counters."""
    stack.reset()
    return stack
