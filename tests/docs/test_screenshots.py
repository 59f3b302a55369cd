"""The articles' screenshots and `make screenshots` (tools/screenshots.py, list in tools/screenshots.yml) agree.

An article embeds only screenshots the script makes, with the list's alt text word for word; every
screenshot of the list is embedded somewhere and is in docs/assets/screenshots/; every portal page is in
at least one. No browser: this reads the list, the Markdown and the PNG headers.
"""

import re
import struct
from pathlib import Path

import pytest

from tools.screenshots import OUT_DIR, WIDTH, load_shots

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
MAX_BYTES = 150 * 1024

# Each portal page a customer uses, and the page address a screenshot of it starts from.
PORTAL_PAGES = {
    "Anmelden": "/kundencenter/anmelden/",
    "Übersicht": "/kundencenter/",
    "Persönliche Daten": "/kundencenter/persoenliche-daten/",
    "Weitere Kontaktdaten": "/kundencenter/weitere-kontaktdaten/",
    "Vertragsdaten": "/kundencenter/vertragsdaten/",
    "Statistik": "/kundencenter/statistik/",
    "Rechnungen": "/kundencenter/rechnungen/",
    "Tickets (Liste und Verlauf)": "/kundencenter/tickets/",
    "Neues Ticket": "/kundencenter/tickets/?neu",
    "Sicherheit": "/kundencenter/sicherheit/",
    "Ticket ohne Anmeldung": "/support/ticket/",
}

# ![alt](target "title") and <img ... src="..." alt="...">, each with what it points at.
MARKDOWN_IMAGE = re.compile(
    r"!\[(?P<alt>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?(?P<target>[^\s)>]+)>?[^)]*\)"
)
HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(
    r"""\b(?P<name>src|alt)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""", re.IGNORECASE
)


def screenshot_embeds(markdown: str, page: Path) -> list[tuple[str, str | None]]:
    """(screenshot name, alt text or None when it has none) of each screenshot the page embeds."""
    found: list[tuple[str, str | None]] = []
    candidates: list[tuple[str, str | None]] = []
    for match in MARKDOWN_IMAGE.finditer(markdown):
        candidates.append((match.group("target"), match.group("alt")))
    for tag in HTML_IMAGE.finditer(markdown):
        attributes = {
            found_attribute.group("name").lower(): found_attribute.group("double")
            or found_attribute.group("single")
            for found_attribute in ATTRIBUTE.finditer(tag.group(0))
        }
        candidates.append((attributes.get("src") or "", attributes.get("alt")))
    for target, alt in candidates:
        resolved = (page.parent / target.split("#")[0].split("?")[0]).resolve()
        if resolved.parent == OUT_DIR.resolve() or "assets/screenshots/" in target:
            found.append((Path(target).stem, alt.strip() if alt and alt.strip() else None))
    return found


def all_embeds() -> dict[str, list[tuple[str, str | None]]]:
    """Article (relative to docs/) → its screenshot embeds."""
    return {
        str(page.relative_to(DOCS)): embeds
        for page in sorted(DOCS.rglob("*.md"))
        if (embeds := screenshot_embeds(page.read_text(encoding="utf-8"), page))
    }


SHOTS = load_shots()
BY_NAME = {shot.name: shot for shot in SHOTS}


def test_articles_embed_only_screenshots_the_script_makes_with_its_alt_text() -> None:
    problems = []
    for article, embeds in all_embeds().items():
        for name, alt in embeds:
            shot = BY_NAME.get(name)
            if shot is None:
                problems.append(f"{article}: embeds {name}.png, which tools/screenshots.yml does not make")
            elif alt is None:
                problems.append(f"{article}: {name}.png has no alt text; use: {shot.alt}")
            elif alt != shot.alt:
                problems.append(f"{article}: {name}.png has the alt text {alt!r}; the list says {shot.alt!r}")
    assert not problems, "\n".join(problems)


def test_every_screenshot_is_embedded_in_an_article() -> None:
    used = {name for embeds in all_embeds().values() for name, _ in embeds}
    unused = [shot.name for shot in SHOTS if shot.name not in used]
    assert not unused, f"made by `make screenshots` but embedded in no article: {unused}"


def test_the_screenshots_folder_holds_exactly_the_lists_images_small_and_at_most_1280_px_wide() -> None:
    on_disk = {path.name for path in OUT_DIR.iterdir() if path.is_file()}
    assert on_disk == {shot.filename for shot in SHOTS}, (
        f"missing (run `make screenshots`): {sorted({shot.filename for shot in SHOTS} - on_disk)}; "
        f"not in the list: {sorted(on_disk - {shot.filename for shot in SHOTS})}"
    )
    for shot in SHOTS:
        data = (OUT_DIR / shot.filename).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{shot.filename} is not a PNG"
        width, height = struct.unpack(">II", data[16:24])
        assert 0 < width <= WIDTH, f"{shot.filename} is {width}x{height} px"
        assert len(data) <= MAX_BYTES, (
            f"{shot.filename} has {len(data) // 1024} KB (at most {MAX_BYTES // 1024})"
        )


def test_every_portal_page_is_in_a_screenshot() -> None:
    paths = {shot.path for shot in SHOTS}
    missing = [page for page, path in PORTAL_PAGES.items() if path not in paths]
    assert not missing, f"no screenshot of: {missing}"


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("![Formular](../assets/screenshots/anmelden.png)", [("anmelden", "Formular")]),
        ('![Formular](../assets/screenshots/anmelden.png "Titel")', [("anmelden", "Formular")]),
        ("![](../assets/screenshots/anmelden.png)", [("anmelden", None)]),
        ("![ ](<../assets/screenshots/anmelden.png>)", [("anmelden", None)]),
        ('<img src="../assets/screenshots/anmelden.png">', [("anmelden", None)]),
        ("<img alt='Formular' src='../assets/screenshots/anmelden.png' />", [("anmelden", "Formular")]),
        ("![Logo](../assets/images/logo.png) [Link](../assets/screenshots/anmelden.png)", []),
    ],
)
def test_embeds_are_found_in_markdown_and_html(markdown: str, expected: list[tuple[str, str | None]]) -> None:
    assert screenshot_embeds(markdown, DOCS / "zugang" / "anmelden.md") == expected


ENTRY = "{name: anmelden, path: /kundencenter/anmelden/, user: anonymous, crop: '#kc-portal', alt: Formular"


@pytest.mark.parametrize(
    ("listing", "problem"),
    [
        (
            "- {name: anmelden, path: /kundencenter/anmelden/, user: anonymous, crop: x, alt: ' '}",
            "alt text is empty",
        ),
        ("- {name: anmelden, path: /kundencenter/anmelden/, user: anonymous, crop: x}", "missing keys"),
        (f"- {ENTRY}}}\n- {ENTRY}}}", "used twice"),
        (f"- {ENTRY}, user: admin}}", "user is one of"),
        (f"- {ENTRY}, steps: [{{tap: button}}]}}", "a step has one of"),
        (f"- {ENTRY}, steps: [{{fill: input}}]}}", "a step has one of"),
    ],
)
def test_the_list_is_checked_when_read(tmp_path: Path, listing: str, problem: str) -> None:
    path = tmp_path / "screenshots.yml"
    path.write_text(listing + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        load_shots(path)
