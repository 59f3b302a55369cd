"""Editor checks: a build with one broken rule fails and names file, line and what to fix.

Each case builds a small docs tree with the project's mkdocs.yml (copied; overrides/ linked), so the
hooks, plugins and strict mode are exactly those of the real site. The builds run in parallel once
per module and each test reads its result.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.docs.hooks import PROJECT_DIR, load_hook
from tests.docs.minisite import BuildResult, build, write_project

content_checks = load_hook("content_checks")

VALID_TREE = {
    "index.md": """---
title: Hilfe-Center
description: Antworten rund um Ihr Kundencenter.
---

# Hilfe-Center

Lesen Sie [den ersten Artikel](rechnungen/erster-artikel.md).
""",
    "tags.md": """---
title: Schlagwörter
description: Alle Artikel nach Schlagwort.
---

# Schlagwörter

<!-- material/tags -->
""",
    "kundencenter/index.md": """---
title: Kundencenter
description: "Übersicht: Ihr Kundenkonto."
template: portal.html
portal_page: overview
---

# Kundencenter
""",
    "rechnungen/erster-artikel.md": """---
title: Rechnungen herunterladen
description: So laden Sie Ihre Rechnungen als PDF herunter.
tags:
  - Rechnung
  - E-Rechnung
related:
  - rechnungen/zweiter-artikel.md
---

# Rechnungen herunterladen

