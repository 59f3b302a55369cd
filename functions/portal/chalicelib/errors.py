"""API errors: one class per failure, one JSON shape {"Code", "Message"} with German text.

Each error is a Chalice view error (status code, Code = class name). It is also marked as
"unhandled" for Chalice so that it reaches `web.render_errors`, which adds what Chalice's
own rendering cannot: the field names of a validation error and headers such as Retry-After.
"""

from typing import Any

from chalice.app import (
    BadRequestError,
    ChaliceUnhandledError,
    ChaliceViewError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    TooManyRequestsError,
    UnauthorizedError,
)


class ApiError(ChaliceUnhandledError, ChaliceViewError):
    """Base of all errors the API answers with; `message` is German text for people."""

    STATUS_CODE = 500
    message = "Es ist ein interner Fehler aufgetreten. Bitte versuchen Sie es später erneut."

    def __init__(self, message: str | None = None, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message or self.message)
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {"Code": type(self).__name__, "Message": str(self)}


class InternalServerError(ApiError):
    """A bug: the German 500 under the code Chalice uses for it, without any detail."""


class ValidationError(ApiError, BadRequestError):
    STATUS_CODE = 400
    message = "Bitte prüfen Sie Ihre Eingaben."

    def __init__(self, fields: dict[str, str], message: str | None = None) -> None:
        super().__init__(message)
        self.fields = fields

    def body(self) -> dict[str, Any]:
        return {**super().body(), "Fields": self.fields}


class MalformedRequest(ApiError, BadRequestError):
    STATUS_CODE = 400
    message = "Die Anfrage konnte nicht gelesen werden. Bitte senden Sie gültiges JSON."


class NotSignedIn(ApiError, UnauthorizedError):
    STATUS_CODE = 401
    message = "Bitte melden Sie sich an."


class SessionEnded(NotSignedIn):
    """The browser's session cookie names a session that was ended without it: signed out on another
    device ("Sicherheit" › Geräte) or by a password change or reset. The answer also expires the cookie,
    so the next request is a plain NotSignedIn."""

    message = (
        "Sie wurden abgemeldet, weil Ihre Anmeldung auf einem anderen Gerät oder durch eine Änderung "
        "Ihres Passworts beendet wurde. Bitte melden Sie sich erneut an."
    )


class SessionExpired(NotSignedIn):
    """The session behind the cookie ended by itself (30 minutes without use or its absolute end)."""

    message = "Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an."


class StaffNotSignedIn(ApiError, UnauthorizedError):
    STATUS_CODE = 401
    message = "Bitte melden Sie sich im Team-Bereich an."


class InvalidLicenceKey(ApiError, UnauthorizedError):
    STATUS_CODE = 401
    message = "Der Lizenzschlüssel fehlt, ist ungültig oder wurde ersetzt."


class InvalidCredentials(ApiError, UnauthorizedError):
    STATUS_CODE = 401
    message = (
        "Die Zugangsdaten sind nicht korrekt. Bitte prüfen Sie E-Mail-Adresse oder Kundennummer und Passwort."
    )


class InvalidStaffCredentials(ApiError, UnauthorizedError):
    STATUS_CODE = 401
    message = (
        "Die Zugangsdaten sind nicht korrekt. Bitte prüfen Sie E-Mail-Adresse, Passwort und Code "
        "und verwenden Sie einen neuen Code aus Ihrer Authenticator-App."
    )


class ForeignOrigin(ApiError, ForbiddenError):
    STATUS_CODE = 403
    message = "Diese Anfrage kommt nicht von der Seite des Kundencenters und wurde abgelehnt."


class NotFound(ApiError, NotFoundError):
    STATUS_CODE = 404
    message = "Nicht gefunden."


class SessionNotFound(NotFound):
    message = "Dieses Gerät ist nicht angemeldet."


class CustomerNotFound(NotFound):
    message = "Dieser Kunde wurde nicht gefunden."


class StaffNotFound(NotFound):
    message = "Zu dieser E-Mail-Adresse gibt es kein Team-Konto."


class InvalidCursor(MalformedRequest):
    message = "Die Seitenangabe ist ungültig. Bitte laden Sie die Liste neu."


