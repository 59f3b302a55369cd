"""MkDocs hook: the portal's ES modules, bundled per page with esbuild, so a page loads its code in
one round of parallel requests instead of a waterfall of imports.

The sources stay ES modules in docs/assets/javascripts/portal/ (main.js imports pages/<page>.js on
demand, which import ../ui.js, ../api.js, ...). At build time this hook runs esbuild (npm
devDependency, node_modules/.bin/esbuild, installed by `npm ci`) on them with code splitting: main.js
and every page it imports become one file each, code shared by several of them goes into shared
chunks, and the npm libraries the pages import from ../vendor/ (vendor_modules.py, which must run
before this hook) are bundled into the pages that use them. Only the output goes into the site, under
assets/javascripts/portal/, every file named by its content hash (a new build never meets an old
file in a cache).

Each page that loads main.js gets, next to that script tag, a <link rel="modulepreload"> for every
file main.js and the page's own module import statically (from esbuild's metafile), so the browser
fetches them all at once while it parses the HTML. The links sit in the content block: Material's
instant navigation swaps that block, which fetches the next page's files too, and re-inserts the
script, which a browser evaluates only once per document under the same address (main.js mounts
every page switch itself).

The build stops when a page's `portal_page:` names a script that is missing in
docs/assets/javascripts/portal/pages/ or that main.js does not load.

search-de-rules.js stays a module of its own (the help search loads it too and it finds its data
next to itself); suggest.js, which tools load by address (tests/suggest_eval.py), also keeps a
stable address: assets/javascripts/portal/suggest.js re-exports its bundle.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
SITE_DIR = "assets/javascripts/portal"
VENDOR_DIR = "assets/javascripts/vendor"
ENTRY = "main.js"
# Loaded by address from outside the bundle: an entry point with a stable alias next to its bundle.
ALIASED_ENTRIES = ("suggest.js",)
# Imports left as they are (relative to the portal directory, valid from every output file there).
EXTERNAL = ("../search-de-rules.js",)
ESBUILD_FLAGS = (
    "--bundle",
    "--splitting",
    "--format=esm",
    "--minify",
    "--charset=utf8",
    "--log-level=warning",
    # Every output file directly in the portal directory, so relative addresses in the code
    # (import.meta.url in api.js, the externals above) mean the same as in the sources.
    "--entry-names=[name]-[hash]",
    "--chunk-names=chunk-[hash]",
)
MAIN_SCRIPT_RE = re.compile(
    r'<script type="module" src="(?P<prefix>[^"]*?)' + re.escape(f"{SITE_DIR}/{ENTRY}") + r'"></script>'
)


@dataclass
class Bundle:
    """What esbuild produced: output file names (in SITE_DIR) by source and their static imports."""

    outputs: dict[str, bytes] = field(default_factory=dict)
    by_source: dict[str, str] = field(default_factory=dict)  # "pages/login.js" -> "login-XXXX.js"
    static_imports: dict[str, list[str]] = field(default_factory=dict)  # output -> site paths
    dynamic_imports: dict[str, list[str]] = field(default_factory=dict)

    def preloads(self, output: str) -> list[str]:
        """The site paths `output` needs before it runs: itself and its static imports, depth first."""
        seen: list[str] = []

        def visit(path: str) -> None:
            if path in seen:
                return
            seen.append(path)
            for imported in self.static_imports.get(path.removeprefix(f"{SITE_DIR}/"), []):
                visit(imported)

        visit(f"{SITE_DIR}/{output}")
        return seen


_bundle: Bundle | None = None


def _is_source(file: File) -> bool:
    return file.src_uri.startswith(f"{SITE_DIR}/") and file.src_uri.endswith(".js")


def _content(file: File) -> bytes:
    if file.generated_by:
        return file.content_bytes
    return Path(file.abs_src_path).read_bytes()


def _run_esbuild(stage: Path, out: Path) -> dict[str, Any]:
    if not ESBUILD.is_file():
        raise PluginError(f"{ESBUILD} fehlt: bitte zuerst `make deps` (npm ci) ausführen.")
    portal = stage / SITE_DIR
    missing = [name for name in (ENTRY, *ALIASED_ENTRIES) if not (portal / name).is_file()]
    if missing:
        raise PluginError(f"docs/{SITE_DIR}/{missing[0]} fehlt.")
    # The page modules as entry points too: their output is named after them (login-XXXX.js).
    pages = sorted(path.relative_to(portal).as_posix() for path in (portal / "pages").glob("*.js"))
    entries = [ENTRY, *ALIASED_ENTRIES, *pages]
    command = [
        str(ESBUILD),
        *entries,
        *ESBUILD_FLAGS,
        f"--outdir={out}",
        f"--metafile={out.parent / 'meta.json'}",
        *(f"--external:{path}" for path in EXTERNAL),
    ]
    result = subprocess.run(command, cwd=portal, capture_output=True, text=True, check=False)  # noqa: S603 (our esbuild)
    if result.returncode != 0:
        message = result.stderr.replace(f"{stage}/", "docs/").strip()
        raise PluginError(f"esbuild konnte den Code des Kundencenters nicht bündeln:\n{message}")
    meta: dict[str, Any] = json.loads((out.parent / "meta.json").read_text("utf-8"))
    return meta


def _resolve(output: str, path: str) -> str:
    """A site path for an import `path` of the output file `output` (both relative to SITE_DIR)."""
    return posixpath.normpath(posixpath.join(SITE_DIR, posixpath.dirname(output), path))


def _bundle_from(meta: dict[str, Any], portal: Path, out: Path) -> Bundle:
    """The Bundle of esbuild's metafile, whose paths are relative to its working directory `portal`."""

    def output_name(path: str) -> str:
        return Path(os.path.normpath(portal / path)).relative_to(out).as_posix()

    bundle = Bundle()
    for key, info in meta["outputs"].items():
        name = output_name(key)
        bundle.outputs[name] = (out / name).read_bytes()
        if "entryPoint" in info:
            bundle.by_source[info["entryPoint"]] = name
        for kind, target in (
            ("import-statement", bundle.static_imports),
            ("dynamic-import", bundle.dynamic_imports),
        ):
            target[name] = [
                _resolve(name, entry["path"] if entry.get("external") else output_name(entry["path"]))
                for entry in info.get("imports", [])
                if entry["kind"] == kind
            ]
    return bundle


