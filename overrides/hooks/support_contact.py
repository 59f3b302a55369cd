"""MkDocs hook: the support's phone number, e-mail address and service hours, kept in one place.

They live in mkdocs.yml under `extra.support` (`phone`, `email`, `hours`), where templates read them as
`config.extra.support.phone` (error pages, 404). Articles write `{{ support.phone }}`,
`{{ support.email }}` or `{{ support.hours }}`; this hook puts the values in before the Markdown is
rendered (so the search index holds them too). An unknown name, or a name without a value, stops the
build with the article's path and line: no article shows a half-filled contact.
"""

import re
from typing import Any

from mkdocs.exceptions import PluginError

SUPPORT_FIELDS = ("phone", "email", "hours")
PLACEHOLDER_RE = re.compile(r"\{\{\s*support\.(\w+)\s*\}\}")


def support_values(config: Any) -> dict[str, str]:
    """`extra.support` of mkdocs.yml as strings (empty when it is missing)."""
    support = (config.get("extra") or {}).get("support") or {}
    return {name: str(support[name]).strip() for name in SUPPORT_FIELDS if support.get(name)}


def fill(markdown: str, values: dict[str, str], *, source: str) -> str:
    """The Markdown with every `{{ support.<name> }}` replaced; PluginError for an unknown or empty one."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            line = markdown.count("\n", 0, match.start()) + 1
            known = ", ".join(f"support.{field}" for field in SUPPORT_FIELDS)
            raise PluginError(
                f"{source}:{line}: „{match.group(0)}“ ist unbekannt oder in mkdocs.yml unter extra.support "
                f"nicht gesetzt (möglich: {known})."
            )
        return values[name]

    return PLACEHOLDER_RE.sub(replace, markdown)


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    if "support." not in markdown:
        return markdown
    return fill(markdown, support_values(config), source=f"docs/{page.file.src_uri}")
