"""The word list (REDAKTION.md, "Wortliste") outside the articles: the portal's JavaScript and the mails.

The articles are checked by the editor checks in the build (overrides/hooks/content_checks.py). The same
rules (`content_checks.WORD_RULES`) are applied here to every string a customer can read elsewhere:

- the string and template literals of the site's JavaScript (docs/assets/javascripts/**), comments and
  regular expressions left out; a template's `${…}` counts as "…";
- every string of the portal API's Python code (functions/portal/chalicelib/**): the mails and their
  subjects (auth, customers, contacts, contracts, invoices, tickets), the API's messages and the labels of the
  Sicherheitsprotokoll; docstrings left out, an f-string's `{…}` counts as "…";
- mail templates, should any appear (functions/portal/**/templates/**).

Rules are case-sensitive, so lower-case identifiers (`login`, `session`) never count; a literal without a
word (a CSS value like "45%") is not text. Each exception is listed in ALLOWED with its reason.
"""

import ast
import re

import pytest

from tests.docs.hooks import PROJECT_DIR, load_hook

content_checks = load_hook("content_checks")

JS_DIR = PROJECT_DIR / "docs" / "assets" / "javascripts"
PY_DIR = PROJECT_DIR / "functions" / "portal" / "chalicelib"
TEMPLATE_DIR = PROJECT_DIR / "functions" / "portal"
TEMPLATE_SUFFIXES = {".html", ".txt", ".j2", ".jinja", ".jinja2", ".tmpl", ".eml"}
# Not customer text: the API description for developers and the names of the data models.
PY_SKIPPED = ("openapi/", "models/")
# Data files that are no template (one word a line).
TEMPLATE_SKIPPED = {"functions/portal/chalicelib/auth/common_passwords.txt"}

# (file, the words found): why they stay. Keep REDAKTION.md ("Ausnahmen") in step.
ALLOWED = {
    ("docs/assets/javascripts/portal/pages/personal-data.js", "acht Wochen"): (
        "SEPA-Lastschriftmandat: vorgegebener Wortlaut"
    ),
}

SIGNATURE = "Freundliche Grüße\nIhr unicorn 2 Kundenservice"
WORD_RE = re.compile(r"[A-Za-zÄÖÜäöüß]{2}")
_IDENTIFIER_RE = re.compile(r"[A-Za-z_$][\w$]*|\d[\w.]*")
# After these a "/" starts a regular expression, after anything else it divides.
_REGEX_KEYWORDS = {"return", "typeof", "case", "in", "of", "void", "throw", "delete", "new", "else", "do"}


def js_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string literal and each piece of a template literal between `${…}`."""
    found: list[tuple[int, str]] = []
    i, line, prev = 0, 1, ""
    templates: list[int] = []  # open `${` of template literals: the depth of `{` inside each
    while i < len(source):
        char = source[i]
        if char == "\n":
            line, i = line + 1, i + 1
        elif char in " \t\r":
            i += 1
        elif source.startswith("//", i):
            end = source.find("\n", i)
            i = len(source) if end < 0 else end
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = len(source) if end < 0 else end + 2
            line += source.count("\n", i, end)
            i = end
        elif char in "'\"":
            end = i + 1
            while end < len(source) and source[end] != char:
                end += 2 if source[end] == "\\" else 1
            found.append((line, source[i + 1 : end]))
            line += source.count("\n", i, end)
            i, prev = end + 1, "string"
        elif char == "`" or (char == "}" and templates and templates[-1] == 0):
            if char == "}":
                templates.pop()
            end = i + 1
            while end < len(source) and source[end] != "`" and not source.startswith("${", end):
                end += 2 if source[end] == "\\" else 1
            text = source[i + 1 : end]
            if source.startswith("${", end):
                found.append((line, text + "…"))
                templates.append(0)
                i, prev = end + 2, "("
            else:
                found.append((line, text))
                i, prev = end + 1, "string"
            line += text.count("\n")
        elif char in "{}":
            if templates:
                templates[-1] += 1 if char == "{" else -1
            i, prev = i + 1, char
        elif char == "/" and (prev in ("", "keyword") or (len(prev) == 1 and prev in "(,=:[!&|?{};+-*%<>~^")):
            end, in_class = i + 1, False  # a regular expression literal: skipped
            while end < len(source) and source[end] != "\n":
                if source[end] == "\\":
                    end += 2
                    continue
                if source[end] in "[]":
                    in_class = source[end] == "["
                elif source[end] == "/" and not in_class:
                    break
                end += 1
            i, prev = end + 1, "string"
        else:
            match = _IDENTIFIER_RE.match(source, i)
            if match:
                prev = "keyword" if match.group(0) in _REGEX_KEYWORDS else "identifier"
                i = match.end()
            else:
                i, prev = i + 1, char
    return found


def python_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string in Python source but docstrings; an f-string as one text."""
    tree = ast.parse(source)
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))
        if isinstance(node, ast.JoinedStr):
            skipped.update(id(value) for value in node.values)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
            found.append((node.lineno, text))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            found.append((node.lineno, node.value))
    return found