def on_files(files: Any, *, config: Any) -> Any:
    """Bundle the portal's sources (and the vendor modules they import); the site gets the output only."""
    global _bundle
    sources = [file for file in files if _is_source(file)]
    vendor = [file for file in files if file.src_uri.startswith(f"{VENDOR_DIR}/")]
    if (
        not sources
    ):  # a site without the Kundencenter (the editor checks' small test sites): nothing to bundle
        _bundle = None
        return files
    with tempfile.TemporaryDirectory(prefix="kc-portal-") as tmp:
        stage, out = Path(tmp) / "src", Path(tmp) / "out"
        for file in (*sources, *vendor):
            target = stage / file.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_content(file))
        out.mkdir()
        _bundle = _bundle_from(_run_esbuild(stage, out), stage / SITE_DIR, out)
    for file in (*sources, *vendor):
        files.remove(file)
    for name, content in _bundle.outputs.items():
        files.append(File.generated(config, f"{SITE_DIR}/{name}", content=content))
    for source in ALIASED_ENTRIES:
        alias = f'export * from "./{_bundle.by_source[source]}";\n'
        files.append(File.generated(config, f"{SITE_DIR}/{source}", content=alias))
    return files


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    """Stop the build when `portal_page:` names a script that does not exist or main.js does not load."""
    name = page.meta.get("portal_page")
    if name is None or _bundle is None:  # no portal code at all: a test site of the editor checks
        return markdown
    where = f"docs/{page.file.src_uri}: portal_page: {name}"
    source = f"pages/{name}.js"
    if not (Path(config.docs_dir) / SITE_DIR / source).is_file():
        raise PluginError(f"{where}: docs/{SITE_DIR}/{source} gibt es nicht.")
    output = _bundle.by_source.get(source)
    loaded = _bundle.dynamic_imports.get(_bundle.by_source[ENTRY], [])
    if output is None or f"{SITE_DIR}/{output}" not in loaded:
        raise PluginError(f"{where}: {ENTRY} lädt {source} nicht (PAGES in {ENTRY}).")
    return markdown


def on_post_page(output: str, *, page: Any, config: Any) -> str:
    """Point the main.js script tag at its bundle, preceded by preload links for what the page needs."""
    if _bundle is None:
        return output
    bundle = _bundle

    def replace(match: re.Match[str]) -> str:
        prefix = match.group("prefix")
        main = bundle.by_source[ENTRY]
        paths = bundle.preloads(main)[1:]
        name = page.meta.get("portal_page")
        page_output = bundle.by_source.get(f"pages/{name}.js") if name else None
        if page_output:
            paths += [path for path in bundle.preloads(page_output) if path not in paths]
        links = "".join(f'<link rel="modulepreload" href="{prefix}{path}">' for path in paths)
        return f'{links}<script type="module" src="{prefix}{SITE_DIR}/{main}"></script>'

    return MAIN_SCRIPT_RE.sub(replace, output)
