"""Article feedback ("War dieser Artikel hilfreich?"): per-article counters and the votes behind them.

Anonymous by design: no customer, no IP address, no cookie, no hash of anything personal.
The counters are the aggregate the report reads; they are updated on every vote, in the same
TransactWrite that stores the vote, and never recomputed from the votes.
"""

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings

# Reason codes a reader can give for "Nein", in the order the widget offers them.
FEEDBACK_REASONS: tuple[str, ...] = (
    "unverstaendlich",
    "unvollstaendig",
    "veraltet",
    "nicht-gefunden",
    "sonstiges",
)


class FeedbackCounter(Model):
    """One item per article path: yes/no votes and "Nein" reasons, each an atomic counter.

    The reason counts are top-level attributes (DynamoDB's ADD works on top-level attributes only).
    """

    class Meta(TableMeta):
        table_name = settings.table_name("feedback-counts")

    page = UnicodeAttribute(hash_key=True)  # article path below the site root, e.g. "rechnungen/e-rechnung/"
    yes = NumberAttribute(default=0)
    no = NumberAttribute(default=0)
    reason_unverstaendlich = NumberAttribute(default=0)
    reason_unvollstaendig = NumberAttribute(default=0)
    reason_veraltet = NumberAttribute(default=0)
    reason_nicht_gefunden = NumberAttribute(default=0)
    reason_sonstiges = NumberAttribute(default=0)
    last_vote_at = UTCDateTimeAttribute(null=True)
    # Clicks on the article where the ticket form suggested it ("Vielleicht hilft Ihnen das:"),
    # counted by chalicelib/help; an item may hold only this count (no votes yet).
    deflections = NumberAttribute(default=0)

    def reason_counts(self) -> dict[str, int]:
        """Votes per reason code, in the order of FEEDBACK_REASONS."""
        return {reason: int(getattr(self, _reason_name(reason)) or 0) for reason in FEEDBACK_REASONS}


def _reason_name(reason: str) -> str:
    if reason not in FEEDBACK_REASONS:
        raise ValueError(f"unknown feedback reason {reason!r}")
    return "reason_" + reason.replace("-", "_")


def reason_attribute(reason: str) -> NumberAttribute:
    """The FeedbackCounter attribute that counts `reason`."""
    attribute = getattr(FeedbackCounter, _reason_name(reason))
    assert isinstance(attribute, NumberAttribute)
    return attribute


class FeedbackVote(Model):
    """One vote, kept for a year (TTL); listed per article newest first by a time-ordered range key."""

    class Meta(TableMeta):
        table_name = settings.table_name("feedback-votes")

    page = UnicodeAttribute(hash_key=True)
    vote_id = UnicodeAttribute(range_key=True)  # "<UTC ISO-8601>#<random>", sorts by time
    created_at = UTCDateTimeAttribute()
    helpful = BooleanAttribute()
    reason = UnicodeAttribute(null=True)
    comment = UnicodeAttribute(null=True)
    expires_at = TTLAttribute()
