"""MkDocs hook: reading time and related articles for help articles (rendered by partials/content.html).

- `page.meta["kc_reading_minutes"]`: minutes to read the article at WORDS_PER_MINUTE (at least 1).
- template variable `kc_related`: the pages listed in the article's `related:` front matter, filled up
  to RELATED_COUNT with articles sharing the most tags (same section first, then by title).
- The hooks folder lives in the theme's custom_dir, so MkDocs would publish its data files
  (tags.yml, ...) as theme assets; they are dropped from the site here.
"""

import math
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from kc_markdown import is_article, mask_code

WORDS_PER_MINUTE = 200
RELATED_COUNT = 3

HOOKS_DIR = Path(__file__).resolve().parent
_MARKUP_RE = re.compile(
    r"<!--.*?-->|<[^>]+>|\]\([^)]*\)|^[ ]{0,3}\[[^\]]+\]:.*$|\{[:#.][^}\n]*\}|https?://\S+",
    re.DOTALL | re.MULTILINE,
)
_WORD_RE = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")


class _State:
    articles: dict[str, Any] = {}  # noqa: RUF012 - src_uri -> page; reset in on_config
    by_tag: dict[str, list[Any]] = {}  # noqa: RUF012


def on_config(config: Any) -> None:
    _State.articles = {}
    _State.by_tag = {}


def on_files(files: Any, *, config: Any) -> Any:
    for file in list(files):
        if file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(HOOKS_DIR):
            files.remove(file)
    return files


def count_words(markdown: str) -> int:
    """Words a reader reads: code, HTML tags, link targets and URLs do not count."""
    return len(_WORD_RE.findall(_MARKUP_RE.sub(" ", mask_code(markdown))))


def reading_minutes(words: int) -> int:
    return max(1, math.floor(words / WORDS_PER_MINUTE + 0.5))


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    if is_article(page.file.src_uri, page.meta):
        page.meta["kc_reading_minutes"] = reading_minutes(count_words(markdown))
    return markdown


def on_env(env: Any, *, config: Any, files: Any) -> Any:
    articles = [
        file.page
        for file in files.documentation_pages()
        if file.page is not None and is_article(file.src_uri, file.page.meta)
    ]
    by_tag: dict[str, list[Any]] = defaultdict(list)
    for page in articles:
        for tag in _tags(page):
            by_tag[tag].append(page)
    _State.articles = {page.file.src_uri: page for page in articles}
    _State.by_tag = dict(by_tag)
    return env


def on_page_context(context: dict[str, Any], *, page: Any, config: Any, nav: Any) -> dict[str, Any]:
    is_known_article = _State.articles.get(page.file.src_uri) is page
    context["kc_related"] = related_pages(page, articles=_State.articles) if is_known_article else []
    return context


def _tags(page: Any) -> list[str]:
    tags = page.meta.get("tags") or []
    return [str(tag) for tag in tags] if isinstance(tags, list) else []


def _section(page: Any) -> str:
    return page.file.src_uri.rpartition("/")[0]


def related_pages(page: Any, *, articles: dict[str, Any]) -> list[Any]:
    """The explicit `related:` pages, then articles sharing tags until there are RELATED_COUNT."""
    chosen: list[Any] = []
    for path in page.meta.get("related") or []:
        target = articles.get(str(path).strip().lstrip("/"))
        if target is not None and target is not page and all(target is not other for other in chosen):
            chosen.append(target)
    if len(chosen) >= RELATED_COUNT:
        return chosen

    # Pages compare by identity here: MkDocs' Page.__eq__ is slow and a thousand pages call it often.
    excluded = {id(page)} | {id(other) for other in chosen}
    shared: dict[int, int] = defaultdict(int)
    candidates: dict[int, Any] = {}
    for tag in _tags(page):
        for other in _State.by_tag.get(tag, []):
            if id(other) in excluded or other.file.name == "index":
                continue
            shared[id(other)] += 1
            candidates[id(other)] = other
    section = _section(page)
    ranked = sorted(
        candidates.values(),
        key=lambda other: (-shared[id(other)], _section(other) != section, str(other.title or "").casefold()),
    )
    return chosen + ranked[: RELATED_COUNT - len(chosen)]