class StaleWrite(ApiError, ConflictError):
    STATUS_CODE = 409
    message = (
        "Die Daten wurden inzwischen geändert. Bitte laden Sie die Seite neu und versuchen Sie es erneut."
    )


class StaffExists(ApiError, ConflictError):
    STATUS_CODE = 409
    message = "Zu dieser E-Mail-Adresse gibt es bereits ein Team-Konto."


class PayloadTooLarge(ApiError):
    STATUS_CODE = 413
    message = "Die Anfrage ist zu groß."


class UnsupportedMediaType(ApiError):
    STATUS_CODE = 415
    message = "Bitte senden Sie die Daten als JSON (Content-Type: application/json)."


class TooManyAttempts(ApiError, TooManyRequestsError):
    STATUS_CODE = 429

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, (retry_after + 59) // 60)
        unit = "Minute" if minutes == 1 else "Minuten"
        super().__init__(
            f"Zu viele Versuche. Bitte warten Sie {minutes} {unit} und versuchen Sie es dann erneut.",
            headers={"Retry-After": str(retry_after)},
        )
        self.retry_after = retry_after


class InvalidTwoFactorCode(ApiError, UnauthorizedError):
    """A wrong, used or replayed code at sign-in: one answer for every case."""

    STATUS_CODE = 401
    message = "Der Code ist nicht korrekt. Bitte geben Sie den aktuellen Code aus Ihrer App ein."


class TwoFactorChallengeExpired(ApiError, UnauthorizedError):
    STATUS_CODE = 401
    message = "Die Anmeldung ist abgelaufen. Bitte melden Sie sich erneut mit Ihrem Passwort an."


class InvalidSsoLink(ApiError, UnauthorizedError):
    """An unknown, used or expired one-time link from unicorn 2: one answer for every case."""

    STATUS_CODE = 401
    message = (
        "Dieser Link zum Kundencenter ist ungültig, abgelaufen oder wurde bereits verwendet. Bitte öffnen "
        "Sie das Kundencenter erneut aus unicorn 2 oder melden Sie sich mit Ihrem Passwort an."
    )


class TwoFactorSetupExpired(ApiError, BadRequestError):
    STATUS_CODE = 400
    message = "Die Einrichtung ist abgelaufen. Bitte beginnen Sie sie erneut."


class TwoFactorAlreadyEnabled(ApiError, ConflictError):
    STATUS_CODE = 409
    message = "Die Zwei-Faktor-Anmeldung ist bereits eingeschaltet."


class TwoFactorNotEnabled(ApiError, ConflictError):
    STATUS_CODE = 409
    message = "Die Zwei-Faktor-Anmeldung ist nicht eingeschaltet."


# Weitere Kontaktdaten


class ContactNotFound(NotFound):
    message = "Diese Kontaktangabe wurde nicht gefunden. Bitte laden Sie die Seite neu."


class ContactEmailLimitReached(ApiError, ConflictError):
    STATUS_CODE = 409
    message = (
        "Sie haben bereits 10 weitere E-Mail-Adressen hinterlegt. "
        "Bitte löschen Sie zuerst eine Adresse, bevor Sie eine neue hinzufügen."
    )


class ContactPhoneLimitReached(ApiError, ConflictError):
    STATUS_CODE = 409
    message = (
        "Sie haben bereits 10 weitere Telefonnummern hinterlegt. "
        "Bitte löschen Sie zuerst eine Nummer, bevor Sie eine neue hinzufügen."
    )


class ContactEmailExists(ApiError, ConflictError):
    STATUS_CODE = 409
    message = "Diese E-Mail-Adresse haben Sie bereits hinterlegt."


class ContactPhoneExists(ApiError, ConflictError):
    STATUS_CODE = 409
    message = "Diese Telefonnummer haben Sie bereits hinterlegt."


class ContactEmailInUse(ApiError, ConflictError):
    STATUS_CODE = 409
    message = (
        "Diese E-Mail-Adresse ist bereits einem anderen Kundenkonto zugeordnet und kann daher nicht "
        "bestätigt werden. Bitte wenden Sie sich an unseren Support, wenn Sie das ändern möchten."
    )


class ContactAlreadyVerified(ApiError, ConflictError):
    STATUS_CODE = 409
    message = "Diese E-Mail-Adresse ist bereits bestätigt."


