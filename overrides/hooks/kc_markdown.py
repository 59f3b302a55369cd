"""Shared helpers for the site's MkDocs hooks: front matter, code masking, page kinds.

Not a hook itself: the hooks import it (MkDocs puts a hook's folder on sys.path while loading it).
Every mask keeps offsets and line breaks, so a match in masked text points at the same line in
the file the editor sees.
"""

import bisect
import re
from collections.abc import Mapping
from typing import Any

# The same pattern MkDocs uses to find YAML front matter (mkdocs.utils.meta.YAML_RE).
FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)

# Pages that are not articles: the help home, the tag index, and portal pages (by template).
NON_ARTICLE_PAGES = frozenset({"index.md", "tags.md"})
NON_ARTICLE_TEMPLATES = frozenset({"portal.html", "home.html"})

_FENCE_OPEN_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
# A code span may wrap lines but never crosses a blank line (the end of a paragraph).
_INLINE_CODE_RE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)", re.DOTALL)


def is_article(src_uri: str, meta: Mapping[str, Any]) -> bool:
    """True for help articles: every Markdown page except the home, the tag index and portal pages."""
    return src_uri not in NON_ARTICLE_PAGES and meta.get("template") not in NON_ARTICLE_TEMPLATES


def front_matter_span(source: str) -> tuple[int, int] | None:
    """Start and end offset of the YAML text between the `---` lines, or None without front matter."""
    match = FRONT_MATTER_RE.match(source)
    return (match.start(1), match.end(1)) if match else None


def blank(text: str) -> str:
    """The text with every character but line breaks replaced by a space."""
    return re.sub(r"[^\n]", " ", text)


def mask_span(text: str, start: int, end: int) -> str:
    return text[:start] + blank(text[start:end]) + text[end:]


def mask_front_matter(source: str) -> str:
    """The source with the whole front matter block (including its `---` lines) blanked."""
    match = FRONT_MATTER_RE.match(source)
    return mask_span(source, 0, match.end()) if match else source


def mask_code(text: str) -> str:
    """The text with fenced code blocks and inline code spans blanked (offsets unchanged)."""
    lines = text.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        if fence is None:
            match = _FENCE_OPEN_RE.match(line)
            if match:
                fence = match.group("fence")
                lines[index] = blank(line)
        else:
            lines[index] = blank(line)
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
    masked = "\n".join(lines)
    return _INLINE_CODE_RE.sub(lambda m: blank(m.group(0)), masked)


class LineIndex:
    """Maps offsets in a text to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self._newlines = [i for i, char in enumerate(text) if char == "\n"]

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self._newlines, offset) + 1
