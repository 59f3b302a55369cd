"""MkDocs hook: a help-center search that understands how Germans type.

Material's search (lunr.js in a web worker) matches what a customer types against the words of
the pages as written, by prefix. This hook adds to every entry of search/search_index.json two
fields, `title_de` and `text_de` (weighted in mkdocs.yml's `search: fields:`), holding the search
key of every word of title and text: lower case, umlauts and their ASCII spellings folded alike,
one inflection suffix cut (Passwörter, passwoerter, Passworte → passwort). Next to them go the
keys of the later parts of compound nouns (Rechnungsadresse → adress), of hyphenated words
joined (E-Rechnung → erechn) and of the other members of every synonym group a word belongs to
(IBAN → bankverbind, kontoverbind, ...), and the digits of numbers written with thousands
separators (19.000 → 19000). The article entry also gets the page's description; overview pages
get a lower search boost.

The hidden fields hold only what a query could not already match in the field as written, to keep
the index small: each key once per entry, and no key that equals a word of the field (IBAN →
iban, which lunr already holds for `text`). The space Material leaves between the block tags of
`text` goes too.

The rules live in search_synonyms.yml. The hook writes them, with the list of words a query can
find, to assets/javascripts/search-de-data.json; docs/assets/javascripts/search-de-rules.js turns a
typed query into the same keys (transform_query here is its twin, compared in
tests/e2e/test_search.py), adding lunr's one-edit fuzzy match for words the help center does not
know. The hook also puts search-de.js into the <head> of every page; there it rewrites the query
on its way to Material's search worker and the result on its way back (the result list marks words
as written and never shows a search key). Material's search box, worker and result list stay as
they are.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.plugins import event_priority

RULES_FILE = Path(__file__).with_name("search_synonyms.yml")
DATA_URL = "assets/javascripts/search-de-data.json"
SCRIPT_URL = "assets/javascripts/search-de.js"
TITLE_FIELD = "title_de"
TEXT_FIELD = "text_de"

# Fallback when the search plugin sets none; mkdocs.yml sets the one the site uses.
DEFAULT_SEPARATOR = r"[\s\-]+"
# A word joined by hyphens ("E-Rechnung", "Zwei-Faktor-Anmeldung"): also indexed as one word.
HYPHENATED_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)+")
# Material wraps highlights and the plugin leaves some markup in the text.
TAG_RE = re.compile(r"<[^>]+>")
# Whitespace next to the block tags Material keeps in the text ("</p> <ol> <li>"): it neither
# shows in a result snippet nor separates words that the tags do not already separate.
BLOCK_TAG_SPACE_RE = re.compile(r"\s*(</?(?:p|ol|ul|li)>)\s*")
# A number with German thousands separators ("19.000"), which the separator splits into "19" and
# "000": also indexed as its digits ("19000"). Not part of a date or version ("10.03.2026", "2.3").
GROUPED_NUMBER_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?!\.?\d)")


@dataclass(frozen=True)
class Rules:
    """The normalisation rules and synonym groups of search_synonyms.yml."""

    fold: tuple[tuple[str, str], ...]
    suffixes: tuple[str, ...]
    min_stem: int
    fuzzy_min_length: int
    linkers: tuple[str, ...]
    min_part: int
    parts: tuple[str, ...]
    stopwords: frozenset[str]
    synonyms: tuple[tuple[str, ...], ...]
    overview_boost: float = 1.0
    separator: str = DEFAULT_SEPARATOR


def load_rules(path: Path = RULES_FILE, separator: str | None = None) -> Rules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    normalise, compounds = data["normalise"], data["compounds"]
    return Rules(
        fold=tuple((str(a), str(b)) for a, b in normalise["fold"]),
        suffixes=tuple(sorted((str(s) for s in normalise["suffixes"]), key=len, reverse=True)),
        min_stem=int(normalise["min_stem"]),
        fuzzy_min_length=int(normalise["fuzzy_min_length"]),
        linkers=tuple(str(linker) for linker in compounds["linkers"]),
        min_part=int(compounds["min_part"]),
        parts=tuple(str(part) for part in compounds["parts"]),
        stopwords=frozenset(str(word).lower() for word in data["stopwords"]),
        synonyms=tuple(tuple(str(member) for member in group) for group in data["synonyms"]),
        overview_boost=float(data.get("overview_boost", 1.0)),
        separator=separator or DEFAULT_SEPARATOR,
    )


def fold(word: str, rules: Rules) -> str:
    """Lower-case the word and fold umlauts and their ASCII spellings: Geräte, geraete → gerate."""
    word = word.lower()
    for source, target in rules.fold:
        word = word.replace(source, target)
    return word


def cut_suffix(folded: str, rules: Rules) -> str:
    """Cut the longest inflection suffix that leaves at least `min_stem` letters."""
    for suffix in rules.suffixes:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= rules.min_stem:
            return folded[: -len(suffix)]
    return folded


def normalise(word: str, rules: Rules) -> str:
    """The search key of a word: folded, one suffix cut. Rechnungen, Rechnung → rechn."""
    return cut_suffix(fold(word, rules), rules)


def split_words(text: str, rules: Rules) -> list[str]:
    """Lower-cased words as Material's tokenizer sees them (split at the search separator)."""
    return [word for word in re.split(rules.separator, text.lower()) if word]


