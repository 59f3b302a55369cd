"""The mails about a ticket. Each carries the ticket's reply address as Reply-To, so answering the mail
adds to the ticket (`tickets/inbound.py`); nothing in them asks for a password."""

from chalicelib import mail
from chalicelib.models import Ticket
from chalicelib.settings import settings

SIGNATURE = "\n\nFreundliche Grüße\nIhr unicorn 2 Kundenservice\n"
REPLY_HINT = "Sie können direkt auf diese E-Mail antworten; Ihre Antwort landet im Verlauf des Tickets."


def reply_address(ticket: Ticket) -> str:
    """`<local>+<ticket_id>.<secret>@<domain>` of the support address."""
    local, _, domain = settings.support_address.partition("@")
    return f"{local}+{ticket.ticket_id}.{ticket.reply_secret}@{domain}"


def _portal_link(ticket: Ticket) -> str:
    return f"{settings.site_origin}/kundencenter/tickets/?ticket={ticket.ticket_id}"


def _headers(ticket: Ticket) -> dict[str, str]:
    domain = settings.support_address.partition("@")[2] or "localhost"
    thread = f"<ticket-{ticket.ticket_id}@{domain}>"
    return {"References": thread, "In-Reply-To": thread}


def _send(ticket: Ticket, *, subject: str, text: str) -> bool:
    return mail.send_mail(
        to=ticket.email,
        subject=f"{subject} [Ticket #{ticket.ticket_id}]",
        text=text + SIGNATURE,
        reply_to=reply_address(ticket),
        headers=_headers(ticket),
    )


def _quote(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())


def ticket_received(ticket: Ticket, *, text: str) -> bool:
    return _send(
        ticket,
        subject=f"Wir haben Ihr Ticket erhalten: {ticket.subject}",
        text=(
            f"Guten Tag,\n\nvielen Dank für Ihre Nachricht. Ihr Ticket #{ticket.ticket_id} „{ticket.subject}“ "
            "ist bei uns eingegangen; wir melden uns so schnell wie möglich.\n\n"
            f"Den Verlauf sehen Sie im Kundencenter: {_portal_link(ticket)}\n\n{REPLY_HINT}"
        ),
    )


def team_replied(ticket: Ticket, *, text: str) -> bool:
    if ticket.customer_number:
        where = f"Den ganzen Verlauf sehen Sie im Kundencenter: {_portal_link(ticket)}"
    else:
        from chalicelib.tickets.service import view_link

        where = f"Den ganzen Verlauf sehen Sie hier (Ihr persönlicher Link): {view_link(ticket)}"
    return _send(
        ticket,
        subject=f"Neue Antwort auf Ihr Ticket: {ticket.subject}",
        text=(
            f"Guten Tag,\n\nunser Support hat auf Ihr Ticket #{ticket.ticket_id} „{ticket.subject}“ "
            f"geantwortet:\n\n{_quote(text)}\n\n{where}\n\n{REPLY_HINT}"
        ),
    )


def confirm_public(ticket: Ticket, *, link: str) -> bool:
    """The confirmation link: the only mail to an address nobody has confirmed. It carries no text the
    sender typed, so it is useless for sending others text of a stranger's choosing."""
    return mail.send_mail(
        to=ticket.email,
        subject="Bitte bestätigen Sie Ihre Support-Anfrage",
        text=(
            "Guten Tag,\n\nüber das Support-Formular von unicorn 2 wurde mit dieser E-Mail-Adresse eine "
            "Anfrage gestellt. Bitte bestätigen Sie sie mit diesem Link (24 Stunden gültig); erst dann "
            f"erreicht sie unser Support-Team:\n\n{link}\n\n"
            "Wenn Sie keine Anfrage gestellt haben, ignorieren Sie diese E-Mail einfach; es geschieht "
            "dann nichts." + SIGNATURE
        ),
    )


def public_confirmed(ticket: Ticket, *, link: str) -> bool:
    return _send(
        ticket,
        subject=f"Ihre Anfrage ist bei uns: {ticket.subject}",
        text=(
            f"Guten Tag,\n\nvielen Dank, Ihre Anfrage ist bestätigt und hat die Nummer #{ticket.ticket_id}. "
            "Wir melden uns so schnell wie möglich.\n\n"
            f"Den Verlauf sehen und antworten können Sie über diesen persönlichen Link:\n{link}\n"
            "Geben Sie ihn nicht weiter: Wer ihn hat, kann das Ticket lesen.\n\n" + REPLY_HINT
        ),
    )
