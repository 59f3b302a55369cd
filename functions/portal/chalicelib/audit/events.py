"""Audit event names: one enum for every domain, with the German label the audit page shows."""

from enum import StrEnum


class AuditEvent(StrEnum):
    LOGIN = "login"
    LOGIN_UNICORN2 = "login_unicorn2"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    PASSWORD_RESET_REQUESTED = "password_reset_requested"
    PASSWORD_RESET = "password_reset"
    PASSWORD_CHANGED = "password_changed"
    LOGIN_REMINDER_SENT = "login_reminder_sent"
    SESSION_REVOKED = "session_revoked"
    SESSIONS_REVOKED = "sessions_revoked"
    TWO_FACTOR_ENABLED = "two_factor_enabled"
    TWO_FACTOR_DISABLED = "two_factor_disabled"
    TWO_FACTOR_DISABLED_BY_SUPPORT = "two_factor_disabled_by_support"
    TWO_FACTOR_FAILED = "two_factor_failed"
    RECOVERY_CODE_USED = "recovery_code_used"
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed"
    ADDRESS_CHANGED = "address_changed"
    EMAIL_CHANGE_REQUESTED = "email_change_requested"
    EMAIL_CHANGED = "email_changed"
    BANK_ACCOUNT_CHANGED = "bank_account_changed"
    RENAME_SCHEDULED = "rename_scheduled"
    RENAME_CANCELLED = "rename_cancelled"
    RENAME_APPLIED = "rename_applied"
    CONTACT_ADDED = "contact_added"
    CONTACT_VERIFIED = "contact_verified"
    CONTACT_CHANGED = "contact_changed"
    CONTACT_REMOVED = "contact_removed"
    CONTRACT_UPGRADED = "contract_upgraded"
    CONTRACT_DOWNGRADE_SCHEDULED = "contract_downgrade_scheduled"
    CONTRACT_OPTION_BOOKED = "contract_option_booked"
    CONTRACT_OPTION_CANCELLATION_SCHEDULED = "contract_option_cancellation_scheduled"
    CONTRACT_CHANGE_WITHDRAWN = "contract_change_withdrawn"
    LICENCE_KEY_REGENERATED = "licence_key_regenerated"
    INVOICE_CORRECTED = "invoice_corrected"


LABELS: dict[AuditEvent, str] = {
    AuditEvent.LOGIN: "Anmeldung",
    AuditEvent.LOGIN_UNICORN2: "Anmeldung über unicorn 2",
    AuditEvent.LOGIN_FAILED: "Fehlgeschlagene Anmeldung",
    AuditEvent.LOGOUT: "Abmeldung",
    AuditEvent.PASSWORD_RESET_REQUESTED: "Link zum Zurücksetzen des Passworts angefordert",
    AuditEvent.PASSWORD_RESET: "Passwort über E-Mail-Link zurückgesetzt",
    AuditEvent.PASSWORD_CHANGED: "Passwort geändert",
    AuditEvent.LOGIN_REMINDER_SENT: "Kundennummer per E-Mail zugeschickt",
    AuditEvent.SESSION_REVOKED: "Gerät abgemeldet",
    AuditEvent.SESSIONS_REVOKED: "Alle anderen Geräte abgemeldet",
    AuditEvent.TWO_FACTOR_ENABLED: "Zwei-Faktor-Anmeldung eingeschaltet",
    AuditEvent.TWO_FACTOR_DISABLED: "Zwei-Faktor-Anmeldung ausgeschaltet",
    AuditEvent.TWO_FACTOR_DISABLED_BY_SUPPORT: "Zwei-Faktor-Anmeldung vom Support ausgeschaltet",
    AuditEvent.TWO_FACTOR_FAILED: "Falscher Bestätigungscode bei der Anmeldung",
    AuditEvent.RECOVERY_CODE_USED: "Anmeldung mit einem Wiederherstellungscode",
    AuditEvent.RECOVERY_CODES_RENEWED: "Neue Wiederherstellungscodes erzeugt",
    AuditEvent.ADDRESS_CHANGED: "Adresse geändert",
    AuditEvent.EMAIL_CHANGE_REQUESTED: "Änderung der Login-E-Mail-Adresse angefordert",
    AuditEvent.EMAIL_CHANGED: "Login-E-Mail-Adresse geändert",
    AuditEvent.BANK_ACCOUNT_CHANGED: "Bankverbindung geändert (Änderung des SEPA-Mandats)",
    AuditEvent.RENAME_SCHEDULED: "Umfirmierung geplant",
    AuditEvent.RENAME_CANCELLED: "Geplante Umfirmierung zurückgenommen",
    AuditEvent.RENAME_APPLIED: "Umfirmierung wirksam geworden",
    AuditEvent.CONTACT_ADDED: "Weitere Kontaktangabe hinzugefügt",
    AuditEvent.CONTACT_VERIFIED: "Weitere E-Mail-Adresse bestätigt",
    AuditEvent.CONTACT_CHANGED: "Verwendung einer Kontaktangabe geändert",
    AuditEvent.CONTACT_REMOVED: "Weitere Kontaktangabe gelöscht",
    AuditEvent.CONTRACT_UPGRADED: "Lizenz hochgestuft (sofort wirksam)",
    AuditEvent.CONTRACT_DOWNGRADE_SCHEDULED: "Wechsel zu einer kleineren Lizenz vorgemerkt",
    AuditEvent.CONTRACT_OPTION_BOOKED: "Zusatzoption gebucht",
    AuditEvent.CONTRACT_OPTION_CANCELLATION_SCHEDULED: "Kündigung einer Zusatzoption vorgemerkt",
    AuditEvent.CONTRACT_CHANGE_WITHDRAWN: "Geplante Vertragsänderung zurückgenommen",
    AuditEvent.LICENCE_KEY_REGENERATED: "Lizenzschlüssel neu erzeugt (der bisherige gilt nicht mehr)",
    AuditEvent.INVOICE_CORRECTED: "Rechnungskorrektur ausgestellt",
}


def label(event: str) -> str:
    """The German label of a stored event name (the name itself for an unknown one)."""
    try:
        return LABELS[AuditEvent(event)]
    except ValueError:
        return event
