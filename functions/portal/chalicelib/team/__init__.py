"""Support staff: sign-in with password and TOTP code, staff sessions (the ticket queue follows)."""
