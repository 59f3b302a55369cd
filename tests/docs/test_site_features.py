"""Help article features a reader sees: reading time, last change, related articles, tags, edit link, home search."""

import datetime as dt
import html
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from tests.docs.hooks import PROJECT_DIR, doc_files, load_hook
from tests.docs.minisite import build, write_project

site_features = load_hook("site_features")
kc_markdown = load_hook("kc_markdown")

DOCS = PROJECT_DIR / "docs"
MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
GERMAN_DATE = r"\d{1,2}\. (?:" + "|".join(MONTHS) + r") \d{4}"


def german_date(day: dt.date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


# --- reading time -------------------------------------------------------------------------------------


def test_words_in_code_links_and_markup_do_not_count() -> None:
    markdown = (
        "## Rechnungen finden\n\nÖffnen Sie [die Liste](../rechnungen/index.md) im Kundencenter.\n\n"
        "```bash\ncurl https://example.com/api/rechnungen --header x\n```\n\n"
        '<div class="grid" markdown>Ein `Code`-Wort</div> <https://kundencenter.unicorn2.de/>\n'
    )
    # Rechnungen finden / Öffnen Sie die Liste im Kundencenter / Ein -Wort
    assert site_features.count_words(markdown) == 10


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (50, 1), (299, 1), (300, 2), (640, 3), (1000, 5)])
def test_reading_minutes_at_200_words_per_minute(words: int, minutes: int) -> None:
    assert site_features.reading_minutes(words) == minutes


# --- related articles ---------------------------------------------------------------------------------