def customer_strings() -> list[tuple[str, int, str]]:
    """(file relative to the project, line, text) of every string a customer may read outside the articles."""
    strings: list[tuple[str, int, str]] = []
    for path in sorted(JS_DIR.rglob("*.js")):
        name = str(path.relative_to(PROJECT_DIR))
        strings += [(name, line, text) for line, text in js_strings(path.read_text(encoding="utf-8"))]
    for path in sorted(PY_DIR.rglob("*.py")):
        if str(path.relative_to(PY_DIR)).startswith(PY_SKIPPED):
            continue
        name = str(path.relative_to(PROJECT_DIR))
        strings += [(name, line, text) for line, text in python_strings(path.read_text(encoding="utf-8"))]
    for path in sorted(TEMPLATE_DIR.rglob("*")):
        name = str(path.relative_to(PROJECT_DIR))
        if path.suffix in TEMPLATE_SUFFIXES and name not in TEMPLATE_SKIPPED and "node_modules" not in name:
            strings.append((name, 1, path.read_text(encoding="utf-8")))
    return [(name, line, text) for name, line, text in strings if WORD_RE.search(text)]


def violations() -> tuple[list[str], set[tuple[str, str]]]:
    """Forbidden variants found (file:line: message) and the exceptions of ALLOWED that were used."""
    found, used = [], set()
    for name, line, text in customer_strings():
        for start, words, rule in content_checks.forbidden_words(text):
            if (name, words) in ALLOWED:
                used.add((name, words))
                continue
            found.append(
                f"{name}:{line + text.count(chr(10), 0, start)}: {content_checks.word_message(words, rule)}"
            )
    return found, used


def test_portal_scripts_and_mails_use_the_word_list() -> None:
    found, _ = violations()
    assert found == []


def test_every_exception_is_still_needed() -> None:
    _, used = violations()
    assert set(ALLOWED) - used == set()


def test_the_scan_reads_the_portal_and_the_mails() -> None:
    """The extraction finds the texts it is meant to check (a scan that reads nothing cannot fail)."""
    texts = {text for _, _, text in customer_strings()}
    assert "Login vergessen?" in texts  # a link of the sign-in page (JavaScript)
    assert "Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an." in texts  # JavaScript and API
    assert any(text.startswith("Guten Tag …") for text in texts)  # the overview's template literal
    assert any("Ihre Kundennummer lautet: …" in text for text in texts)  # the "Login vergessen" mail
    assert any("anbei erhalten Sie Ihre Rechnung …" in text for text in texts)  # the invoice mail
    assert "Gerät abgemeldet" in texts  # a label of the Sicherheitsprotokoll


def test_every_mail_closes_the_same_way() -> None:
    """The closing is "Freundliche Grüße / Ihr unicorn 2 Kundenservice", never the signature alone."""
    closings = [
        (name, line, text)
        for name, line, text in customer_strings()
        if name.startswith("functions/") and "Ihr unicorn 2 Kundenservice" in text
    ]
    assert len(closings) >= 8
    assert [(name, line) for name, line, text in closings if SIGNATURE not in text] == []


def test_invoice_mail_greets_like_every_other_mail() -> None:
    from chalicelib.auth.service import greeting
    from chalicelib.invoices.mailing import _text
    from chalicelib.models import Customer, Invoice

    customer = Customer("100001", salutation="Frau", first_name="Erika", last_name="Mustermann")
    invoice = Invoice(
        "100001",
        "2027-000001",
        issue_date="2027-01-01",
        period_start="2027-01-01",
        period_end="2027-01-31",
        gross_cents=3558,
        due_date="2027-01-06",
        mandate_reference="KC-100001-0001",
        iban_masked="DE89 **** 3000",
    )
    text = _text(invoice, customer)
    assert text.startswith("Guten Tag Frau Mustermann,\n\nanbei erhalten Sie Ihre Rechnung 2027-000001")
    assert text.startswith(greeting(customer))
    assert text.endswith(SIGNATURE + "\n")


# --- the extraction ------------------------------------------------------------------------------------