def grouped_number(parts: list[str]) -> bool:
    """True for the parts of a number typed with thousands separators: 19.000 → 19, 000."""
    return (
        len(parts) > 1
        and re.fullmatch("[0-9]{1,3}", parts[0]) is not None
        and all(re.fullmatch("[0-9]{3}", part) for part in parts[1:])
    )


class Vocabulary:
    """The words of the help center (folded), for compound splitting and typo detection.

    The same sorted list goes to the browser as `lexicon`, so both sides know the same words.
    """

    def __init__(
        self, rules: Rules, words: Iterable[str] = (), *, lexicon: Iterable[str] | None = None
    ) -> None:
        self.rules = rules
        if lexicon is None:
            members = [member for group in rules.synonyms for member in group]
            joined = ["".join(split_words(member, rules)) for member in members]
            sources = (*rules.parts, *members, *joined, *words)
            lexicon = {
                fold(token, rules)
                for source in sources
                for token in split_words(source, rules)
                if len(token) >= rules.min_part and token.isalpha()
            }
        self.lexicon: list[str] = sorted(set(lexicon))
        self.keys = frozenset(cut_suffix(word, rules) for word in self.lexicon)

    def knows(self, folded: str) -> bool:
        """True if the folded word is a help-center word, give or take one suffix."""
        return len(folded) >= self.rules.min_part and cut_suffix(folded, self.rules) in self.keys

    def has_prefix(self, prefix: str) -> bool:
        """True if some help-center word starts with the prefix (what a `prefix*` query finds)."""
        position = bisect.bisect_left(self.lexicon, prefix)
        return position < len(self.lexicon) and self.lexicon[position].startswith(prefix)

    def split_compound(self, word: str) -> list[str]:
        """Parts of a compound (folded), or [] if it is none: Rechnungsadresse → rechnung, adresse."""
        return self.split_folded(fold(word, self.rules))

    def split_folded(self, folded: str) -> list[str]:
        return [part for part, _ in self.split_linked(folded)]

    def split_linked(self, folded: str) -> list[tuple[str, str]]:
        """(part, linking element after it) pairs: rechnungsadresse → (rechnung, s), (adresse, "")."""
        return self._split(folded, depth=0) or []

    def _split(self, folded: str, depth: int) -> list[tuple[str, str]] | None:
        min_part = self.rules.min_part
        if depth > 3 or len(folded) < 2 * min_part:
            return None
        # Longest head first: "rechnungsadresse" is rechnung + s + adresse, not rech + ...
        for end in range(len(folded) - min_part, min_part - 1, -1):
            head = folded[:end]
            if not self.knows(head):
                continue
            for linker in self.rules.linkers:
                if not folded.startswith(linker, end):
                    continue
                tail = folded[end + len(linker) :]
                if len(tail) < min_part:
                    continue
                if self.knows(tail):
                    return [(head, linker), (tail, "")]
                rest = self._split(tail, depth + 1)
                if rest:
                    return [(head, linker), *rest]
        return None


