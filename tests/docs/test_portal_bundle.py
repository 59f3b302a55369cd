"""The portal's JavaScript bundled per page by overrides/hooks/portal_bundle.py (esbuild): a portal page
loads every file it needs at once, nothing it imports is missing, and a page that names a script that
does not exist stops the build."""

import re
from pathlib import Path

import pytest

from tests.docs.hooks import PROJECT_DIR
from tests.docs.minisite import BuildResult, build, write_project

JAVASCRIPTS = PROJECT_DIR / "docs" / "assets" / "javascripts"
IMPORT_RE = re.compile(r'(?:\bfrom\s*|\bimport\s*\(?\s*)"(\.{1,2}/[^"]+)"')
PRELOAD_RE = re.compile(r'<link rel="modulepreload" href="([^"]+)">')
MAIN_RE = re.compile(r'<script type="module" src="([^"]+/portal/main-\w+\.js)"></script>')


def portal_page(name: str) -> str:
    return f"---\ntitle: Seite\ndescription: Seite.\ntemplate: portal.html\nportal_page: {name}\n---\n\n# Seite\n"


def site_with(tmp_path: Path, pages: dict[str, str], extra: dict[str, str] | None = None) -> BuildResult:
    """A site with the real portal sources, `pages` (Markdown) and `extra` files under docs/."""
    sources = {
        f"assets/javascripts/{path.relative_to(JAVASCRIPTS).as_posix()}": path.read_text("utf-8")
        for path in JAVASCRIPTS.rglob("*.js")
    }
    tree = {
        "index.md": "---\ntitle: Start\ndescription: Start.\n---\n\n# Start\n",
        **sources,
        **pages,
        **(extra or {}),
    }
    return build(write_project(tmp_path, tree))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    pages = {
        "kundencenter/anmelden.md": portal_page("login"),
        "kundencenter/statistik.md": portal_page("statistics"),
    }
    result = site_with(tmp_path_factory.mktemp("bundled"), pages)
    assert result.returncode == 0, result.output
    return result


def test_a_portal_page_preloads_all_it_imports_and_its_own_module(built: BuildResult) -> None:
    html = (built.site_dir / "kundencenter" / "statistik" / "index.html").read_text("utf-8")
    page_dir = built.site_dir / "kundencenter" / "statistik"
    main = MAIN_RE.search(html)
    assert main, "the page loads the bundled main.js"
    preloads = PRELOAD_RE.findall(html)
    assert any(re.search(r"/portal/statistics-\w+\.js$", href) for href in preloads), preloads
    needed = {(page_dir / main.group(1)).resolve()}
    for href in preloads:
        needed.add((page_dir / href).resolve())
    # Everything main.js and the page's module import statically is among the files the page names.
    portal = built.site_dir / "assets" / "javascripts" / "portal"
    for path in list(needed):
        text = path.read_text("utf-8")
        for target in re.findall(r'\bfrom\s*"(\./[^"]+)"', text):
            assert (path.parent / target).resolve() in needed, f"{path.name} imports {target}, not preloaded"
    assert all(path.parent == portal for path in needed)


def test_every_import_of_every_bundle_exists_and_no_source_is_served(built: BuildResult) -> None:
    portal = built.site_dir / "assets" / "javascripts" / "portal"
    bundles = list(portal.glob("*.js"))
    assert len(bundles) > 5
    missing = [
        f"{path.name}: {target}"
        for path in bundles
        for target in IMPORT_RE.findall(path.read_text("utf-8"))
        if not (path.parent / target).is_file()
    ]
    assert missing == []
    assert not (portal / "pages").exists()
    assert not (portal / "main.js").exists()
    assert not (built.site_dir / "assets" / "javascripts" / "vendor").exists()
    # The chart library is in the Statistik page's bundle, not a request of its own.
    assert any("ct-series" in path.read_text("utf-8") for path in bundles)


def test_a_portal_page_naming_a_missing_script_stops_the_build(tmp_path: Path) -> None:
    result = site_with(tmp_path, {"kundencenter/neu.md": portal_page("gibt-es-nicht")})
    assert result.returncode != 0
    assert "portal_page: gibt-es-nicht" in result.output
    assert "pages/gibt-es-nicht.js gibt es nicht" in result.output


def test_a_portal_page_whose_script_main_js_does_not_load_stops_the_build(tmp_path: Path) -> None:
    extra = {"assets/javascripts/portal/pages/vergessen.js": "export async function mount() {}\n"}
    result = site_with(tmp_path, {"kundencenter/neu.md": portal_page("vergessen")}, extra)
    assert result.returncode != 0
    assert "main.js lädt pages/vergessen.js nicht" in result.output
