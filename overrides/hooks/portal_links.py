"""MkDocs hook: `portal:` links in articles point at portal pages, or stay plain text until a page exists.

`[Rechnungen](portal:rechnungen/)` becomes a relative link to docs/kundencenter/rechnungen.md (or
docs/kundencenter/rechnungen/index.md) when that page exists, and the plain text
"Kundencenter › Rechnungen (bald verfügbar)" while it does not: never bold, so it cannot be taken for a
menu that is there. `portal:` alone is the Übersicht (docs/kundencenter/index.md);
`portal:/support/ticket/` (leading slash) is a site path outside /kundencenter/. Links in code are left
alone, so articles can show the syntax.

Editor check: a menu path written in bold by hand ("**Kundencenter › Rechnungen**", "**Daten › Aus
Text/CSV**") stops the build; a portal page is named with a `portal:` link, another program's menu in
quotation marks.
"""

import posixpath
import re
from typing import Any

from kc_markdown import FRONT_MATTER_RE, LineIndex, mask_code
from mkdocs.exceptions import PluginError

PORTAL_ROOT = "kundencenter"
PORTAL_NAME = "Kundencenter"

PORTAL_LINK_RE = re.compile(
    r"(?<!!)\[(?P<text>[^\]\n]*)\]\(\s*(?P<open><?)portal:(?P<target>[^\s)>]*)>?"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
PORTAL_REFERENCE_RE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?portal:", re.MULTILINE)
VALID_TARGET_RE = re.compile(r"^/?(?:[a-z0-9][a-z0-9_-]*/)*(?:[a-z0-9][a-z0-9_-]*/?)?(?:#[\w-]+)?$")


def resolve(target: str, files: Any) -> tuple[str, str] | None:
    """The doc file (src_uri) a portal target points at and its anchor, or None if no page exists yet."""
    path, _, anchor = target.partition("#")
    site_path = path.strip("/") if path.startswith("/") else posixpath.join(PORTAL_ROOT, path).strip("/")
    candidates = [f"{site_path}.md", f"{site_path}/index.md"] if site_path else ["index.md"]
    for candidate in candidates:
        if files.get_file_from_path(candidate) is not None:
            return candidate, anchor
    return None


SOON = "bald verfügbar"
# Bold (** or __, opened and closed next to text) with a menu separator: "›", "»", "→" or " > ".
BOLD_MENU_RE = re.compile(
    r"(\*\*|__)(?=\S)(?P<text>(?:(?!\1)[^\n])*?(?:›|»|→| > )(?:(?!\1)[^\n])*?)(?<=\S)\1"
)


def placeholder_text(text: str, target: str) -> str:
    """What a reader sees while the portal page does not exist: the menu path as plain text, marked as
    not there yet."""
    label = text.strip()
    inside_portal = not target.startswith("/")
    if inside_portal and not label.startswith(PORTAL_NAME):
        label = f"{PORTAL_NAME} › {label}"
    return f"{label} ({SOON})"


def check_menu_bold(markdown: str, *, src_uri: str, first_line: int = 1) -> None:
    """Refuse a menu path set in bold by hand (outside code)."""
    masked = mask_code(markdown)
    match = BOLD_MENU_RE.search(masked)
    if match is None:
        return
    line = LineIndex(markdown).line(match.start()) + first_line - 1
    raise PluginError(
        f"docs/{src_uri}:{line}: Der Menüpfad „{match.group('text')}“ ist fett gesetzt. Nennen Sie eine Seite "
        "des Kundencenters mit einem Portal-Link, zum Beispiel [Rechnungen](portal:rechnungen/): Er wird zum "
        "Link, sobald es die Seite gibt, und bis dahin zu „Kundencenter › Rechnungen (bald verfügbar)“. Menüs "
        "anderer Programme setzen Sie in Anführungszeichen: „Daten › Aus Text/CSV“."
    )


def relative_link(from_src_uri: str, to_src_uri: str, anchor: str) -> str:
    link = posixpath.relpath(to_src_uri, posixpath.dirname(from_src_uri) or ".")
    return f"{link}#{anchor}" if anchor else link


def rewrite(markdown: str, *, src_uri: str, files: Any, first_line: int = 1) -> str:
    """The Markdown with every portal link resolved; `first_line` is the file line of markdown's first line."""
    masked = mask_code(markdown)
    lines = LineIndex(markdown)

    def fail(offset: int, message: str) -> PluginError:
        return PluginError(f"docs/{src_uri}:{lines.line(offset) + first_line - 1}: {message}")

    reference = PORTAL_REFERENCE_RE.search(masked)
    if reference:
        raise fail(
            reference.start(),
            "Portal-Links bitte direkt in der Form [Text](portal:pfad/) schreiben, nicht als Verweis-Definition.",
        )

    pieces: list[str] = []
    position = 0
    for match in PORTAL_LINK_RE.finditer(masked):
        text, target = markdown[match.start("text") : match.end("text")], match.group("target")
        if not VALID_TARGET_RE.match(target):
            raise fail(
                match.start(),
                f"Der Portal-Link „portal:{target}“ ist ungültig. Schreiben Sie den Pfad unterhalb von "
                "/kundencenter/ mit Schrägstrich am Ende, z. B. „portal:rechnungen/“, oder einen Seitenpfad "
                "mit führendem Schrägstrich, z. B. „portal:/support/ticket/“.",
            )
        if not text.strip():
            raise fail(match.start(), f"Der Portal-Link „portal:{target}“ hat keinen Linktext.")
        resolved = resolve(target, files)
        if resolved is None:
            replacement = placeholder_text(text, target)
        else:
            replacement = f"[{text}]({relative_link(src_uri, *resolved)})"
        pieces += [markdown[position : match.start()], replacement]
        position = match.end()
    pieces.append(markdown[position:])
    return "".join(pieces)


def body_first_line(source: str, markdown: str) -> int:
    """The file line on which MkDocs' page.markdown starts (front matter and following blank lines removed)."""
    match = FRONT_MATTER_RE.match(source)
    if not match:
        return 1
    rest = source[match.end() :]
    return source[: match.end()].count("\n") + (len(rest) - len(rest.lstrip("\n"))) + 1


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    first_line = body_first_line(page.file.content_string, markdown)
    check_menu_bold(markdown, src_uri=page.file.src_uri, first_line=first_line)
    return rewrite(markdown, src_uri=page.file.src_uri, files=files, first_line=first_line)
