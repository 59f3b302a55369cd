"""Article feedback: anonymous "War dieser Artikel hilfreich?" votes, counted per article on write."""

import functools
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.update import Action

from chalicelib import errors, throttle
from chalicelib.models import FeedbackCounter, FeedbackVote
from chalicelib.models.base import transaction
from chalicelib.models.feedback import FEEDBACK_REASONS, reason_attribute

MAX_PAGE_LENGTH = 200
MAX_COMMENT_LENGTH = 500
VOTE_LIFETIME = timedelta(days=365)
FEEDBACK_PER_ADDRESS = throttle.Limit("feedback-address", attempts=20, window_seconds=60 * 60)

# German labels of the reason codes, as the widget offers them and the report prints them.
REASON_LABELS: dict[str, str] = {
    "unverstaendlich": "Schwer verständlich",
    "unvollstaendig": "Es fehlen Informationen",
    "veraltet": "Nicht mehr aktuell oder fehlerhaft",
    "nicht-gefunden": "Nicht das, was ich gesucht habe",
    "sonstiges": "Sonstiges",
}

# An article path as MkDocs builds it with directory URLs: lowercase slug segments, each ending in "/".
ARTICLE_PATH = re.compile(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*/)+")
# Pages of the site that are not help articles: the portal and the tag index.
PORTAL_PREFIXES = ("kundencenter/",)
NON_ARTICLE_PAGES = frozenset({"support/ticket/", "tags/"})
# The pages that show the widget, written by the site build (overrides/hooks/feedback_articles.py).
ARTICLES_FILE = Path(__file__).with_name("articles.json")

PAGE_INVALID = "Bitte geben Sie den Pfad eines Hilfe-Artikels an, zum Beispiel „rechnungen/e-rechnung/“."
PAGE_NOT_ARTICLE = "Rückmeldungen sind nur zu Hilfe-Artikeln möglich, nicht zu Seiten des Kundencenters."
PAGE_UNKNOWN = (
    "Diesen Hilfe-Artikel gibt es nicht. Bitte geben Sie den Pfad eines vorhandenen Artikels an, "
    "zum Beispiel „rechnungen/e-rechnung/“."
)
REASON_UNKNOWN = "Bitte wählen Sie einen der angebotenen Gründe aus."
REASON_MISSING = "Bitte wählen Sie einen Grund aus."
REASON_NOT_EXPECTED = "Einen Grund geben Sie nur an, wenn der Artikel nicht geholfen hat."
COMMENT_TOO_LONG = f"Bitte geben Sie höchstens {MAX_COMMENT_LENGTH} Zeichen ein."


@functools.cache
def article_paths() -> frozenset[str]:
    """The paths of the site's help articles, read once, on the first vote (not at cold start)."""
    document = json.loads(ARTICLES_FILE.read_text(encoding="utf-8"))
    return frozenset(document["articles"])


def check_article_path(page: str, *, not_article: str = PAGE_NOT_ARTICLE) -> str:
    """The article path itself; ValueError with a German reason when it is no help article of the site.

    `not_article` is the message for a page of the site that is no article (the portal's).
    """
    if len(page) > MAX_PAGE_LENGTH or not ARTICLE_PATH.fullmatch(page):
        raise ValueError(PAGE_INVALID)
    if page.startswith(PORTAL_PREFIXES) or page in NON_ARTICLE_PAGES:
        raise ValueError(not_article)
    if page not in article_paths():
        raise ValueError(PAGE_UNKNOWN)
    return page


def check_reason(reason: str | None, *, helpful: bool | None) -> str | None:
    """The reason code itself; ValueError when it is unknown, missing for "Nein" or given for "Ja".

    `helpful` is None when the vote itself was invalid: then only the code is checked.
    """
    if reason is not None and reason not in FEEDBACK_REASONS:
        raise ValueError(REASON_UNKNOWN)
    if helpful is False and reason is None:
        raise ValueError(REASON_MISSING)
    if helpful is True and reason is not None:
        raise ValueError(REASON_NOT_EXPECTED)
    return reason