def test_js_strings_skip_comments_and_regular_expressions() -> None:
    source = (
        "// Login im Kommentar\n"
        "const a = 'Ein Login';  /* Sitzung */\n"
        'const b = text.replace(/["\']Login/g, "");\n'
        "const c = x / 2 / 3;\n"
        'const d = `Guten Tag, ${salutation ? `${salutation} ` : ""}${name}!`;\n'
        'const e = "Er sagte \\"Session\\"";\n'
    )
    assert js_strings(source) == [
        (2, "Ein Login"),
        (3, ""),
        (5, "Guten Tag, …"),
        (5, "…"),
        (5, " "),
        (5, ""),
        (5, "…"),
        (5, "!"),
        (6, 'Er sagte \\"Session\\"'),
    ]


def test_python_strings_skip_docstrings_and_join_f_strings() -> None:
    source = (
        '"""Modul: Login im Docstring."""\n'
        "def mail(name):\n"
        '    """Sitzung im Docstring."""\n'
        '    return f"Guten Tag {name},\\n" "Ihr Login"\n'
    )
    assert python_strings(source) == [(4, "Guten Tag …,\nIhr Login")]


# --- the rules, as REDAKTION.md lists them ------------------------------------------------------------


def word_list_rows() -> list[tuple[str, str]]:
    """(Verwenden, Nicht) of each row of the word list table in REDAKTION.md."""
    text = (PROJECT_DIR / "REDAKTION.md").read_text(encoding="utf-8")
    section = text.split("## Wortliste", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    cells = [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows[1:]]
    return [(row[0], row[1]) for row in cells]


def test_the_word_list_has_the_things_of_the_issue() -> None:
    used = " ".join(use for use, _ in word_list_rows())
    for word in (
        "Zugangsdaten",
        "Gerät",
        "Single-Lizenz",
        "Multi-Lizenz",
        "Guten Tag",
        "Login-E-Mail-Adresse",
    ):
        assert word in used


@pytest.mark.parametrize("row", word_list_rows(), ids=lambda row: row[0][:30])
def test_each_forbidden_variant_of_redaktion_md_is_flagged(row: tuple[str, str]) -> None:
    use, forbidden = row
    assert content_checks.forbidden_words(use) == [], use
    # Items are separated by commas; an item with a comma of its own is quoted („Guten Tag, Frau …“).
    items = re.findall(r"„(.*?)“", forbidden) or forbidden.split(", ")
    variants = [re.sub(r"\s*\(.*?\)", "", item).strip() for item in items]
    missed = [v for v in variants if v not in ("", "–") and not content_checks.forbidden_words(v)]
    assert missed == []


@pytest.mark.parametrize(
    "text",
    [
        "Die Kundennummer hat sechs Ziffern.",
        "Rechnungen bleiben zehn Jahre abrufbar.",
        "Alle Preise zuzüglich 19% USt.",
        "Die Lizenz kostet 29,90€ im Monat.",
        "Die Lizenz kostet EUR 29,90 im Monat.",
        "Die Lizenz kostet 29,90 Euro im Monat.",
        "Die Lizenz kostet 29.90 € im Monat.",
        "Die Liste zeigt die letzten 19000 Bestellungen.",
    ],
)
def test_numbers_not_written_as_the_style_guide_says_are_flagged(text: str) -> None:
    assert content_checks.forbidden_words(text)


@pytest.mark.parametrize(
    "text",
    [
        "Die Multi-Lizenz umfasst bis zu 5 Installationen und kostet 59,90 € netto zuzüglich 19 % USt.",
        "Sie haben zwei Möglichkeiten; die Kundennummer 100001 steht auf Rechnung 2026-000123.",
        "Die Liste zeigt die letzten 19.000 Bestellungen.",
        "Öffnen Sie „Login vergessen“ oder ändern Sie Ihre Login-E-Mail-Adresse.",
        "Der Druckdialog Ihres Browsers öffnet sich; probieren Sie einen anderen Browser.",
        "Guten Tag,\n\nvielen Dank für Ihre Nachricht.",
        "Guten Tag Frau Mustermann,\n\ndas Passwort wurde geändert.",
        "Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.",
        "Mit **Alle anderen Geräte abmelden** melden Sie alle Geräte ab.",
    ],
)
def test_text_that_follows_the_word_list_passes(text: str) -> None:
    assert content_checks.forbidden_words(text) == []


def test_tags_follow_the_word_list() -> None:
    """Schlagwörter are customer text too (shown above each article and in the tag index)."""
    tags = content_checks.load_allowed_tags()
    assert [tag for tag in tags if content_checks.forbidden_words(tag)] == []
    assert {"Zugangsdaten", "Single-Lizenz", "Multi-Lizenz", "Login vergessen"} <= set(tags)