Sie finden Ihre Rechnungen im [Kundencenter](portal:) und unter [Rechnungen](portal:rechnungen/).
Mehr zur [E-Rechnung](zweiter-artikel.md#e-rechnung-lesen) und [oben](#rechnungen-herunterladen).

![Rechnungsliste im Kundencenter](bild.png)

Beispiele, die keine Regel verletzen: `dein` im Code, ein Link auf <https://example.com/dir/>,
ein [Verzeichnis-Link](https://example.com/du/euer) und ein Kommentar. <!-- Hinweis für die Redaktion -->

```text
TODO: du darfst hier alles schreiben, das ist Code.
```
""",
    "rechnungen/zweiter-artikel.md": """---
title: E-Rechnung
description: Die E-Rechnung im PDF lesen.
tags:
  - E-Rechnung
---

# E-Rechnung

## E-Rechnung lesen

Ihre Buchhaltungssoftware liest die Daten. Alle Artikel zur [E-Rechnung](../tags.md#tag:e-rechnung).
""",
    "rechnungen/bild.png": "",
}

ARTICLE = "rechnungen/erster-artikel.md"


@dataclass(frozen=True)
class Case:
    """One broken rule: replace `old` by `new` in `file`; the build must fail at `line` with `message`."""

    file: str
    old: str
    new: str
    line: int
    message: str


CASES = {
    "title missing": Case(ARTICLE, "title: Rechnungen herunterladen\n", "", 1, "Pflichtangabe „title“ fehlt"),
    "description too long": Case(
        ARTICLE,
        "description: So laden Sie Ihre Rechnungen als PDF herunter.",
        "description: " + "Sehr lange Beschreibung. " * 7,
        3,
        "Die Beschreibung (description) ist 174 Zeichen lang; erlaubt sind höchstens 160",
    ),
    "tags missing": Case(
        "rechnungen/zweiter-artikel.md", "tags:\n  - E-Rechnung\n", "", 1, "Pflichtangabe „tags“ fehlt"
    ),
    "unknown tag": Case(
        ARTICLE,
        "  - E-Rechnung\nrelated",
        "  - Rechnungen\nrelated",
        6,
        "Das Schlagwort „Rechnungen“ ist nicht erlaubt",
    ),
    "related article missing": Case(
        ARTICLE,
        "  - rechnungen/zweiter-artikel.md",
        "  - rechnungen/dritter-artikel.md",
        8,
        "Der verwandte Artikel „rechnungen/dritter-artikel.md“ (related) existiert nicht",
    ),
    "broken link": Case(
        ARTICLE,
        "[E-Rechnung](zweiter-artikel.md#",
        "[E-Rechnung](e-rechnung.md#",
        14,
        "Das Link-Ziel „e-rechnung.md#e-rechnung-lesen“ gibt es nicht",
    ),
    "broken anchor": Case(
        ARTICLE,
        "#e-rechnung-lesen",
        "#e-rechnung-oeffnen",
        14,
        "Den Anker „#e-rechnung-oeffnen“ aus dem Link „zweiter-artikel.md#e-rechnung-oeffnen“ gibt es "
        "in docs/rechnungen/zweiter-artikel.md nicht",
    ),
    "image without alt text": Case(
        ARTICLE,
        "![Rechnungsliste im Kundencenter](bild.png)",
        "![](bild.png)",
        16,
        "Bild ohne Alternativtext",
    ),
    "informal address": Case(
        "rechnungen/zweiter-artikel.md",
        "Ihre Buchhaltungssoftware liest",
        "Deine Buchhaltungssoftware liest",
        12,
        "Bitte sprechen Sie die Leser mit „Sie“ an: „Deine“ gefunden",
    ),
    "placeholder text": Case(
        "rechnungen/zweiter-artikel.md",
        "liest die Daten.",
        "liest die Daten. TODO Screenshot",
        12,
        "Platzhaltertext „TODO“ gefunden",
    ),
    "word list": Case(
        "rechnungen/zweiter-artikel.md",
        "Ihre Buchhaltungssoftware liest",
        "Nach dem Login liest Ihre Buchhaltungssoftware",
        12,
        "„Login“ steht so nicht in der Wortliste. Schreiben Sie: Zugangsdaten",
    ),
}

# Further rules and edge cases, checked on the same tree without a build (the build path is shown above).
UNIT_CASES = {
    "description missing on a portal page": Case(
        "kundencenter/index.md",
        'description: "Übersicht: Ihr Kundenkonto."\n',
        "",
        1,
        "Pflichtangabe „description“",
    ),
    "unreadable front matter": Case(
        "kundencenter/index.md",
        'description: "Übersicht: Ihr Kundenkonto."',
        "description: Übersicht: Ihr Kundenkonto.",
        3,
        "Häufige Ursache: ein Doppelpunkt mit Leerzeichen",
    ),
    "link to a folder": Case(
        "index.md",
        "rechnungen/erster-artikel.md",
        "rechnungen/erster-artikel/",
        8,
        "Verlinken Sie die Markdown-Datei: „rechnungen/erster-artikel.md“",
    ),
    "html image without alt text": Case(
        ARTICLE,
        "![Rechnungsliste im Kundencenter](bild.png)",
        '<img src="bild.png">',
        16,
        "Bild ohne Alternativtext",
    ),
    "image inside a link without alt text": Case(
        ARTICLE,
        "![Rechnungsliste im Kundencenter](bild.png)",
        "[![ ](bild.png)](zweiter-artikel.md)",
        16,
        "Bild ohne Alternativtext",
    ),
    "informal address in the title": Case(
        "index.md", "title: Hilfe-Center", "title: Hilfe für dich", 2, "„dich“ gefunden"
    ),
    "placeholder in a comment": Case(
        ARTICLE,
        "<!-- Hinweis für die Redaktion -->",
        "<!-- Lorem ipsum -->",
        19,
        "Platzhaltertext „Lorem ipsum“",
    ),
    "article related to itself": Case(
        ARTICLE, "  - rechnungen/zweiter-artikel.md", f"  - {ARTICLE}", 8, "nicht mit sich selbst verwandt"
    ),
    "word list in the description": Case(
        ARTICLE,
        "description: So laden Sie Ihre Rechnungen als PDF herunter.",
        "description: So laden Sie Ihre Rechnungen für die Singlelizenz herunter.",
        3,
        "„Singlelizenz“ steht so nicht in der Wortliste. Schreiben Sie: Single-Lizenz",
    ),
    "tag spelled against the word list": Case(
        ARTICLE, "  - E-Rechnung\nrelated", "  - Multilizenz\nrelated", 6, "Meinten Sie „Multi-Lizenz“?"
    ),
}


def changed_tree(change: Case | None) -> dict[str, str]:
    tree = dict(VALID_TREE)
    if change:
        assert change.old in tree[change.file], f"case does not apply: {change.old!r} not in {change.file}"
        tree[change.file] = tree[change.file].replace(change.old, change.new, 1)
    return tree


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    """Every case (and the valid tree, key "valid") built once, two at a time."""
    roots = {"valid": write_project(tmp_path_factory.mktemp("valid"), VALID_TREE)}
    for name, case in CASES.items():
        roots[name] = write_project(tmp_path_factory.mktemp("case"), changed_tree(case))
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(roots, pool.map(build, roots.values()), strict=True))


def test_valid_tree_builds(builds: dict[str, BuildResult]) -> None:
    """Portal pages, the home page and the tag index need only title and description; code is not checked."""
    assert builds["valid"].returncode == 0, builds["valid"].output


@pytest.mark.parametrize("name", CASES)
def test_broken_rule_fails_with_file_line_and_message(builds: dict[str, BuildResult], name: str) -> None:
    case, result = CASES[name], builds[name]
    assert result.returncode != 0, f"build passed although {name}:\n{result.output}"
    errors = [line for line in result.output.splitlines() if f"docs/{case.file}:" in line]
    assert errors, f"no error names docs/{case.file}:\n{result.output}"
    assert f"docs/{case.file}:{case.line}: " in errors[0], errors[0]
    assert case.message in errors[0], errors[0]


def tree_problems(change: Case) -> list[tuple[int, str]]:
    """Problems check_source finds in the changed file of the small tree."""
    from tests.docs.hooks import doc_files

    files = doc_files(*VALID_TREE)
    found, _ = content_checks.check_source(
        changed_tree(change)[change.file],
        src_uri=change.file,
        files=files,
        allowed_tags=content_checks.load_allowed_tags(),
    )
    return [(problem.line, problem.message) for problem in found]


@pytest.mark.parametrize("name", UNIT_CASES)
def test_further_rules_name_line_and_message(name: str) -> None:
    case = UNIT_CASES[name]
    found = tree_problems(case)
    assert found, f"no problem found for {name}"
    line, message = found[0]
    assert line == case.line, found[0]
    assert case.message in message


def test_valid_tree_has_no_problems_without_build() -> None:
    from tests.docs.hooks import doc_files

    files = doc_files(*VALID_TREE)
    allowed = content_checks.load_allowed_tags()
    for name, text in VALID_TREE.items():
        if name.endswith(".md"):
            assert content_checks.check_source(text, src_uri=name, files=files, allowed_tags=allowed)[0] == []


# --- the rules one by one, without a build ----------------------------------------------------------


def problems(source: str, src_uri: str = "zugang/artikel.md") -> list[tuple[int, str]]:
    from tests.docs.hooks import doc_files

    files = doc_files("zugang/artikel.md", "zugang/anderer.md", "zugang/bild.png", "index.md")
    found, _ = content_checks.check_source(
        source, src_uri=src_uri, files=files, allowed_tags=content_checks.load_allowed_tags()
    )
    return [(problem.line, problem.message) for problem in found]


FRONT = "---\ntitle: Artikel\ndescription: Kurz.\ntags:\n  - Rechnung\n---\n\n"


@pytest.mark.parametrize(
    "text",
    [
        "Wenn du das liest",
        "Das ist dein Konto.",
        "Ändern Sie Deine Adresse.",
        "Wir helfen euch gern.",
        "Eure Rechnung",
        "Hallo DU",
    ],
)
def test_informal_address_is_flagged(text: str) -> None:
    assert [line for line, message in problems(FRONT + text) if "mit „Sie“ an" in message] == [8]


@pytest.mark.parametrize(
    "text",
    [
        "Durch Dursten Dudelsack und Dirigent",
        "Das Produkt heißt `dein-shop`.",
        "Siehe <https://example.com/du/>.",
        "[Link](https://example.com/dir/euch)",
        "Ein Wort wie Deinstallation oder Euer-Straße",
        '<a href="https://example.com/dein">Seite</a>',
    ],
)
def test_formal_text_and_code_pass(text: str) -> None:
    assert problems(FRONT + text) == []


@pytest.mark.parametrize(
    "word", ["TODO", "FIXME", "TBD", "XXX", "Lorem ipsum", "Platzhalter", "hier Text", "todo"]
)
def test_placeholders_are_flagged(word: str) -> None:
    assert problems(FRONT + f"Ein Satz.\n\nNoch {word} dazu.") == [
        (
            10,
            f"Platzhaltertext „{word}“ gefunden. Bitte ersetzen Sie ihn durch den endgültigen Text, bevor der Artikel erscheint.",
        )
    ]


def test_placeholder_like_words_pass() -> None:
    assert (
        problems(FRONT + "IBAN DE12 XXXX XXXX, Platzhaltertexte und Todos sind keine Platzhalter-Wörter.")
        == []
    )


def test_problems_are_reported_top_to_bottom() -> None:
    found = problems(FRONT + "Zeile acht.\nTODO\n![](bild.png)\ndu\n")
    assert [line for line, _ in found] == [9, 10, 11]


def test_tag_suggestion_names_the_close_allowed_tag() -> None:
    found = problems("---\ntitle: A\ndescription: B\ntags:\n  - Rechnungen\n---\n")
    assert found[0][0] == 5
    assert "Meinten Sie „Rechnung“?" in found[0][1]


def test_home_page_needs_no_tags() -> None:
    assert problems("---\ntitle: A\ndescription: B\n---\n# A\n", src_uri="index.md") == []


def test_missing_front_matter_is_flagged() -> None:
    assert problems("# Nur Text\n")[0][0] == 1


def test_real_docs_pass_every_rule(built_site: Path) -> None:
    """The strict build (built_site) passed; the whole docs tree also shows no problem in any file."""
    from mkdocs.structure.files import File, Files

    docs = PROJECT_DIR / "docs"
    files = Files(
        [
            File(str(p.relative_to(docs)), str(docs), str(built_site), True)
            for p in docs.rglob("*")
            if p.is_file()
        ]
    )
    allowed = content_checks.load_allowed_tags()
    found = []
    for path in sorted(docs.rglob("*.md")):
        src_uri = str(path.relative_to(docs))
        page_problems, _ = content_checks.check_source(
            path.read_text(encoding="utf-8"), src_uri=src_uri, files=files, allowed_tags=allowed
        )
        found += [f"docs/{src_uri}:{problem.line}: {problem.message}" for problem in page_problems]
    assert found == []
    assert (built_site / "index.html").is_file()


@pytest.mark.parametrize(
    ("text", "word", "use"),
    [
        ("Melden Sie sich mit Ihrem Login an.", "Login", "Zugangsdaten"),
        ("Wie lange dauert eine Sitzung?", "Sitzung", "Gerät"),
        ("Zum Einloggen brauchen Sie Ihr Passwort.", "Einloggen", "anmelden"),
        ("Zum Anmelden brauchen Sie Ihr Kennwort.", "Kennwort", "Passwort"),
        ("Die Multilizenz gilt für 5 Installationen.", "Multilizenz", "Multi-Lizenz"),
        ("Die Multi-Lizenz gilt für fünf Installationen.", "fünf Installationen", "Ziffern"),
        ("Sehr geehrte Frau Mustermann,", "Sehr geehrte", "Guten Tag Frau Mustermann,"),
    ],
)
def test_word_list_variants_are_flagged_with_the_word_to_use(text: str, word: str, use: str) -> None:
    assert [(line, message.split(". Schreiben Sie: ")[0]) for line, message in problems(FRONT + text)] == [
        (8, f"„{word}“ steht so nicht in der Wortliste")
    ]
    assert use in problems(FRONT + text)[0][1]


@pytest.mark.parametrize(
    "text",
    [
        "Über [Login vergessen](anderer.md) schicken wir Ihnen die Kundennummer.",
        "Ändern Sie Ihre Login-E-Mail-Adresse unter Persönliche Daten.",
        "Die Seite liegt unter `/kundencenter/login-vergessen/` und [hier](https://example.com/session/login).",
        "Ihr Browser speichert die Datei im Download-Ordner.",
    ],
)
def test_fixed_names_addresses_and_the_program_browser_pass(text: str) -> None:
    assert problems(FRONT + text) == []
