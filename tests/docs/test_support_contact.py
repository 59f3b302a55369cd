"""Support phone, e-mail and hours come from one place (mkdocs.yml extra.support) into every article."""

import pytest
from mkdocs.exceptions import PluginError

from tests.docs.hooks import load_hook, mkdocs_config

support_contact = load_hook("support_contact")


def test_mkdocs_yml_sets_every_support_field() -> None:
    values = support_contact.support_values(mkdocs_config())
    assert set(values) == set(support_contact.SUPPORT_FIELDS)


def test_placeholders_are_filled() -> None:
    values = {"phone": "030 1", "email": "s@example.com", "hours": "Mo–Fr"}
    text = "Telefon {{ support.phone }}, {{support.email}} ({{ support.hours }})"
    assert support_contact.fill(text, values, source="docs/a.md") == "Telefon 030 1, s@example.com (Mo–Fr)"


def test_an_unknown_or_unset_placeholder_stops_the_build_with_its_line() -> None:
    with pytest.raises(PluginError, match=r"docs/a\.md:2: .*support\.fax"):
        support_contact.fill("Text\n{{ support.fax }}", {"phone": "1"}, source="docs/a.md")
    with pytest.raises(PluginError, match=r"docs/a\.md:1: .*support\.email"):
        support_contact.fill("{{ support.email }}", {"phone": "1"}, source="docs/a.md")
