"""`make screenshots`: the help articles' screenshots, made again from the local stack with the demo data.

    python -m tools.screenshots [--only NAME ...] [--site-dir site]

Reads the list in tools/screenshots.yml (name, page, who is signed in, steps, the element to crop, alt
text), starts `local.devserver` on a free port with its clock set to FROZEN (so the demo data's dates,
invoice numbers, orders and ticket numbers come out the same on every run), photographs each element
at 1280 px in Debian's Chromium (Playwright, the browser's clock at FROZEN too) and writes optimised
PNGs to docs/assets/screenshots/<name>.png; PNGs there that the list no longer names are removed.
A selector that matches nothing stops the run with the name of the screenshot.
tests/docs/test_screenshots.py checks that the articles embed exactly these screenshots, with the
list's alt text.
"""

import argparse
import io
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tools.stack_env import free_port, wait_until_answering

ROOT = Path(__file__).resolve().parent.parent
SHOTS_FILE = ROOT / "tools" / "screenshots.yml"
OUT_DIR = ROOT / "docs" / "assets" / "screenshots"

# A Wednesday in the middle of a month, mid-morning in Berlin: the server's and the browser's "now".
FROZEN = datetime(2026, 11, 18, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
WIDTH, HEIGHT = 1280, 900
PADDING = 16  # CSS pixels of page around the cropped element
COLOURS = 256  # the PNGs are palette images (as pngquant makes them): a third of the size, no visible loss
# The devices list shows the browser: an ordinary desktop Chrome, not "HeadlessChrome".
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/142.0.0.0 Safari/537.36"
)
GERMAN_CHROMIUM = Path("/usr/lib/chromium/locales/de.pak")  # Debian's chromium-l10n
# The customer is also signed in on a phone since 07:50 (used until 09:05, from a documentation address),
# so "Angemeldete Geräte" shows another device to sign out.
PHONE_SIGNED_IN, PHONE_LAST_SEEN = timedelta(hours=1, minutes=40), timedelta(minutes=25)  # before FROZEN
PHONE_ADDRESS = "203.0.113.24"
PHONE_USER_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.5 Mobile/15E148 Safari/604.1"
)
USERS = ("anonymous", "customer", "staff")
STEP_KINDS = ("click", "fill", "fill_label", "wait")
SHOT_KEYS = {"name", "path", "user", "steps", "crop", "max_height", "alt"}
START_TIMEOUT = 600  # seconds; the seed takes 1-3 min on the loaded 2-core machine, more beside another seed
TIMEOUT_MS = 60_000  # the statistics page takes 15 s on the loaded machine

MOUNTED = """() => {
    const root = document.getElementById("kc-portal");
    return root && !root.hasAttribute("aria-busy") && !root.querySelector(".kc-loading, .kc-skeleton")
        && !document.querySelector("[aria-busy=true]");
}"""


# The height (at most `limit`) at which to cut the element so that no row, line of text or control is cut
# through: the lowest bottom edge of a descendant that no such piece straddles.
CLEAN_CUT = """(element, limit) => {
    const top = element.getBoundingClientRect().top;
    const pieces = [...element.querySelectorAll(
        "tr, li, p, dt, dd, h1, h2, h3, h4, label, legend, input, select, textarea, button, a, img, svg, canvas"
    )].map(piece => piece.getBoundingClientRect()).filter(rect => rect.height > 0)
      .map(rect => [rect.top - top, rect.bottom - top]);
    const cuts = [...new Set(pieces.map(([, bottom]) => bottom).filter(bottom => bottom <= limit))]
      .sort((a, b) => b - a);
    const clean = cuts.find(cut => !pieces.some(([start, end]) => start < cut - 0.5 && end > cut + 0.5));
    return clean ?? limit;
}"""


class ScreenshotError(Exception):
    """A screenshot could not be made; the message names it."""


@dataclass(frozen=True)
class Shot:
    name: str
    path: str
    user: str
    crop: str
    alt: str
    steps: list[dict[str, str]] = field(default_factory=list)
    max_height: int | None = None

    @property
    def filename(self) -> str:
        return f"{self.name}.png"