class SynonymIndex:
    """Finds synonym group members in a word sequence, tolerant of inflection."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.suffix_set = frozenset(rules.suffixes)
        # First member word key → (member word keys, group index, member index)
        self.by_first: dict[str, list[tuple[tuple[str, ...], int, int]]] = {}
        self.expansions: list[list[list[str]]] = []
        for group_index, group in enumerate(rules.synonyms):
            forms: list[list[str]] = []
            for member_index, member in enumerate(group):
                tokens = split_words(member, rules)
                keys = tuple(normalise(token, rules) for token in tokens)
                self.by_first.setdefault(keys[0], []).append((keys, group_index, member_index))
                folded = [fold(token, rules) for token in tokens]
                # A member of several words goes in joined ("E-Rechnung" → erechn): its words
                # alone ("rechnung") would spread the group over every page with one of them.
                forms.append([cut_suffix("".join(folded), rules)])
            self.expansions.append(forms)

    def _candidates(self, key: str) -> Iterator[str]:
        """Member keys the word key may be an inflected form of (Preise ~ Preis)."""
        yield key
        for suffix in self.suffix_set:
            if key.endswith(suffix) and len(key) > len(suffix):
                yield key[: -len(suffix)]

    def same_word(self, a: str, b: str) -> bool:
        if a == b:
            return True
        short, long = sorted((a, b), key=len)
        return long.startswith(short) and long[len(short) :] in self.suffix_set

    def matches(self, keys: list[str]) -> Iterator[tuple[int, int]]:
        """(group, member) for every member occurrence in the key sequence, longest first.

        Words inside a longer match do not match again: "E-Mail-Adresse" is an e-mail address,
        not an Adresse.
        """
        position = 0
        while position < len(keys):
            key = keys[position]
            found: dict[tuple[int, int], int] = {}
            for candidate in (*self._candidates(key), *(key + s for s in self.suffix_set)):
                for member_keys, group, member in self.by_first.get(candidate, ()):
                    following = keys[position + 1 : position + len(member_keys)]
                    if len(following) == len(member_keys) - 1 and all(
                        self.same_word(k, m) for k, m in zip(keys[position:], member_keys, strict=False)
                    ):
                        found[(group, member)] = len(member_keys)
            longest = max(found.values(), default=1)
            yield from (match for match, length in found.items() if length == longest)
            position += longest

    def others(self, group: int, member: int) -> Iterator[str]:
        for index, forms in enumerate(self.expansions[group]):
            if index != member:
                yield from forms


class Expander:
    """Turns the text of an index field into its search keys."""

    def __init__(self, rules: Rules, vocabulary: Vocabulary) -> None:
        self.rules = rules
        self.vocabulary = vocabulary
        self.synonyms = SynonymIndex(rules)

    def expand(self, text: str) -> list[str]:
        """The keys under which the text is found, one per occurrence.

        Every word's key (Passwörter → passwort), the keys of the later parts of compound nouns
        (Rechnungsadresse → adress), of words joined by hyphens (E-Rechnung → erechn) and of
        the other members of each synonym group a word belongs to (IBAN → bankverbind, ...), and
        the digits of numbers written with thousands separators (19.000 → 19000).
        """
        rules = self.rules
        text = TAG_RE.sub(" ", text)
        forms: list[str] = []
        keys: list[str] = []
        for cased in re.split(rules.separator, text):
            if not cased:
                continue
            word = cased.lower()
            key = normalise(word, rules)
            keys.append(key)
            if word in rules.stopwords:
                continue
            forms.append(key)
            # Only nouns (capitalised) are split: the compounds customers search for are nouns,
            # while verbs would split into their prefixes (hinterlegen → legen).
            if cased[0].isupper() and word.isalpha():
                forms.extend(self.compound_forms(fold(word, rules)))
        for match in HYPHENATED_RE.finditer(text):
            joined = normalise(match.group(0).replace("-", ""), rules)
            forms.append(joined)
            # "Ticket-Formular" is the word Ticketformular, for synonyms too.
            for group, member in self.synonyms.matches([joined]):
                forms.extend(self.synonyms.others(group, member))
        for group, member in self.synonyms.matches(keys):
            forms.extend(self.synonyms.others(group, member))
        forms.extend(match.group(0).replace(".", "") for match in GROUPED_NUMBER_RE.finditer(text))
        return forms

    def compound_forms(self, folded: str) -> list[str]:
        """Keys of a compound's later parts, and of the compound with one part replaced by a
        synonym (Rechnungsanschrift → adress, rechnungsadress); each part also counts as a word
        of its own for synonyms (Passwortänderung → kennwort)."""
        rules = self.rules
        linked = self.vocabulary.split_linked(folded)
        forms = [cut_suffix(part, rules) for part, _ in linked[1:]]
        for index, (part, _) in enumerate(linked):
            for group, member in self.synonyms.matches([cut_suffix(part, rules)]):
                for synonym in self.synonyms.others(group, member):
                    forms.append(synonym)
                    head = "".join(p + linker for p, linker in linked[:index])
                    if index == len(linked) - 1 and not synonym.startswith(head):
                        forms.append(head + synonym)
        return forms


def index_words(docs: list[dict[str, Any]], descriptions: dict[str, str], rules: Rules) -> list[str]:
    """Every word of the indexed titles, texts and descriptions, hyphenated words also joined."""
    texts = [TAG_RE.sub(" ", doc[field]) for doc in docs for field in ("title", "text")]
    texts += descriptions.values()
    words = [word for text in texts for word in split_words(text, rules)]
    words += [match.group(0).replace("-", "") for text in texts for match in HYPHENATED_RE.finditer(text)]
    return words


def hidden_forms(keys: Iterable[str], raw: str, rules: Rules) -> list[str]:
    """The keys a query could not already match in the field as written: each once, in the order
    of their first occurrence, without the keys that equal one of its words (iban for IBAN,
    passwort for Passwort). Such a key is the very term lunr already holds for the raw field.
    """
    written = set(split_words(TAG_RE.sub(" ", raw), rules))
    return [key for key in dict.fromkeys(keys) if key not in written]


def expand_index(
    index: dict[str, Any], rules: Rules, descriptions: dict[str, str], overviews: frozenset[str] = frozenset()
) -> Vocabulary:
    """Add the search key fields to every entry of the index; returns the words it can be searched for.

    Entries of overview pages (`overviews`: their URLs) get `overview_boost` unless the page
    set its own search boost, so that a specific question finds the article before the overview
    that summarises it.
    """
    docs: list[dict[str, Any]] = index["docs"]
    words = index_words(docs, descriptions, rules)
    expander = Expander(rules, Vocabulary(rules, words))
    findable = {fold(word, rules) for word in words if word.isalpha()}
    for doc in docs:
        if doc["location"].split("#")[0] in overviews and "boost" not in doc:
            doc["boost"] = rules.overview_boost
        text = doc["text"] = BLOCK_TAG_SPACE_RE.sub(r"\1", doc["text"])
        description = descriptions.get(doc["location"])
        if description:
            text = f"{text} {description}"
        title_keys, text_keys = expander.expand(doc["title"]), expander.expand(text)
        doc[TITLE_FIELD] = " ".join(hidden_forms(title_keys, doc["title"], rules))
        doc[TEXT_FIELD] = " ".join(hidden_forms(text_keys, doc["text"], rules))
        findable.update(title_keys, text_keys)
    # What a query can find: the words as written and every key added. The browser decides with
    # this list whether a typed word is one the help center knows, or a typo.
    return Vocabulary(rules, lexicon=(word for word in findable if len(word) >= rules.min_part))


# Query syntax a customer may use on purpose ("exact words", +must, -not, fuzzy~, boost^, wild*,
# field:): such a query goes to lunr unchanged.
QUERY_SYNTAX_RE = re.compile(r'["+~^*:]|(?:^|\s)-')


def transform_query(query: str, rules: Rules, vocabulary: Vocabulary) -> str:
    """The lunr query for what a customer typed; search-de-rules.js does exactly the same.

    Per word: its search key (Material appends the prefix wildcard), for umlaut spellings also
    the word as typed (it matches, and is highlighted, in the page text), and for a word the help
    center does not know its compound parts and a fuzzy match with one edit (not for numbers). Two
    neighbouring words also count joined when the help center knows the result ("premium
    service"), a number typed with thousands separators as its digits (19.000 → 19000). Filler
    words go when other words remain.
    """
    if QUERY_SYNTAX_RE.search(query):
        return query
    words: list[str] = []
    for chunk in query.split():
        parts = split_words(chunk, rules)
        joined = "".join(parts)
        # "e-mail-adresse" is one word; its parts only count when the joined word is unknown.
        # "19.000" is the number 19000.
        if len(parts) > 1 and (grouped_number(parts) or vocabulary.has_prefix(fold(joined, rules))):
            words.append(joined)
        else:
            words.extend(parts)
    content = [word for word in words if word not in rules.stopwords]
    if content:
        words = content
    typing = bool(words) and not query[-1:].isspace()
    terms: list[str] = []
    for position, word in enumerate(words):
        folded = fold(word, rules)
        key = cut_suffix(folded, rules)
        if len(word) == 1 and not (typing and position == len(words) - 1):
            terms.append(f"{word}^1")  # a lone letter ("E Rechnung") only as itself
            continue
        terms.append(key)
        # A number the help center does not know is no typo of one it knows (19000 is not 1900).
        number = re.fullmatch("[0-9]+", folded) is not None
        if len(folded) >= rules.fuzzy_min_length and not number and not vocabulary.has_prefix(key):
            terms.extend(cut_suffix(part, rules) for part in vocabulary.split_folded(folded))
            terms.append(f"{folded}~1")
            if key != folded:
                terms.append(f"{key}~1")
    for first, second in itertools.pairwise(words):
        joined = fold(first + second, rules)
        if vocabulary.has_prefix(joined):
            terms.append(cut_suffix(joined, rules))
    return " ".join(dict.fromkeys(terms))


def client_data(rules: Rules, vocabulary: Vocabulary) -> dict[str, Any]:
    """What search-de.js needs to treat a query exactly as the index was treated.

    `synonyms` holds each group's member keys as the index holds them (joined, folded, one suffix
    cut): the result list marks a word as written when it is a synonym of one the customer typed.
    """
    return {
        "synonyms": [[form for forms in group for form in forms] for group in SynonymIndex(rules).expansions],
        "separator": rules.separator,
        "fold": [list(pair) for pair in rules.fold],
        "suffixes": list(rules.suffixes),
        "minStem": rules.min_stem,
        "fuzzyMinLength": rules.fuzzy_min_length,
        "linkers": list(rules.linkers),
        "minPart": rules.min_part,
        "stopwords": sorted(rules.stopwords),
        "lexicon": vocabulary.lexicon,
    }


# ---------------------------------------------------------------------------------------------
# MkDocs events

_descriptions: dict[str, str] = {}
_overviews: set[str] = set()
_rules: Rules | None = None


def on_config(config: Any) -> Any:
    global _rules
    _descriptions.clear()
    _overviews.clear()
    search = config.plugins.get("material/search") or config.plugins.get("search")
    separator = search.config.get("separator") if search is not None else None
    _rules = load_rules(separator=separator)
    return config


def on_page_context(context: Any, *, page: Any, config: Any, nav: Any) -> Any:
    description = page.meta.get("description")
    if isinstance(description, str) and description.strip():
        _descriptions[page.url] = description.strip()
    # Section overviews (topic/index.md); the help home is the site's front door, not one.
    if page.file.name == "index" and page.url:
        _overviews.add(page.url)
    return context


def script_tag(page_url: str) -> str:
    """The <script> of search-de.js for a page at `page_url` (relative, so copies of the site work)."""
    from mkdocs.utils import get_relative_url

    return f'<script src="{get_relative_url(SCRIPT_URL, page_url or ".")}"></script>'


def on_post_page(output: str, *, page: Any, config: Any) -> str:
    # In the <head>: search-de.js must wrap the Worker methods before Material's bundle (at the end
    # of <body>) creates its search worker and listens to it.
    if "</head>" not in output:
        return output
    return output.replace("</head>", f"{script_tag(page.url)}</head>", 1)


def on_post_template(output: str, *, template_name: str, config: Any) -> str:
    # The 404 page answers at any address, so it names the script from the site's root.
    if template_name != "404.html" or "</head>" not in output:
        return output
    from urllib.parse import urlsplit

    root = urlsplit(config.site_url or "/").path.rstrip("/")
    return output.replace("</head>", f'<script src="{root}/{SCRIPT_URL}"></script></head>', 1)


@event_priority(-100)  # after the search plugin has written the index
def on_post_build(*, config: Any) -> None:
    if _rules is None:
        return
    site = Path(config.site_dir)
    index_path = site / "search" / "search_index.json"
    if not index_path.exists():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    vocabulary = expand_index(index, _rules, _descriptions, frozenset(_overviews))
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    data_path = site / DATA_URL
    data_path.parent.mkdir(parents=True, exist_ok=True)
    data = client_data(_rules, vocabulary)
    data_path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
