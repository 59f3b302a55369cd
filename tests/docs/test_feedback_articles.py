"""The site build lists the pages with the feedback widget for the API (overrides/hooks/feedback_articles.py)."""

import json
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

from tests.docs.hooks import PROJECT_DIR, load_hook
from tests.docs.minisite import build, write_project

API_LIST = "functions/portal/chalicelib/feedback/articles.json"
WIDGET = re.compile(r'<section class="kc-feedback" data-kc-feedback data-kc-page="([^"]*)"')


def widget_pages(site: Path) -> list[str]:
    """The data-kc-page of every widget in a built site, sorted."""
    found = []
    for html in site.rglob("*.html"):
        found += WIDGET.findall(html.read_text(encoding="utf-8"))
    return sorted(found)


def committed_list(root: Path) -> str:
    """articles.json as committed (git index); outside a git checkout, as on disk."""
    if not (root / ".git").exists():
        return (root / API_LIST).read_text(encoding="utf-8")
    result = subprocess.run(
        ["git", "show", f":{API_LIST}"], cwd=root, capture_output=True, text=True, check=False
    )
    return result.stdout if result.returncode == 0 else '{"articles": []}'


def test_the_api_package_lists_exactly_the_articles_of_the_built_site(built_site: Path) -> None:
    # `make test` builds the site before pytest, and the build rewrites the file on disk: only the
    # committed version tells whether the API that is deployed from git knows every article.
    articles = widget_pages(built_site)
    assert len(articles) >= 10, "the help articles are missing from the built site"
    listed = json.loads(committed_list(PROJECT_DIR))["articles"]
    on_disk = json.loads((PROJECT_DIR / API_LIST).read_text(encoding="utf-8"))["articles"]

    hint = f"Bitte führen Sie `make site` aus und committen Sie {API_LIST}."
    missing = sorted(set(articles) - set(listed))
    extra = sorted(set(listed) - set(articles))
    assert listed == articles, (
        f"{API_LIST} passt nicht zu den Artikeln der Website (fehlt: {missing or '–'}; "
        f"gibt es nicht mehr: {extra or '–'}). Ohne den Eintrag lehnt die API Rückmeldungen ab. {hint}"
    )
    assert on_disk == articles, hint


PAGE = "---\ntitle: {title}\ndescription: {title} erklärt.\ntags:\n  - Rechnung\n{extra}---\n\n# {title}\n\nText.\n"
TREE = {
    "index.md": PAGE.format(title="Start", extra=""),
    "tags.md": "---\ntitle: Schlagwörter\ndescription: Alle Schlagwörter.\n---\n\n# Schlagwörter\n\n<!-- material/tags -->\n",
    "rechnungen/index.md": PAGE.format(title="Rechnungen", extra=""),
    "rechnungen/e-rechnung.md": PAGE.format(title="E-Rechnung", extra=""),
    "rechnungen/ohne.md": PAGE.format(title="Ohne", extra="hide:\n  - feedback\n"),
}


def test_the_build_writes_the_widget_pages_into_the_api_package_and_keeps_them_current(
    tmp_path: Path,
) -> None:
    root = write_project(tmp_path, TREE)
    target = root / API_LIST
    target.parent.mkdir(parents=True)

    first = build(root)
    assert first.returncode == 0, first.output
    assert json.loads(target.read_text(encoding="utf-8"))["articles"] == [
        "rechnungen/",
        "rechnungen/e-rechnung/",
    ]
    assert widget_pages(first.site_dir) == ["rechnungen/", "rechnungen/e-rechnung/"]
    assert f"{API_LIST} updated" in first.output

    (root / "docs" / "zugang").mkdir()
    (root / "docs" / "zugang" / "anmelden.md").write_text(PAGE.format(title="Anmelden", extra=""))
    second = build(root)
    assert second.returncode == 0, second.output
    assert json.loads(target.read_text(encoding="utf-8"))["articles"] == [
        "rechnungen/",
        "rechnungen/e-rechnung/",
        "zugang/anmelden/",
    ]

    third = build(root)
    assert third.returncode == 0, third.output
    assert "updated" not in third.output  # unchanged list: the file is left alone
    assert [path.name for path in target.parent.iterdir()] == ["articles.json"]


def test_a_copy_of_the_site_without_the_api_package_gets_no_api_folder(tmp_path: Path) -> None:
    root = write_project(tmp_path, TREE)

    result = build(root)

    assert result.returncode == 0, result.output
    assert not (root / "functions").exists()


def test_serve_and_dirty_builds_write_nothing(tmp_path: Path, monkeypatch) -> None:
    hook = load_hook("feedback_articles")
    target = tmp_path / API_LIST
    target.parent.mkdir(parents=True)
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    page = SimpleNamespace(url="rechnungen/", is_homepage=False, meta={})
    file = SimpleNamespace(page=page, inclusion=SimpleNamespace(is_excluded=lambda: False))
    files = SimpleNamespace(documentation_pages=lambda: [file])
    monkeypatch.setattr(hook._State, "command", None)
    monkeypatch.setattr(hook._State, "dirty", False)

    for command, dirty in [("serve", False), ("build", True)]:
        hook.on_startup(command=command, dirty=dirty)
        hook.on_env(None, config=config, files=files)
        assert not target.exists(), (command, dirty)

    hook.on_startup(command="build", dirty=False)
    hook.on_env(None, config=config, files=files)
    assert json.loads(target.read_text(encoding="utf-8"))["articles"] == ["rechnungen/"]