def _validate(*, page: str, helpful: bool, reason: str | None, comment: str) -> None:
    fields: dict[str, str] = {}
    try:
        check_article_path(page)
    except ValueError as exc:
        fields["page"] = str(exc)
    try:
        check_reason(reason, helpful=helpful)
    except ValueError as exc:
        fields["reason"] = str(exc)
    if len(comment) > MAX_COMMENT_LENGTH:
        fields["comment"] = COMMENT_TOO_LONG
    if fields:
        raise errors.ValidationError(fields)


def record_feedback(
    *, page: str, helpful: bool, reason: str | None = None, comment: str = "", client_address: str
) -> FeedbackVote:
    """Store one anonymous vote and count it, in one TransactWrite; throttled per client address.

    The client address only keys the short-lived throttle counter; the vote holds nothing about the reader.
    """
    comment = comment.strip()
    _validate(page=page, helpful=helpful, reason=reason, comment=comment)
    throttle.consume(hits=[(FEEDBACK_PER_ADDRESS, client_address)])
    now = datetime.now(UTC)
    vote = FeedbackVote(
        page,
        f"{now.isoformat(timespec='microseconds')}#{secrets.token_hex(4)}",
        created_at=now,
        helpful=helpful,
        reason=reason,
        comment=comment or None,
        expires_at=now + VOTE_LIFETIME,
    )
    actions: list[Action] = [
        (FeedbackCounter.yes if helpful else FeedbackCounter.no).add(1),
        FeedbackCounter.last_vote_at.set(now),
    ]
    if reason is not None:
        actions.append(reason_attribute(reason).add(1))
    with transaction() as tx:
        tx.update(FeedbackCounter(page), actions=actions)
        tx.save(vote, condition=FeedbackVote.vote_id.does_not_exist())
    return vote


def get_counter(*, page: str) -> FeedbackCounter | None:
    """The counts of one article, or None when nobody has voted on it yet."""
    try:
        return FeedbackCounter.get(page)
    except DoesNotExist:
        return None


def list_recent_comments(*, page: str, limit: int = 5) -> list[FeedbackVote]:
    """The newest votes on an article that carry a comment (one Query, newest first)."""
    comments: list[FeedbackVote] = []
    for vote in FeedbackVote.query(
        page, filter_condition=FeedbackVote.comment.exists(), scan_index_forward=False
    ):
        comments.append(vote)
        if len(comments) >= limit:
            break
    return comments


@dataclass(frozen=True)
class ArticleFeedback:
    """What the report shows about one article."""

    page: str
    yes: int
    no: int
    reasons: dict[str, int]
    last_vote_at: datetime | None
    comments: list[FeedbackVote]
    deflections: int = 0  # clicks on the article where the ticket form suggested it

    @property
    def helpful_share(self) -> float | None:
        """Share of "Ja" votes in percent; None without votes."""
        total = self.yes + self.no
        return 100 * self.yes / total if total else None


def summarize_feedback(*, comments_per_article: int = 5) -> list[ArticleFeedback]:
    """Every article with votes or clicked suggestions, most "Nein" first (a batch job: scans the
    counters, one Query each for the comments of an article with votes)."""
    summaries = [
        ArticleFeedback(
            page=counter.page,
            yes=int(counter.yes or 0),
            no=int(counter.no or 0),
            reasons=counter.reason_counts(),
            last_vote_at=counter.last_vote_at,
            comments=list_recent_comments(page=counter.page, limit=comments_per_article)
            if counter.yes or counter.no
            else [],
            deflections=int(counter.deflections or 0),
        )
        for counter in FeedbackCounter.scan()
    ]
    return sorted(summaries, key=lambda item: (-item.no, -item.yes, -item.deflections, item.page))