def make_site(pages: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Fake rendered pages by src_uri (meta as given, title from meta) registered with the hook."""
    files = doc_files(*pages)
    by_uri = {}
    for file in files.documentation_pages():
        meta = pages[file.src_uri]
        file.page = SimpleNamespace(file=file, meta=meta, title=meta.get("title", file.src_uri))
        by_uri[file.src_uri] = file.page
    site_features.on_config(None)
    site_features.on_env(None, config=None, files=files)
    return by_uri


def titles(pages: list[Any]) -> list[str]:
    return [page.title for page in pages]


RELATED_SITE = {
    "index.md": {"title": "Home", "tags": ["Rechnung"]},
    "kundencenter/rechnungen.md": {"title": "Portal", "template": "portal.html", "tags": ["Rechnung"]},
    "rechnungen/index.md": {"title": "Rechnungen", "tags": ["Rechnung"]},
    "rechnungen/finden.md": {"title": "Finden", "tags": ["Rechnung", "E-Rechnung"]},
    "rechnungen/zip.md": {"title": "ZIP", "tags": ["Rechnung", "Export"]},
    "rechnungen/e-rechnung.md": {"title": "E-Rechnung", "tags": ["E-Rechnung", "Rechnung"]},
    "statistik/export.md": {"title": "CSV-Export", "tags": ["Export"]},
    "statistik/b-export.md": {"title": "Bilder", "tags": ["Export"]},
    "support/ticket.md": {"title": "Ticket", "tags": ["Support"], "related": ["statistik/export.md"]},
    "support/allein.md": {"title": "Allein", "tags": ["Kundennummer"]},
}


def test_articles_sharing_most_tags_fill_up_to_three() -> None:
    pages = make_site(RELATED_SITE)
    related = site_features.related_pages(
        pages["rechnungen/e-rechnung.md"], articles=site_features._State.articles
    )
    # Finden shares two tags; then ZIP (one tag, same section); home, portal and overview pages never.
    assert titles(related) == ["Finden", "ZIP"]


def test_same_section_first_then_title() -> None:
    pages = make_site(RELATED_SITE)
    related = site_features.related_pages(pages["rechnungen/zip.md"], articles=site_features._State.articles)
    assert titles(related) == ["E-Rechnung", "Finden", "Bilder"]


def test_explicit_related_come_first_and_are_filled_up() -> None:
    pages = make_site(RELATED_SITE)
    related = site_features.related_pages(pages["support/ticket.md"], articles=site_features._State.articles)
    assert titles(related) == ["CSV-Export"]
    site = dict(RELATED_SITE)
    site["support/ticket.md"] = {"title": "Ticket", "tags": ["Export"], "related": ["rechnungen/finden.md"]}
    pages = make_site(site)
    related = site_features.related_pages(pages["support/ticket.md"], articles=site_features._State.articles)
    assert titles(related) == ["Finden", "Bilder", "CSV-Export"]


def test_more_than_three_explicit_related_are_all_kept() -> None:
    site = dict(RELATED_SITE)
    explicit = ["rechnungen/zip.md", "statistik/export.md", "rechnungen/finden.md", "support/allein.md"]
    site["support/ticket.md"] = {"title": "Ticket", "tags": ["Rechnung"], "related": explicit}
    pages = make_site(site)
    related = site_features.related_pages(pages["support/ticket.md"], articles=site_features._State.articles)
    assert titles(related) == ["ZIP", "CSV-Export", "Finden", "Allein"]


def test_article_without_shared_tags_has_no_related() -> None:
    pages = make_site(RELATED_SITE)
    assert (
        site_features.related_pages(pages["support/allein.md"], articles=site_features._State.articles) == []
    )


# --- the built site -------------------------------------------------------------------------------------


def front_matter(path: Path) -> dict[str, Any]:
    source = path.read_text(encoding="utf-8")
    match = kc_markdown.FRONT_MATTER_RE.match(source)
    return (yaml.safe_load(match.group(1)) or {}) if match else {}


def article_sources() -> list[Path]:
    return [
        path
        for path in sorted(DOCS.rglob("*.md"))
        if kc_markdown.is_article(str(path.relative_to(DOCS)), front_matter(path))
    ]


def built_page(site: Path, src: Path) -> str:
    relative = src.relative_to(DOCS).with_suffix("")
    folder = relative.parent if relative.name == "index" else relative
    return (site / folder / "index.html").read_text(encoding="utf-8")


def article_body(page_html: str) -> str:
    return page_html[page_html.index('<article class="md-content__inner') : page_html.index("</article>")]


def test_every_article_shows_reading_time_and_last_change_under_its_title(built_site: Path) -> None:
    sources = article_sources()
    assert len(sources) >= 20, "expected the help articles"
    for source in sources:
        body = kc_markdown.FRONT_MATTER_RE.sub("", source.read_text(encoding="utf-8"), count=1)
        minutes = site_features.reading_minutes(site_features.count_words(body))
        unit = "Minute" if minutes == 1 else "Minuten"
        article = article_body(built_page(built_site, source))
        meta = re.search(r'</h1><p class="kc-article-meta">(.*?)</p>', article, re.DOTALL)
        assert meta, f"{source.name}: no reading time right under the title"
        assert f"Lesezeit: {minutes} {unit}" in meta.group(1), source.name
        assert re.search(r"Zuletzt aktualisiert: <span[^>]*>" + GERMAN_DATE + "</span>", meta.group(1)), (
            source.name
        )


@pytest.mark.parametrize(
    "page", ["kundencenter/index.html", "kundencenter/anmelden/index.html", "tags/index.html"]
)
def test_portal_pages_and_tag_index_have_no_article_parts(built_site: Path, page: str) -> None:
    article = article_body((built_site / page).read_text(encoding="utf-8"))
    assert "Lesezeit" not in article
    assert "kc-related" not in article
    assert "Zuletzt aktualisiert" not in article


def related_links(article: str) -> list[tuple[str, str]]:
    section = re.search(r'<nav class="kc-related".*?</nav>', article, re.DOTALL)
    if not section:
        return []
    return [
        (href, html.unescape(title))
        for href, title in re.findall(
            r'<a href="([^"]+)" class="kc-related__link">([^<]+)</a>', section.group(0)
        )
    ]


def test_every_article_ends_with_related_articles_explicit_ones_first(built_site: Path) -> None:
    for source in article_sources():
        meta = front_matter(source)
        page_html = built_page(built_site, source)
        links = related_links(article_body(page_html))
        explicit = [front_matter(DOCS / path)["title"] for path in meta.get("related") or []]
        assert links, f"{source.name}: no related articles"
        assert [title for _, title in links[: len(explicit)]] == explicit, source.name
        assert len(links) <= max(3, len(explicit))
        page_url = f"/{source.relative_to(DOCS).with_suffix('')}/".replace("/index/", "/")
        for href, title in links:
            target = (built_site / page_url.strip("/") / href / "index.html").resolve()
            assert target.is_file(), f"{source.name}: related link {href} ({title}) is broken"


def test_customers_see_no_repository_edit_button_or_generator_line(built_site: Path) -> None:
    for source in article_sources():
        page_html = built_page(built_site, source)
        assert 'title="Seite editieren"' not in page_html, source.name
        assert "md-source" not in page_html, source.name  # Material's repository link
        assert "Made with" not in page_html, source.name
    assert "git.example.com" not in (built_site / "index.html").read_text(encoding="utf-8")


def test_the_editors_build_has_an_edit_link_on_every_article(tmp_path: Path) -> None:
    import subprocess
    import sys

    import yaml

    editors = yaml.safe_load((PROJECT_DIR / "mkdocs.editors.yml").read_text(encoding="utf-8"))
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.editors.yml", "--site-dir", str(site)],
        cwd=PROJECT_DIR,
        check=True,
        capture_output=True,
    )
    base = str(editors["repo_url"]).rstrip("/") + "/" + str(editors["edit_uri"])
    for source in article_sources():
        expected = base + str(source.relative_to(DOCS))
        assert f'<a href="{expected}" title="Seite editieren"' in built_page(site, source), source.name


def test_article_tags_link_to_the_tag_index_which_lists_the_article(built_site: Path) -> None:
    tag_index = (built_site / "tags" / "index.html").read_text(encoding="utf-8")
    source = DOCS / "zugang" / "kundencenter-aufrufen.md"
    tags = front_matter(source)["tags"]
    page_html = built_page(built_site, source)
    for tag in tags:
        chip = re.search(r'<a href="([^"]+)" class="md-tag">' + re.escape(tag) + "</a>", page_html)
        assert chip, f"tag {tag} is not a link"
        assert chip.group(1).startswith("../../tags/#tag:")
        anchor = chip.group(1).split("#", 1)[1]
        assert f'id="{anchor}"' in tag_index
    assert 'href="../zugang/kundencenter-aufrufen/"' in tag_index


def test_home_has_a_large_search_button_between_title_and_content(built_site: Path) -> None:
    article = article_body((built_site / "index.html").read_text(encoding="utf-8"))
    title, button, content = (
        article.index("</h1>"),
        article.index("data-kc-open-search"),
        article.index("<p>"),
    )
    assert title < button < content
    assert re.search(r'<button type="button" class="kc-home-search__button" data-kc-open-search', article)
    assert "Wonach suchen Sie?" in article
    assert "Lesezeit" not in article


def test_hook_data_files_are_not_published(built_site: Path) -> None:
    assert not (built_site / "hooks").exists()


# --- last change from git ------------------------------------------------------------------------------

GIT_TREE = {
    "index.md": "---\ntitle: Start\ndescription: Start.\n---\n\n# Start\n",
    "rechnungen/alt.md": "---\ntitle: Alt\ndescription: Committed.\ntags:\n  - Rechnung\n---\n\n# Alt\n\nText.\n",
    "rechnungen/neu.md": "---\ntitle: Neu\ndescription: Uncommitted.\ntags:\n  - Rechnung\n---\n\n# Neu\n\nText.\n",
}


def test_last_change_comes_from_git_and_new_files_show_the_build_date(tmp_path: Path) -> None:
    root = write_project(tmp_path, GIT_TREE)
    uncommitted = root / "docs" / "rechnungen" / "neu.md"
    committed_at = "2025-03-14T10:00:00+01:00"
    env = {
        "GIT_AUTHOR_NAME": "Redaktion",
        "GIT_AUTHOR_EMAIL": "redaktion@example.com",
        "GIT_COMMITTER_NAME": "Redaktion",
        "GIT_COMMITTER_EMAIL": "redaktion@example.com",
        "GIT_AUTHOR_DATE": committed_at,
        "GIT_COMMITTER_DATE": committed_at,
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    git = ["git", "-c", "init.defaultBranch=main", "-C", str(root)]
    subprocess.run([*git, "init", "-q"], check=True, env=env)
    subprocess.run(
        [*git, "add", "mkdocs.yml", "docs/index.md", "docs/rechnungen/alt.md"], check=True, env=env
    )
    subprocess.run([*git, "commit", "-q", "-m", "Artikel"], check=True, env=env)
    assert uncommitted.exists()

    result = build(root)
    assert result.returncode == 0, result.output

    def shown(page: str) -> str:
        found = re.search(
            r"Zuletzt aktualisiert: <span[^>]*>([^<]+)</span>", (result.site_dir / page).read_text()
        )
        assert found, page
        return found.group(1)

    assert shown("rechnungen/alt/index.html") == "14. März 2025"
    today = dt.datetime.now(ZoneInfo("Europe/Berlin")).date()
    assert shown("rechnungen/neu/index.html") in {
        german_date(today),
        german_date(today - dt.timedelta(days=1)),
    }
