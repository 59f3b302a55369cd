"""`portal:` links in articles: a link while the portal page exists, the menu path in bold until then."""

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
        ("Unter [Rechnungen](portal:rechnungen/) sehen Sie", "Unter **Kundencenter › Rechnungen** sehen Sie"),
        ("[Persönliche Daten](portal:persoenliche-daten/#bank)", "**Kundencenter › Persönliche Daten**"),
        ("[Kundencenter › Tickets](portal:tickets/)", "**Kundencenter › Tickets**"),
        ("das [Ticket-Formular](portal:/support/kontakt/)", "das **Ticket-Formular**"),
    ],
)
def test_missing_portal_page_becomes_bold_menu_path(markdown: str, expected: str) -> None:
    assert rewrite(markdown) == expected


def test_several_links_on_one_line_and_other_links_untouched() -> None:
    markdown = "[A](portal:anmelden/), [B](portal:statistik/) und [C](../rechnungen/rechnungen-finden.md)"
    assert rewrite(markdown) == (
        "[A](../kundencenter/anmelden.md), **Kundencenter › B** und [C](../rechnungen/rechnungen-finden.md)"
    )


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
