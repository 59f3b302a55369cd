"""Deflections: a customer about to write a ticket opened a suggested help article instead.

Anonymous like the article feedback: one atomic counter per article (`FeedbackCounter.deflections`,
on the item the feedback report reads), no record of who clicked. The client address only keys the
hourly throttle counter. The articles are the feedback's list (`chalicelib/feedback/articles.json`).
"""

from chalicelib import throttle
from chalicelib.feedback import service as feedback
from chalicelib.models import FeedbackCounter

MAX_PAGE_LENGTH = feedback.MAX_PAGE_LENGTH
DEFLECTIONS_PER_ADDRESS = throttle.Limit("deflection-address", attempts=60, window_seconds=60 * 60)
PAGE_NOT_ARTICLE = "Vorgeschlagen werden nur Hilfe-Artikel, keine Seiten des Kundencenters."


def check_article_path(page: str) -> str:
    """The path itself; ValueError with a German reason when it is no help article of the site."""
    return feedback.check_article_path(page, not_article=PAGE_NOT_ARTICLE)


def record_deflection(*, page: str, client_address: str) -> None:
    """Count one click on a suggested article (one UpdateItem ADD); throttled per client address.

    `page` must be a help article of the site (ValueError otherwise; the request model checks it first).
    """
    check_article_path(page)
    throttle.consume(hits=[(DEFLECTIONS_PER_ADDRESS, client_address)])
    FeedbackCounter(page).update(actions=[FeedbackCounter.deflections.add(1)])
