"""MkDocs hook: the list of pages that show "War dieser Artikel hilfreich?", for the feedback API.

`mkdocs build` (`make site`) writes the paths of every page that carries the feedback widget to
functions/portal/chalicelib/feedback/articles.json, which is tracked in git and shipped with the API:
POST /api/feedback accepts votes only for these pages. The file is rewritten only when the list changed.

Nothing is written
- by `mkdocs serve` (it builds drafts, and with --dirtyreload only part of the site) or a programmatic build;
- when the project has no API package next to mkdocs.yml (throwaway copies of the site in tests and benches).

`shows_feedback` mirrors the condition in overrides/partials/kc-feedback.html;
tests/docs/test_feedback_articles.py compares the list with the widgets of the built site.
"""

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

API_LIST = Path("functions/portal/chalicelib/feedback/articles.json")
# Pages without the widget besides the home page, portal pages and pages with `hide: [feedback]`.
NO_FEEDBACK_URLS = frozenset({"tags/", "support/ticket/"})
PORTAL_PREFIX = "kundencenter/"

log = logging.getLogger("mkdocs.hooks.feedback_articles")


class _State:
    command: str | None = None  # set by on_startup: "build", "gh-deploy" or "serve"
    dirty = False


def on_startup(*, command: str, dirty: bool) -> None:
    _State.command = command
    _State.dirty = dirty


def shows_feedback(page: Any) -> bool:
    """True when the page carries the feedback widget (same rule as partials/kc-feedback.html)."""
    meta = page.meta or {}
    hide = meta.get("hide") or []
    return bool(
        page.url
        and not page.is_homepage
        and meta.get("template") != "portal.html"
        and "feedback" not in hide
        and not page.url.startswith(PORTAL_PREFIX)
        and page.url not in NO_FEEDBACK_URLS
    )


def feedback_pages(files: Any) -> list[str]:
    """Sorted paths (like "zugang/anmelden/") of the published pages that show the widget."""
    return sorted(
        file.page.url
        for file in files.documentation_pages()
        if file.page is not None and not file.inclusion.is_excluded() and shows_feedback(file.page)
    )


def render_list(pages: list[str]) -> str:
    """The file's content: the paths one per line, so a new article is a one-line diff."""
    document = {"generated_by": "overrides/hooks/feedback_articles.py (make site)", "articles": pages}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Replace the file atomically (the API may read it meanwhile) when its content differs."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except FileNotFoundError:
        pass
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def on_env(env: Any, *, config: Any, files: Any) -> Any:
    if _State.command not in ("build", "gh-deploy") or _State.dirty:
        return env
    target = Path(config.config_file_path).resolve().parent / API_LIST
    if not target.parent.is_dir():
        return env
    if write_if_changed(target, render_list(feedback_pages(files))):
        log.info("%s updated: please commit it together with the articles.", API_LIST.as_posix())
    return env