def load_shots(path: Path = SHOTS_FILE) -> list[Shot]:
    """The list, checked: known keys, unique names, known users and step kinds, alt text present."""
    import yaml

    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a list of screenshots")
    shots: list[Shot] = []
    for entry in entries:
        where = f"{path.name}: {entry.get('name', entry)!r}" if isinstance(entry, dict) else path.name
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: each screenshot is a mapping")
        unknown = set(entry) - SHOT_KEYS
        missing = {"name", "path", "user", "crop", "alt"} - set(entry)
        if unknown or missing:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
        name = str(entry["name"])
        if not name.replace("-", "").isalnum() or name != name.lower() or not name.isascii():
            raise ValueError(f"{where}: the name is lower-case ASCII letters, digits and '-'")
        if entry["user"] not in USERS:
            raise ValueError(f"{where}: user is one of {USERS}")
        if not str(entry["path"]).startswith("/"):
            raise ValueError(f"{where}: path starts with '/'")
        if not str(entry["alt"]).strip():
            raise ValueError(f"{where}: alt text is empty")
        steps = entry.get("steps") or []
        for step in steps:
            kinds = [kind for kind in STEP_KINDS if kind in step]
            if len(kinds) != 1 or (kinds[0].startswith("fill") and "value" not in step):
                raise ValueError(f"{where}: a step has one of {STEP_KINDS} (fill and fill_label a value)")
        if any(shot.name == name for shot in shots):
            raise ValueError(f"{where}: the name is used twice")
        shots.append(
            Shot(
                name=name,
                path=str(entry["path"]),
                user=str(entry["user"]),
                crop=str(entry["crop"]),
                alt=str(entry["alt"]).strip(),
                steps=[{key: str(value) for key, value in step.items()} for step in steps],
                max_height=int(entry["max_height"]) if entry.get("max_height") else None,
            )
        )
    return shots


# The local stack at FROZEN


def serve_frozen(argv: list[str]) -> int:
    """`local.devserver` with the clock at FROZEN (standing still) and reproducible ticket numbers.

    Runs in the child process `FrozenStack` starts; the clock stands still so that every timestamp the
    seed and the pages write is the same on every run.
    """
    import time_machine

    # Ticket numbers are the one random thing the pages show (secrets.choice: only they and the 2FA
    # recovery codes, which no screenshot shows, draw from it).
    secrets.choice = random.Random(FROZEN.isoformat()).choice  # type: ignore[assignment]  # noqa: S311
    time_machine.travel(FROZEN, tick=False).start()
    from local import devserver, seed

    seed.SEEDERS.append(seed_phone_session)
    return devserver.main(argv)


def seed_phone_session() -> None:
    """A second session of 100001, on an iPhone, signed in and last used before FROZEN (runs in the stack)."""
    import time_machine

    from chalicelib.auth.service import new_session
    from chalicelib.client import Client
    from chalicelib.models import Customer

    with time_machine.travel(FROZEN - PHONE_SIGNED_IN, tick=False):
        client = Client(ip_address=PHONE_ADDRESS, user_agent=PHONE_USER_AGENT)
        session, _ = new_session(customer=Customer.get("100001"), client=client)
    session.last_seen_at = FROZEN - PHONE_LAST_SEEN
    session.save()


@contextmanager
def frozen_stack(site_dir: Path) -> Iterator[str]:
    """The local stack (site + API + embedded AWS with the demo data) at FROZEN; yields its base URL."""
    if not (site_dir / "index.html").is_file():
        raise ScreenshotError(f"{site_dir} has no built site: run `make site` first")
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="kc-screenshots-"))
    log_path = workdir / "devserver.log"
    env = {name: value for name, value in os.environ.items() if not name.startswith(("KC_", "AWS_"))}
    env["PYTHONUNBUFFERED"] = "1"
    command = [sys.executable, "-m", "tools.screenshots", "--serve", "--port", str(port)]
    command += ["--site-dir", str(site_dir), "--env-file", str(workdir / "stack.env")]
    with log_path.open("wb") as log:
        # Our own module with arguments made here.
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    url = f"http://127.0.0.1:{port}"

    def output() -> str:
        return log_path.read_text(encoding="utf-8", errors="replace")

    try:
        problem = wait_until_answering(process, url, START_TIMEOUT)
        if problem is not None:
            raise ScreenshotError(f"local.devserver {problem}:\n{output()}")
        yield url
    finally:
        process.terminate()
        try:  # with the clock standing still, the devserver's shutdown can hang: nothing of it is kept
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


