"""`portal:` links in articles: a link while the portal page exists, the menu path as plain text with
"(bald verfügbar)" until then; a menu path set in bold by hand stops the build."""

import pytest
from mkdocs.exceptions import PluginError

from tests.docs.hooks import doc_files, load_hook

portal_links = load_hook("portal_links")

FILES = doc_files(
    "index.md",
    "kundencenter/index.md",
    "kundencenter/anmelden.md",
    "kundencenter/sicherheit/index.md",
    "support/ticket.md",
    "zugang/anmelden.md",
    "rechnungen/rechnungen-finden.md",
)


def rewrite(markdown: str, src_uri: str = "zugang/anmelden.md") -> str:
    return portal_links.rewrite(markdown, src_uri=src_uri, files=FILES)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (
            "Klicken Sie auf [Anmelden](portal:anmelden/).",
            "Klicken Sie auf [Anmelden](../kundencenter/anmelden.md).",
        ),
        ("Zur [Übersicht](portal:).", "Zur [Übersicht](../kundencenter/index.md)."),
        ("Unter [Sicherheit](portal:sicherheit/)", "Unter [Sicherheit](../kundencenter/sicherheit/index.md)"),
        ("Siehe [Formular](portal:/support/ticket/).", "Siehe [Formular](../support/ticket.md)."),
        ("[Anmelden](portal:anmelden/#passwort)", "[Anmelden](../kundencenter/anmelden.md#passwort)"),
        ('[Anmelden](portal:anmelden/ "Zur Anmeldung")', "[Anmelden](../kundencenter/anmelden.md)"),
        ("[Anmelden](<portal:anmelden/>)", "[Anmelden](../kundencenter/anmelden.md)"),
    ],
)
def test_existing_portal_page_becomes_a_relative_link(markdown: str, expected: str) -> None:
    assert rewrite(markdown) == expected


def test_link_is_relative_to_the_article_folder() -> None:
    assert (
        rewrite("[Anmelden](portal:anmelden/)", src_uri="index.md") == "[Anmelden](kundencenter/anmelden.md)"
    )


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (
            "Unter [Rechnungen](portal:rechnungen/) sehen Sie",
            "Unter Kundencenter › Rechnungen (bald verfügbar) sehen Sie",
        ),
        (
            "[Persönliche Daten](portal:persoenliche-daten/#bank)",
            "Kundencenter › Persönliche Daten (bald verfügbar)",
        ),
        ("[Kundencenter › Tickets](portal:tickets/)", "Kundencenter › Tickets (bald verfügbar)"),
        ("das [Ticket-Formular](portal:/support/kontakt/)", "das Ticket-Formular (bald verfügbar)"),
    ],
)
def test_missing_portal_page_is_plain_text_said_to_come_soon(markdown: str, expected: str) -> None:
    rewritten = rewrite(markdown)
    assert rewritten == expected
    assert "**" not in rewritten  # never bold: it would look like a menu that is there


def test_several_links_on_one_line_and_other_links_untouched() -> None:
    markdown = "[A](portal:anmelden/), [B](portal:statistik/) und [C](../rechnungen/rechnungen-finden.md)"
    assert rewrite(markdown) == (
        "[A](../kundencenter/anmelden.md), Kundencenter › B (bald verfügbar) und "
        "[C](../rechnungen/rechnungen-finden.md)"
    )


@pytest.mark.parametrize(
    "markdown",
    [
        "Öffnen Sie **Kundencenter › Rechnungen**.",
        "Klicken Sie auf __Kundencenter › Sicherheit__.",
        "In Excel über **Daten › Aus Text/CSV** öffnen.",
        "Wählen Sie **Hilfe » Kundencenter öffnen**.",
        "Unter **Einstellungen > Konto** finden Sie es.",
        "Erst **fett**, dann **Vertrag → Lizenz**.",
    ],
)
def test_a_menu_path_in_bold_stops_the_build_with_file_and_line(markdown: str) -> None:
    with pytest.raises(PluginError, match=r"^docs/zugang/anmelden\.md:12: Der Menüpfad .* ist fett gesetzt"):
        portal_links.check_menu_bold(f"Text\n\n{markdown}", src_uri="zugang/anmelden.md", first_line=10)


@pytest.mark.parametrize(
    "markdown",
    [
        "Klicken Sie auf **Speichern** und dann auf **Abbrechen**.",
        "Öffnen Sie [Rechnungen](portal:rechnungen/).",
        "In Excel über „Daten › Aus Text/CSV“ öffnen.",
        "Schreiben Sie nie `**Kundencenter › Rechnungen**`.",
        "```md\n**Kundencenter › Rechnungen**\n```",
        "Ein Wert **x** > 3 und **y**.",
    ],
)
def test_bold_labels_quoted_menus_and_code_pass(markdown: str) -> None:
    portal_links.check_menu_bold(markdown, src_uri="zugang/anmelden.md")


def test_no_article_has_a_bold_menu_path() -> None:
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs"
    for path in docs.rglob("*.md"):
        portal_links.check_menu_bold(path.read_text(encoding="utf-8"), src_uri=str(path.relative_to(docs)))


def test_code_shows_the_syntax_unchanged() -> None:
    markdown = (
        "Schreiben Sie `[Rechnungen](portal:rechnungen/)`.\n\n```md\n[Anmelden](portal:anmelden/)\n```\n"
    )
    assert rewrite(markdown) == markdown


def test_images_are_not_portal_links() -> None:
    assert rewrite("![Bild](portal:anmelden/)") == "![Bild](portal:anmelden/)"


@pytest.mark.parametrize("target", ["rechnungen.md", "../geheim/", "rechnungen/?tab=2", "Rechnungen/"])
def test_malformed_target_fails_with_file_and_line(target: str) -> None:
    with pytest.raises(PluginError, match=r"^docs/zugang/anmelden\.md:12: Der Portal-Link .* ist ungültig"):
        portal_links.rewrite(
            f"Text\n\nMehr [hier](portal:{target}).", src_uri="zugang/anmelden.md", files=FILES, first_line=10
        )


def test_reference_style_portal_link_is_refused() -> None:
    with pytest.raises(PluginError, match=r"^docs/zugang/anmelden\.md:3: Portal-Links bitte direkt"):
        rewrite("[Rechnungen][r]\n\n[r]: portal:rechnungen/\n")


def test_body_first_line_skips_front_matter_and_blank_lines() -> None:
    source = "---\ntitle: T\n---\n\n\n# T\n"
    assert portal_links.body_first_line(source, "# T\n") == 6


def test_built_site_has_no_unresolved_portal_links(built_site) -> None:
    pages = list(built_site.rglob("*.html"))
    assert pages
    leftovers = [str(page.relative_to(built_site)) for page in pages if 'href="portal:' in page.read_text()]
    assert leftovers == []
