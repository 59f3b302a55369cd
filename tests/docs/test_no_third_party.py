"""No page loads anything from another host: no web fonts, CDN scripts or external images (GDPR by construction).

Ordinary links (<a href>) to other sites are fine; what a browser fetches by itself is not. The browser
side of the same promise is tests/e2e/test_no_third_party.py.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from tests.docs.hooks import mkdocs_config

# <link rel=...> values that make the browser fetch or connect.
FETCHING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "mask-icon",
    "manifest",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "prerender",
}
# Attributes whose URL the browser fetches, by element.
FETCHING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
}
CSS_URL_RE = re.compile(
    r"""url\(\s*(['"]?)(?P<url>[^'")]*)\1\s*\)|@import\s+(['"])(?P<import>[^'"]+)\3""", re.I
)
JS_URL_RE = re.compile(r"""[`'"](?P<url>(?:https?:)?//(?:\$\{|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)[^`'"\s]*)""")

# Hosts that Material's JavaScript bundle names but contacts only for features this site does not
# use; each condition is asserted below, and the browser test proves no request happens.
MATERIAL_DORMANT_HOSTS = {
    "unpkg.com": "Mermaid diagrams (no page has one) and a ResizeObserver polyfill (all supported browsers have it)",
    "api.github.com": "repository facts when repo_url is on github.com (it is not)",
    "${": "repository facts when repo_url is a GitLab host (it is not)",
}


def site_host() -> str:
    return urlsplit(str(mkdocs_config()["site_url"])).netloc


def is_external(url: str, local_host: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        return urlsplit("http:" + url).netloc != local_host
    parts = urlsplit(url)
    return parts.scheme in {"http", "https", "ftp", "ws", "wss"} and parts.netloc != local_host


def srcset_urls(value: str) -> list[str]:
    return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]


class ResourceCollector(HTMLParser):
    """URLs a browser would fetch for one HTML page, plus its inline CSS and JavaScript."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.inline_css: list[str] = []
        self.inline_js: list[str] = []
        self.mermaid = False
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if "mermaid" in values.get("class", "").split():
            self.mermaid = True
        if "style" in values:
            self.inline_css.append(values["style"])
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels & FETCHING_RELS:
                self.urls.append(values.get("href", ""))
                self.urls += srcset_urls(values.get("imagesrcset", ""))
        for attribute in FETCHING_ATTRIBUTES.get(tag, ()):
            if attribute in values:
                self.urls += srcset_urls(values[attribute]) if attribute == "srcset" else [values[attribute]]
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.urls.append(values.get("content", "").partition("url=")[2])
        if tag in {"style", "script"} and "src" not in values:
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.inline_css.append(data)
        elif self._in == "script":
            self.inline_js.append(data)


def css_urls(css: str) -> list[str]:
    return [match.group("url") or match.group("import") for match in CSS_URL_RE.finditer(css)]


# XML namespace names: identifiers that look like URLs, never fetched (createElementNS, xmlns).
XML_NAMESPACES = {
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/2000/xmlns/",
    # Chartist (vendor/chartist.js) names its ct:value/ct:meta attributes' namespace with this URL.
    "http://gionkunz.github.com/chartist-js/ct",
}


def js_urls(js: str) -> list[str]:
    return [
        match.group("url") for match in JS_URL_RE.finditer(js) if match.group("url") not in XML_NAMESPACES
    ]


def test_collectors_find_what_a_browser_would_fetch() -> None:
    """The scanners below must catch the usual ways third-party content sneaks in."""
    page = ResourceCollector()
    page.feed(
        '<link rel="preconnect" href="https://fonts.gstatic.com"><link rel="stylesheet" href="//cdn.example/x.css">'
        '<img src="a.png" srcset="b.png 1x, https://img.example/c.png 2x"><script src="https://cdn.example/x.js">'
        '</script><a href="https://example.com/">ok</a><div style="background:url(https://img.example/bg.png)">'
        "<style>@import 'https://fonts.googleapis.com/css';</style><script>import('https://esm.example/m.js')</script>"
    )
    local = "127.0.0.1:8000"
    found = [url for url in page.urls + css_urls(" ".join(page.inline_css)) if is_external(url, local)]
    found += js_urls(" ".join(page.inline_js))
    assert found == [
        "https://fonts.gstatic.com",
        "//cdn.example/x.css",
        "https://img.example/c.png",
        "https://cdn.example/x.js",
        "https://img.example/bg.png",
        "https://fonts.googleapis.com/css",
        "https://esm.example/m.js",
    ]
    assert css_urls("src: url(data:font/woff2;base64,AAAA) url('../fonts/a.woff2')") == [
        "data:font/woff2;base64,AAAA",
        "../fonts/a.woff2",
    ]
    assert not is_external("data:image/svg+xml;charset=utf-8,<svg/>", local)
    assert not is_external("http://127.0.0.1:8000/assets/x.css", local)


def test_no_html_page_fetches_from_another_host(built_site: Path) -> None:
    local = site_host()
    problems = []
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        page = ResourceCollector()
        page.feed(path.read_text(encoding="utf-8"))
        urls = page.urls + css_urls("\n".join(page.inline_css))
        problems += [f"{path.relative_to(built_site)}: {url}" for url in urls if is_external(url, local)]
        problems += [
            f"{path.relative_to(built_site)}: inline script {url}"
            for url in js_urls("\n".join(page.inline_js))
        ]
    assert problems == []


def test_no_stylesheet_fetches_from_another_host(built_site: Path) -> None:
    local = site_host()
    sheets = sorted(built_site.rglob("*.css"))
    assert sheets
    problems = [
        f"{path.relative_to(built_site)}: {url}"
        for path in sheets
        for url in css_urls(path.read_text(encoding="utf-8"))
        if is_external(url, local)
    ]
    assert problems == []


def test_no_script_names_another_host_except_materials_dormant_features(built_site: Path) -> None:
    scripts = sorted(built_site.rglob("*.js"))
    assert scripts
    problems = []
    for path in scripts:
        for url in js_urls(path.read_text(encoding="utf-8")):
            host = "${" if url.split("//", 1)[1].startswith("${") else urlsplit(url).netloc
            is_material_bundle = re.fullmatch(r"bundle\.[0-9a-f]+\.min\.js", path.name) is not None
            if not (is_material_bundle and host in MATERIAL_DORMANT_HOSTS):
                problems.append(f"{path.relative_to(built_site)}: {url}")
    assert problems == []


def test_materials_dormant_hosts_stay_dormant(built_site: Path) -> None:
    """The conditions under which Material would contact the hosts allowed above do not hold."""
    repo_host = urlsplit(str(mkdocs_config().get("repo_url", ""))).netloc
    assert repo_host != "github.com"
    assert "gitlab" not in repo_host
    with_mermaid = []
    for path in built_site.rglob("*.html"):
        page = ResourceCollector()
        page.feed(path.read_text(encoding="utf-8"))
        if page.mermaid:
            with_mermaid.append(str(path.relative_to(built_site)))
    assert with_mermaid == []


def test_theme_loads_no_web_fonts() -> None:
    """With `font: false` Material links no Google Fonts; the page scan above would also catch them."""
    theme = mkdocs_config()["theme"]
    assert isinstance(theme, dict)
    assert theme["font"] is False