# Signing in


def sign_in(context: Any, base: str, user: str) -> None:
    """Sign the browser context in through the API (the session cookie lands in the context)."""
    from local.seed import DEMO_CUSTOMER, DEMO_STAFF
    from tests.factories import totp_code

    if user == "customer":
        path = "/api/auth/login"
        data = {"login": DEMO_CUSTOMER["customer_number"], "password": DEMO_CUSTOMER["password"]}
    elif user == "staff":
        path = "/api/team/auth/login"
        code = totp_code(DEMO_STAFF["totp_secret"], at=FROZEN.timestamp())
        data = {"email": DEMO_STAFF["email"], "password": DEMO_STAFF["password"], "code": code}
    else:
        return
    response = context.request.post(f"{base}{path}", data=data)
    if response.status != 200:
        raise ScreenshotError(f"signing in as {user} failed: {response.status} {response.text()}")


# Taking the screenshots


def run_step(page: Any, shot: Shot, step: dict[str, str]) -> None:
    try:
        if "click" in step:
            page.locator(step["click"]).first.click()
        elif "fill" in step:
            page.locator(step["fill"]).first.fill(step["value"])
        elif "fill_label" in step:
            page.get_by_label(step["fill_label"], exact=True).first.fill(step["value"])
        else:
            page.locator(step["wait"]).first.wait_for(state="visible")
    except Exception as error:  # Playwright's TimeoutError and friends
        raise ScreenshotError(
            f"screenshot {shot.name!r}: step {step} failed on {shot.path}: {first_line(error)}"
        ) from error


def first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def capture(page: Any, base: str, shot: Shot) -> bytes:
    """The PNG of the shot's element (plus PADDING), as Chromium renders it at 1280 px."""
    page.goto(f"{base}{shot.path}")
    page.wait_for_function(MOUNTED)
    for step in shot.steps:
        run_step(page, shot, step)
        page.wait_for_function(MOUNTED)
    element = page.locator(shot.crop).first
    try:
        element.wait_for(state="visible", timeout=TIMEOUT_MS)
    except Exception as error:
        raise ScreenshotError(
            f"screenshot {shot.name!r}: nothing visible matches the crop selector {shot.crop!r} on "
            f"{shot.path} (page title {page.title()!r}); fix tools/screenshots.yml"
        ) from error
    # No focus ring or hover state the article does not talk about; web fonts and images loaded.
    page.evaluate("() => document.activeElement instanceof HTMLElement && document.activeElement.blur()")
    page.mouse.move(0, 0)
    page.evaluate("() => document.fonts.ready")
    page.wait_for_load_state("networkidle")
    box = element.evaluate(
        """element => {
            const rect = element.getBoundingClientRect();
            return { x: rect.left + scrollX, y: rect.top + scrollY, width: rect.width, height: rect.height };
        }"""
    )
    if box["width"] < 1 or box["height"] < 1:
        raise ScreenshotError(f"screenshot {shot.name!r}: {shot.crop!r} on {shot.path} is empty")
    page_width = page.evaluate("() => document.documentElement.scrollWidth")
    page_height = page.evaluate("() => document.documentElement.scrollHeight")
    height, below = box["height"], PADDING
    if shot.max_height is not None and height > shot.max_height:
        # Cut: no padding below, where the next row would show its top.
        height, below = element.evaluate(CLEAN_CUT, shot.max_height), 0
    x = max(0, box["x"] - PADDING)
    y = max(0, box["y"] - PADDING)
    clip = {
        "x": x,
        "y": y,
        "width": min(page_width, box["x"] + box["width"] + PADDING) - x,
        "height": min(page_height, box["y"] + height + below) - y,
    }
    png: bytes = page.screenshot(clip=clip, full_page=True, animations="disabled", caret="hide")
    return png