class InvalidContactToken(ApiError, BadRequestError):
    STATUS_CODE = 400
    message = (
        "Dieser Bestätigungslink ist ungültig, abgelaufen oder wurde bereits verwendet. "
        "Bitte fordern Sie im Kundencenter unter „Weitere Kontaktdaten“ einen neuen Link an."
    )


class InvalidResetToken(ApiError, BadRequestError):
    STATUS_CODE = 400
    message = (
        "Dieser Link zum Zurücksetzen ist ungültig, abgelaufen oder wurde bereits verwendet. "
        "Bitte fordern Sie einen neuen Link an."
    )


class ServiceUnavailable(ApiError):
    """DynamoDB, SES or S3 throttled, failed or did not answer: nothing was written, a retry is safe."""

    STATUS_CODE = 503
    RETRY_AFTER_SECONDS = 5
    message = (
        "Der Dienst ist gerade überlastet oder nicht erreichbar. "
        "Bitte versuchen Sie es in einigen Sekunden erneut."
    )

    def __init__(self) -> None:
        super().__init__(headers={"Retry-After": str(self.RETRY_AFTER_SECONDS)})


class MailNotSent(ApiError):
    """A signed-in change whose whole point is a mail (a confirmation link) could not mail it: SES refused
    the address, was throttled or did not answer. Nothing was changed; a retry is safe."""

    STATUS_CODE = 503
    RETRY_AFTER_SECONDS = 60
    message = (
        "Die E-Mail mit dem Bestätigungslink konnte gerade nicht versendet werden; es wurde nichts "
        "geändert. Bitte prüfen Sie die Adresse und versuchen Sie es in einigen Minuten erneut."
    )

    def __init__(self) -> None:
        super().__init__(headers={"Retry-After": str(self.RETRY_AFTER_SECONDS)})


class InvalidIdempotencyKey(ApiError, BadRequestError):
    STATUS_CODE = 400
    message = "Der Idempotency-Key muss aus 1 bis 255 druckbaren ASCII-Zeichen bestehen."


class IdempotencyKeyRequired(ApiError, BadRequestError):
    STATUS_CODE = 400
    message = (
        "Bitte senden Sie einen Idempotency-Key mit: Nur so stellt eine Wiederholung dieselbe "
        "Rechnungskorrektur fertig, statt eine zweite auszustellen."
    )


class IdempotencyKeyReused(ApiError):
    STATUS_CODE = 422
    message = (
        "Dieser Idempotency-Key wurde bereits für eine Anfrage mit anderen Daten verwendet. "
        "Bitte verwenden Sie für neue Daten einen neuen Schlüssel."
    )


class AnswerShownOnce(ApiError, ConflictError):
    STATUS_CODE = 409
    message = (
        "Diese Anfrage wurde bereits ausgeführt. Ihr Ergebnis enthält einen Schlüssel, den wir nur einmal "
        "anzeigen. Bitte erzeugen Sie einen neuen."
    )


class IdempotencyInProgress(ApiError, ConflictError):
    STATUS_CODE = 409
    message = (
        "Diese Anfrage wird gerade bereits bearbeitet. "
        "Bitte warten Sie einen Moment und senden Sie sie dann erneut."
    )

    def __init__(self) -> None:
        super().__init__(headers={"Retry-After": "1"})


# Persönliche Daten (chalicelib/customers/)


class InvalidEmailChangeLink(ApiError, BadRequestError):
    STATUS_CODE = 400
    message = (
        "Dieser Bestätigungslink ist ungültig, abgelaufen oder wurde bereits verwendet. "
        "Bitte ändern Sie Ihre E-Mail-Adresse im Kundencenter erneut."
    )


class EmailTaken(ApiError, ConflictError):
    STATUS_CODE = 409
    message = (
        "Diese E-Mail-Adresse gehört inzwischen zu einem Kundenkonto und kann nicht als Login-E-Mail-Adresse "
        "verwendet werden. Bitte wählen Sie eine andere Adresse."
    )


class RenameNotFound(NotFound):
    message = "Es ist keine Umfirmierung geplant."


class InvoiceNotFound(NotFound):
    message = "Diese Rechnung wurde nicht gefunden."


