"""Full-text search over tickets, German-aware: case and umlauts folded, every query word a word prefix.

`fold("Zahlungsänderung")` and `fold("zahlungsaenderung")` are both "zahlungsaenderung", so a customer
finds a ticket however the umlaut was typed. A ticket keeps the folded words of its subject and every
message the customer can see (`Ticket.search_text`, each word once, capped), so the search reads the
ticket item only, never its messages.
"""

import re
import unicodedata

MAX_SEARCH_TEXT = 32_000
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_WORD = re.compile(r"[0-9a-z]+")


def words(text: str) -> list[str]:
    """The folded words of `text`: lower case, ä→ae, ö→oe, ü→ue, ß→ss, other accents removed."""
    lowered = text.lower().translate(_FOLD)
    plain = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(plain)


def fold(text: str) -> str:
    return " ".join(words(text))


def extend(search_text: str, *texts: str) -> str:
    """`search_text` with the new words of `texts` appended (each word once), capped at MAX_SEARCH_TEXT."""
    known = set(search_text.split())
    added: list[str] = []
    for text in texts:
        for word in words(text):
            if word not in known:
                known.add(word)
                added.append(word)
    combined = " ".join(part for part in (search_text, " ".join(added)) if part)
    if len(combined) > MAX_SEARCH_TEXT:
        combined = combined[:MAX_SEARCH_TEXT].rsplit(" ", 1)[0]
    return combined


def matcher(query: str) -> "Matcher":
    return Matcher(words(query))


class Matcher:
    """Matches a ticket's search text when every query word is the prefix of one of its words."""

    def __init__(self, query_words: list[str]) -> None:
        self.query_words = query_words

    def __bool__(self) -> bool:
        return bool(self.query_words)

    def matches(self, search_text: str) -> bool:
        if not self.query_words:
            return True
        padded = " " + search_text
        return all(f" {word}" in padded for word in self.query_words)