def optimise(png: bytes) -> bytes:
    """A palette PNG of at most COLOURS colours, without metadata (the same bytes for the same pixels)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        palette = image.convert("RGB").quantize(
            COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def take(shots: list[Shot], base: str, out_dir: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from tests.browser_fixtures import CHROMIUM_ARGS

    executable = shutil.which("chromium")
    if executable is None:
        raise ScreenshotError("Debian's chromium is not installed: `make chromium`")
    if not GERMAN_CHROMIUM.is_file():
        raise ScreenshotError(
            f"{GERMAN_CHROMIUM} is missing (the file picker would say 'Choose Files'): install chromium-l10n"
        )
    written: list[Path] = []
    with sync_playwright() as playwright:
        # --lang: Chromium's own words in the page (the file picker's "Dateien auswählen") in German too.
        arguments = [*CHROMIUM_ARGS, "--lang=de-DE"]
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=arguments, env={**os.environ, "LANGUAGE": "de"}
        )
        try:
            contexts: dict[str, Any] = {}
            for shot in shots:
                if shot.user not in contexts:  # one signed-in browser per user: one device in its list
                    context = browser.new_context(
                        locale="de-DE",
                        timezone_id="Europe/Berlin",
                        viewport={"width": WIDTH, "height": HEIGHT},
                        user_agent=USER_AGENT,
                        reduced_motion="reduce",
                    )
                    context.clock.set_fixed_time(FROZEN)
                    # API calls made with the context's own client carry the site's origin, as fetch() does.
                    context.set_extra_http_headers({"Origin": base})
                    context.set_default_timeout(TIMEOUT_MS)
                    sign_in(context, base, shot.user)
                    contexts[shot.user] = context
                page = contexts[shot.user].new_page()
                try:
                    started = time.monotonic()
                    data = optimise(capture(page, base, shot))
                except ScreenshotError:
                    raise
                except Exception as error:  # Playwright's TimeoutError and friends: say which screenshot
                    raise ScreenshotError(
                        f"screenshot {shot.name!r} ({shot.path}): {first_line(error)}"
                    ) from error
                finally:
                    page.close()
                target = out_dir / shot.filename
                target.write_bytes(data)
                written.append(target)
                print(
                    f"  {shot.filename:<42} {len(data) / 1024:6.1f} KB  {time.monotonic() - started:4.1f} s"
                )
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--serve"]:
        return serve_frozen(arguments[1:])
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", help="only these screenshots (names from the list)"
    )
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site", help="the built site (make site)")
    parser.add_argument(
        "--stack-url",
        help="use this running stack instead of starting one (for trying selectors; its data shows today)",
    )
    args = parser.parse_args(arguments)
    started = time.monotonic()
    shots = load_shots()
    if args.only:
        unknown = sorted(set(args.only) - {shot.name for shot in shots})
        if unknown:
            parser.error(f"not in {SHOTS_FILE.relative_to(ROOT)}: {', '.join(unknown)}")
        shots = [shot for shot in shots if shot.name in args.only]
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    try:
        if args.stack_url:
            written = take(shots, args.stack_url.rstrip("/"), OUT_DIR)
        else:
            print(f"Local stack with the demo data, clock at {FROZEN:%Y-%m-%d %H:%M %Z} …", flush=True)
            with frozen_stack(args.site_dir) as base:
                print(f"Screenshots into {OUT_DIR.relative_to(ROOT)}/:", flush=True)
                written = take(shots, base, OUT_DIR)
    except ScreenshotError as error:
        print(f"make screenshots: {error}", file=sys.stderr)
        return 1
    if not args.only and not args.stack_url:
        for stale in sorted(set(OUT_DIR.glob("*.png")) - set(written)):
            stale.unlink()
            print(f"  {stale.name} removed (no longer in the list)")
    total = sum(path.stat().st_size for path in OUT_DIR.glob("*.png"))
    print(
        f"{len(written)} screenshots written; all {total / 1024:.0f} KB; {time.monotonic() - started:.0f} s."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
