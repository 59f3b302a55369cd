"""The Kundencenter's own navigation comes from one place (mkdocs.yml extra.portal_nav) and names only
pages that exist, are portal pages for customers and are not in the help center's `nav:`."""

from typing import Any

import pytest
from mkdocs.exceptions import PluginError

from tests.docs.hooks import PROJECT_DIR, doc_files, load_hook, mkdocs_config

portal_nav = load_hook("portal_nav")

SECTIONS = [
    "Übersicht",
    "Persönliche Daten",
    "Weitere Kontaktdaten",
    "Vertragsdaten",
    "Statistik",
    "Rechnungen",
    "Tickets",
    "Sicherheit",
]


def config(*entries: dict[str, str], nav: Any = None) -> dict[str, Any]:
    return {"extra": {"portal_nav": list(entries)}, "nav": nav or []}


def test_mkdocs_yml_lists_the_portal_sections_in_order_and_every_page_exists() -> None:
    entries = portal_nav.configured_entries(mkdocs_config())
    assert [label for label, _ in entries] == SECTIONS
    for _, path in entries:
        assert (PROJECT_DIR / "docs" / path).is_file(), path
    files = doc_files(*(path for _, path in entries))
    assert [label for label, _ in portal_nav.resolve(mkdocs_config(), files)] == SECTIONS


def test_no_portal_section_is_in_the_help_navigation() -> None:
    help_paths = portal_nav._help_nav_paths(mkdocs_config()["nav"])
    assert not any(path.startswith("kundencenter/") for path in help_paths)


def test_an_entry_naming_a_missing_page_stops_the_build() -> None:
    files = doc_files("kundencenter/index.md")
    with pytest.raises(PluginError, match=r"Rechnungen: kundencenter/rechnungen\.md.*gibt es nicht"):
        portal_nav.resolve(
            config({"Übersicht": "kundencenter/index.md"}, {"Rechnungen": "kundencenter/rechnungen.md"}),
            files,
        )


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"Team": "kundencenter/team/index.md"}, "ohne kundencenter/team/"),
        ({"Rechnungen": "rechnungen/index.md"}, "nur Seiten unter docs/kundencenter/"),
    ],
)
def test_team_and_help_pages_are_not_customer_sections(entry: dict[str, str], message: str) -> None:
    files = doc_files("kundencenter/team/index.md", "rechnungen/index.md")
    with pytest.raises(PluginError, match=message):
        portal_nav.resolve(config(entry), files)


def test_a_page_in_both_navigations_stops_the_build() -> None:
    files = doc_files("kundencenter/index.md")
    nav = [{"Hilfe-Center": ["index.md"]}, {"Kundencenter": ["kundencenter/index.md"]}]
    with pytest.raises(PluginError, match="auch in der Hilfe-Navigation"):
        portal_nav.resolve(config({"Übersicht": "kundencenter/index.md"}, nav=nav), files)


def test_a_label_twice_stops_the_build() -> None:
    files = doc_files("kundencenter/index.md", "kundencenter/rechnungen.md")
    with pytest.raises(PluginError, match="zweimal"):
        portal_nav.resolve(
            config({"Übersicht": "kundencenter/index.md"}, {"übersicht": "kundencenter/rechnungen.md"}), files
        )