class CorrectionNotAllowed(ApiError, ConflictError):
    """A Rechnungskorrektur is corrected by another invoice, never by a correction of itself."""

    STATUS_CODE = 409
    message = (
        "Eine Rechnungskorrektur kann nicht selbst korrigiert werden. "
        "Bitte korrigieren Sie die ursprüngliche Rechnung."
    )


class CorrectionExceedsInvoice(ApiError, ConflictError):
    """The corrections of an invoice would together exceed its gross amount; the message names the rest."""

    STATUS_CODE = 409
    message = "Die Korrekturen einer Rechnung dürfen zusammen den Rechnungsbetrag nicht übersteigen."


# Vertragsdaten (chalicelib/contracts/)


class ContractNotFound(NotFound):
    message = "Zu Ihrem Kundenkonto gibt es keinen Vertrag. Bitte wenden Sie sich an unseren Kundenservice."


class ScheduledChangeNotFound(NotFound):
    message = "Diese geplante Vertragsänderung wurde nicht gefunden. Bitte laden Sie die Seite neu."


class ContractChangeNotAllowed(ApiError, ConflictError):
    """A change the contract's state does not allow; the German reason is the message."""

    STATUS_CODE = 409
    message = "Diese Vertragsänderung ist nicht möglich."


# Statistik (chalicelib/statistics/)


class TooManyOrders(PayloadTooLarge):
    message = "Bitte senden Sie höchstens 500 Bestellungen auf einmal."


# Tickets


class TicketNotFound(NotFound):
    message = "Dieses Ticket wurde nicht gefunden."


class TicketClosed(ApiError, ConflictError):
    STATUS_CODE = 409
    message = "Dieses Ticket ist geschlossen. Öffnen Sie es wieder, um zu antworten, oder erstellen Sie ein neues Ticket."


class TicketNotClosed(ApiError, ConflictError):
    STATUS_CODE = 409
    message = "Dieses Ticket ist nicht geschlossen."


class TicketReopenExpired(ApiError, ConflictError):
    STATUS_CODE = 409
    message = (
        "Dieses Ticket wurde vor mehr als 14 Tagen geschlossen und kann nicht wieder geöffnet werden. "
        "Bitte erstellen Sie ein neues Ticket."
    )


class TicketAlreadyRated(ApiError, ConflictError):
    STATUS_CODE = 409
    message = "Sie haben dieses Ticket bereits bewertet. Vielen Dank!"


class TicketMerged(ApiError, ConflictError):
    STATUS_CODE = 409
    message = "Dieses Ticket wurde mit einem anderen zusammengeführt. Bitte antworten Sie dort."


class TicketMergeRefused(ApiError, ConflictError):
    STATUS_CODE = 409
    message = (
        "Diese Tickets lassen sich nicht zusammenführen: Sie müssen zum selben Kunden (oder zur selben "
        "Absenderadresse) gehören, und ein Ticket kann nicht mit sich selbst zusammengeführt werden."
    )


class InvalidTicketLink(ApiError, BadRequestError):
    """An unknown, used or expired link from a ticket mail: one answer for every case."""

    STATUS_CODE = 400
    message = (
        "Dieser Link ist ungültig, abgelaufen oder wurde bereits verwendet. Bitte senden Sie Ihre Anfrage "
        "über das Support-Formular erneut."
    )


class StaffMemberNotFound(ApiError, BadRequestError):
    STATUS_CODE = 400
    message = "Dieses Team-Mitglied gibt es nicht (mehr). Bitte wählen Sie ein anderes."


# Ticket attachments (chalicelib/tickets/attachments.py)


class AttachmentRejected(ApiError, BadRequestError):
    """A file the ticket cannot take (name, size, type); the German reason, naming the file, is the message."""

    STATUS_CODE = 400
    message = "Diese Datei kann nicht angehängt werden."


class AttachmentNotFound(NotFound):
    message = "Diese Datei wurde nicht gefunden. Bitte laden Sie sie erneut hoch."


# Chalice's own errors (raised before a view runs), in German.
BUILTIN_MESSAGES: dict[str, str] = {
    "MethodNotAllowedError": "Diese Methode ist hier nicht erlaubt.",
    "UnsupportedMediaType": UnsupportedMediaType.message,
    "InternalServerError": ApiError.message,
    "BadRequest": "Die Anfrage konnte nicht verarbeitet werden.",
}
