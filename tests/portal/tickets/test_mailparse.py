"""chalicelib.tickets.mailparse: raw mails as German customers' mail programs send them."""

import base64
import quopri

import pytest

from chalicelib.tickets.mailparse import html_to_text, parse, reply_target, strip_quoted

SUPPORT = "support@unicorn2.example"
REPLY_TO = "support+K7M2Q9XD.4f0c2a9e1b7d4c3a8e6f5a4b3c2d1e0f@unicorn2.example"


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


# Thunderbird (German), quoted-printable, UTF-8, format=flowed

THUNDERBIRD_BODY = (
    "Guten Tag,\n"
    "\n"
    "vielen Dank für die schnelle Antwort. Die Rechnung ist jetzt korrekt, aber die Zusatzoption wird "
    "weiterhin doppelt berechnet.\n"
    "\n"
    "Mit freundlichen Grüßen\n"
    "Jörg Müller\n"
    "\n"
    "Am 30.11.26 um 14:03 schrieb unicorn 2 Support:\n"
    "> Guten Tag Herr Müller,\n"
    ">\n"
    "> wir haben die Rechnung korrigiert.\n"
    ">\n"
    "> Mit freundlichen Grüßen\n"
    "> Ihr unicorn-Team\n"
)
THUNDERBIRD = crlf(
    "Message-ID: <3c1b5e8a-2f4d-4a1e-9b7c-6d5e4f3a2b1c@muster-handels.example>\n"
    "Date: Mon, 30 Nov 2026 15:12:44 +0100\n"
    "MIME-Version: 1.0\n"
    "User-Agent: Mozilla Thunderbird\n"
    "Subject: =?UTF-8?Q?Re=3a_Ihre_Anfrage_=e2=80=93_Ticket_=23K7M2Q9XD?=\n"
    "Content-Language: de-DE\n"
    f"To: unicorn 2 Support <{REPLY_TO}>\n"
    "From: =?UTF-8?Q?J=c3=b6rg_M=c3=bcller?= <Joerg.Mueller@Muster-Handels.example>\n"
    "Content-Type: text/plain; charset=UTF-8; format=flowed\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
) + quopri.encodestring(THUNDERBIRD_BODY.replace("\n", "\r\n").encode("utf-8"))


def test_thunderbird_reply_quoted_printable():
    mail = parse(THUNDERBIRD)
    assert mail.sender == "joerg.mueller@muster-handels.example"
    assert mail.sender_name == "Jörg Müller"
    assert mail.subject == "Re: Ihre Anfrage – Ticket #K7M2Q9XD"
    assert mail.recipients == [REPLY_TO.lower()]
    assert mail.message_id == "<3c1b5e8a-2f4d-4a1e-9b7c-6d5e4f3a2b1c@muster-handels.example>"
    assert mail.auto_submitted is False
    assert "\r" not in mail.text
    assert "doppelt berechnet." in mail.text
    assert strip_quoted(mail.text) == (
        "Guten Tag,\n\nvielen Dank für die schnelle Antwort. Die Rechnung ist jetzt korrekt, aber die "
        "Zusatzoption wird weiterhin doppelt berechnet.\n\nMit freundlichen Grüßen\nJörg Müller"
    )
    assert reply_target(mail.recipients, SUPPORT) == ("K7M2Q9XD", "4f0c2a9e1b7d4c3a8e6f5a4b3c2d1e0f")


# Outlook (German), multipart/alternative, ISO-8859-1, quoted-printable, header block in the text

OUTLOOK_PLAIN = (
    "Hallo Support-Team,\n"
    "\n"
    "anbei die gewünschte Auswertung. Können Sie bitte prüfen, warum die Bestellungen vom 28.11. fehlen?\n"
    "\n"
    "Gruß\n"
    "Sabine Groß\n"
    "Buchhaltung\n"
    "\n"
    "________________________________\n"
    "Von: unicorn 2 Support <support@unicorn2.example>\n"
    "Gesendet: Montag, 30. November 2026 14:03\n"
    "An: Sabine Groß <s.gross@beispiel-versand.example>\n"
    "Betreff: Ihre Anfrage – Ticket #K7M2Q9XD\n"
    "\n"
    "Guten Tag Frau Groß,\n"
    "\n"
    "bitte senden Sie uns die Auswertung.\n"
)
OUTLOOK = (
    crlf(
        "Received: from mail.beispiel-versand.example\n"
        'From: "=?iso-8859-1?Q?Gro=DF=2C_Sabine?=" <S.Gross@Beispiel-Versand.example>\n'
        f'To: "unicorn 2 Support" <{REPLY_TO}>\n'
        "CC: Buchhaltung <buchhaltung@beispiel-versand.example>\n"
        "Subject: AW: Ihre Anfrage =?iso-8859-1?Q?=96_Ticket?= #K7M2Q9XD\n"
        "Thread-Topic: Ihre Anfrage - Ticket #K7M2Q9XD\n"
        "Date: Mon, 30 Nov 2026 14:25:01 +0000\n"
        "Message-ID: <AM0PR10MB1234ABCD@AM0PR10MB1234.EURPRD10.PROD.OUTLOOK.COM>\n"
        "Content-Language: de-DE\n"
        "X-MS-Has-Attach:\n"
        "Content-Type: multipart/alternative;\n"
        '\tboundary="_000_AM0PR10MB1234_"\n'
        "MIME-Version: 1.0\n"
        "\n"
        "--_000_AM0PR10MB1234_\n"
        'Content-Type: text/plain; charset="iso-8859-1"\n'
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
    )
    + quopri.encodestring(OUTLOOK_PLAIN.replace("–", "-").replace("\n", "\r\n").encode("iso-8859-1"))
    + crlf(
        "\n--_000_AM0PR10MB1234_\n"
        'Content-Type: text/html; charset="iso-8859-1"\n'
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "<html><body><p>Hallo Support-Team,</p><p>HTML-Fassung</p></body></html>\n"
        "\n--_000_AM0PR10MB1234_--\n"
    )
)


def test_outlook_reply_in_iso_8859_1_prefers_the_plain_part():
    mail = parse(OUTLOOK)
    assert mail.sender == "s.gross@beispiel-versand.example"
    assert mail.sender_name == "Groß, Sabine"
    assert mail.recipients == [REPLY_TO.lower(), "buchhaltung@beispiel-versand.example"]
    assert mail.subject == "AW: Ihre Anfrage \u2013 Ticket #K7M2Q9XD"  # cp1252 under an iso-8859-1 label
    assert "HTML-Fassung" not in mail.text
    assert "gewünschte Auswertung" in mail.text
    assert strip_quoted(mail.text) == (
        "Hallo Support-Team,\n\nanbei die gewünschte Auswertung. Können Sie bitte prüfen, warum die "
        "Bestellungen vom 28.11. fehlen?\n\nGruß\nSabine Groß\nBuchhaltung"
    )


def test_outlook_block_with_bold_labels_from_an_html_conversion():
    text = (
        "Danke, erledigt.\n\n"
        "*Von:* unicorn 2 Support <support@unicorn2.example>\n"
        "*Gesendet:* Montag, 30. November 2026 14:03\n"
        "*An:* Max Beispiel <max@beispiel-versand.example>\n"
        "*Betreff:* Ticket #K7M2Q9XD\n\n"
        "Guten Tag,\n"
    )
    assert strip_quoted(text) == "Danke, erledigt."


def test_outlook_original_message_separator_in_english():
    text = (
        "Passt, danke!\n\n"
        "-----Original Message-----\n"
        "From: unicorn 2 Support <support@unicorn2.example>\n"
        "Sent: Monday, November 30, 2026 2:03 PM\n"
        "To: Max\n"
        "Subject: Ticket #K7M2Q9XD\n"
    )
    assert strip_quoted(text) == "Passt, danke!"


# Gmail (German), base64, attribution wrapped over two lines, multipart/alternative

GMAIL_PLAIN = (
    "Hallo,\n"
    "\n"
    "das Problem besteht leider weiterhin: Der Export bricht nach 500 Bestellungen ab.\n"
    "\n"
    "Viele Grüße\n"
    "Max Beispiel\n"
    "\n"
    "Am Mo., 30. Nov. 2026 um 14:03 Uhr schrieb unicorn 2 Support <\n"
    f"{REPLY_TO}>:\n"
    "\n"
    "> Guten Tag Herr Beispiel,\n"
    ">\n"
    "> bitte versuchen Sie es erneut.\n"
    ">\n"
)
GMAIL_HTML = (
    '<div dir="ltr"><div>Hallo,</div><div><br></div><div>das Problem besteht leider weiterhin: Der Export '
    "bricht nach 500 Bestellungen ab.</div><div><br></div><div>Viele Grüße</div><div>Max Beispiel</div></div>"
    '<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">Am Mo., 30. Nov. 2026 um 14:03&nbsp;Uhr '
    "schrieb unicorn 2 Support &lt;support@unicorn2.example&gt;:<br></div>"
    '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">Guten Tag Herr Beispiel,<br><br>'
    "bitte versuchen Sie es erneut.</blockquote></div>"
)


def b64(text: str) -> bytes:
    return crlf("\n".join(base64.encodebytes(text.encode("utf-8")).decode("ascii").splitlines()))


GMAIL = (
    crlf(
        "MIME-Version: 1.0\n"
        "References: <kc.K7M2Q9XD.1@unicorn2.example>\n"
        "In-Reply-To: <kc.K7M2Q9XD.1@unicorn2.example>\n"
        "From: Max Beispiel <max.beispiel@gmail.example>\n"
        "Date: Mon, 30 Nov 2026 15:40:12 +0100\n"
        "Message-ID: <CAF=abc123XYZ@mail.gmail.example>\n"
        "Subject: Re: Ihre Anfrage - Ticket #K7M2Q9XD\n"
        f"To: unicorn 2 Support <{REPLY_TO}>\n"
        "Delivered-To: support@unicorn2.example\n"
        'Content-Type: multipart/alternative; boundary="000000000000a1b2c3"\n'
        "\n"
        "--000000000000a1b2c3\n"
        'Content-Type: text/plain; charset="UTF-8"\n'
        "Content-Transfer-Encoding: base64\n"
        "\n"
    )
    + b64(GMAIL_PLAIN)
    + crlf(
        "\n--000000000000a1b2c3\n"
        'Content-Type: text/html; charset="UTF-8"\n'
        "Content-Transfer-Encoding: base64\n"
        "\n"
    )
    + b64(GMAIL_HTML)
    + crlf("\n--000000000000a1b2c3--\n")
)


def test_gmail_reply_base64_with_a_wrapped_attribution():
    mail = parse(GMAIL)
    assert mail.sender == "max.beispiel@gmail.example"
    assert mail.recipients == [REPLY_TO.lower(), "support@unicorn2.example"]
    assert mail.message_id == "<CAF=abc123XYZ@mail.gmail.example>"
    assert strip_quoted(mail.text) == (
        "Hallo,\n\ndas Problem besteht leider weiterhin: Der Export bricht nach 500 Bestellungen ab.\n\n"
        "Viele Grüße\nMax Beispiel"
    )


def test_gmail_html_becomes_text_with_the_quote_marked():
    text = html_to_text(GMAIL_HTML)
    assert text.startswith("Hallo,\n\ndas Problem besteht leider weiterhin")
    assert "> Guten Tag Herr Beispiel," in text
    assert "&lt;" not in text
    assert "\xa0" not in text
    assert strip_quoted(text) == (
        "Hallo,\n\ndas Problem besteht leider weiterhin: Der Export bricht nach 500 Bestellungen ab.\n\n"
        "Viele Grüße\nMax Beispiel"
    )


# Apple Mail (German): the attribution itself is quoted, a signature "Von meinem iPhone gesendet"

APPLE = crlf(
    "Content-Type: text/plain;\n"
    "\tcharset=utf-8\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "Mime-Version: 1.0 (1.0)\n"
    "From: Erika Mustermann <erika@muster-handels.example>\n"
    "Subject: Re: Ticket #K7M2Q9XD\n"
    "Date: Mon, 30 Nov 2026 16:01:09 +0100\n"
    "Message-Id: <9F2E0C1A-7B3D-4E5F-8A9B-0C1D2E3F4A5B@muster-handels.example>\n"
    f"To: unicorn 2 Support <{REPLY_TO}>\n"
    "X-Mailer: iPhone Mail (22B91)\n"
    "\n"
    "Super, vielen Dank! Jetzt funktioniert es.=20\n"
    "\n"
    "Von meinem iPhone gesendet\n"
    "\n"
    "> Am 30.11.2026 um 14:03 schrieb unicorn 2 Support <support@unicorn2.example>:=\n"
    "\n"
    ">=20\n"
    "> =EF=BB=BFGuten Tag Frau Mustermann,\n"
    ">=20\n"
    "> bitte melden Sie sich erneut an.\n"
)


def test_apple_mail_reply_with_a_quoted_attribution():
    mail = parse(APPLE)
    assert mail.sender == "erika@muster-handels.example"
    assert mail.sender_name == "Erika Mustermann"
    assert (
        strip_quoted(mail.text) == "Super, vielen Dank! Jetzt funktioniert es.\n\nVon meinem iPhone gesendet"
    )


# HTML only (a web mailer without a plain part), Windows-1252

HTML_ONLY = crlf(
    "From: info@kleiner-shop.example\n"
    f"To: {REPLY_TO}\n"
    "Subject: Frage zur Rechnung\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/html; charset=windows-1252\n"
    "Content-Transfer-Encoding: 8bit\n"
    "\n"
).replace(b"8bit\r\n\r\n", b"8bit\r\n\r\n") + (
    "<html><head><style>p{color:red}</style><title>x</title></head><body>"
    "<p>Guten Tag,</p><p>wir haben eine Frage zur Rechnung 2026-000123 &ndash; die Umsatzsteuer "
    "fehlt.</p><ul><li>Position 1</li><li>Position 2</li></ul>"
    "<p>Freundliche Grüße<br>Kleiner Shop</p><script>alert(1)</script></body></html>"
).encode("cp1252")


def test_html_only_mail_becomes_text():
    mail = parse(HTML_ONLY)
    assert mail.sender == "info@kleiner-shop.example"
    assert mail.sender_name == ""
    assert mail.text == (
        "Guten Tag,\n\nwir haben eine Frage zur Rechnung 2026-000123 – die Umsatzsteuer fehlt.\n\n"
        "- Position 1\n- Position 2\n\nFreundliche Grüße\nKleiner Shop"
    )
    assert "color" not in mail.text
    assert "alert" not in mail.text


def test_iso_8859_1_single_part_8bit():
    raw = (
        b"From: =?ISO-8859-1?Q?B=E4ckerei_Sch=F6n?= <post@baeckerei.example>\r\n"
        b"To: support@unicorn2.example\r\n"
        b"Subject: =?ISO-8859-1?Q?L=F6schung_meines_Kontos?=\r\n"
        b"Content-Type: text/plain; charset=ISO-8859-1\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n"
        + "Bitte löschen Sie mein Konto. Grüße aus Köln\r\n".encode("latin-1")
    )
    mail = parse(raw)
    assert mail.sender_name == "Bäckerei Schön"
    assert mail.subject == "Löschung meines Kontos"
    assert mail.text == "Bitte löschen Sie mein Konto. Grüße aus Köln\n"


def test_an_unknown_charset_falls_back_instead_of_failing():
    raw = (
        b"From: a@b.example\r\nTo: support@unicorn2.example\r\nSubject: x\r\n"
        b"Content-Type: text/plain; charset=x-unbekannt\r\n\r\n" + "Grüße".encode()
    )
    assert parse(raw).text == "Grüße"


def test_garbage_is_read_without_raising():
    mail = parse(b"\x00\xff not a mail at all")
    assert mail.sender == ""
    assert mail.auto_submitted is True  # no sender: never answered


# Automatic mails


@pytest.mark.parametrize(
    ("headers", "automatic"),
    [
        ("Auto-Submitted: auto-replied\r\n", True),
        ("Auto-Submitted: auto-generated\r\n", True),
        ("Auto-Submitted: no\r\n", False),
        ("Precedence: bulk\r\n", True),
        ("Precedence: junk\r\n", True),
        ("Precedence: list\r\n", True),
        ("X-Autoreply: yes\r\n", True),
        ("Return-Path: <>\r\n", True),
        ("", False),
    ],
)
def test_automatic_mails_are_marked(headers, automatic):
    raw = (
        "From: Max <max@example.com>\r\nTo: support@unicorn2.example\r\nSubject: Abwesenheitsnotiz\r\n"
        f"{headers}\r\nIch bin bis 7. Dezember nicht im Büro.\r\n"
    ).encode()
    assert parse(raw).auto_submitted is automatic


def test_a_bounce_without_sender_is_automatic():
    raw = b"From: <>\r\nTo: support@unicorn2.example\r\nSubject: Undelivered\r\n\r\nx\r\n"
    assert parse(raw).auto_submitted is True


def test_recipients_include_x_original_to_and_are_unique():
    raw = (
        b"From: max@example.com\r\nTo: Support <SUPPORT@unicorn2.example>, other@example.com\r\n"
        b"Cc: support@unicorn2.example\r\nX-Original-To: support+k7m2q9xd.abc@unicorn2.example\r\n"
        b"Delivered-To: support@unicorn2.example\r\nSubject: x\r\n\r\ny\r\n"
    )
    assert parse(raw).recipients == [
        "support@unicorn2.example",
        "other@example.com",
        "support+k7m2q9xd.abc@unicorn2.example",
    ]


# reply_target


@pytest.mark.parametrize(
    ("recipients", "target"),
    [
        (["support+K7M2Q9XD.s3cret@unicorn2.example"], ("K7M2Q9XD", "s3cret")),
        (["support+k7m2q9xd.s3cret@unicorn2.example"], ("K7M2Q9XD", "s3cret")),
        (["Support+K7M2Q9XD.s3cret@Unicorn2.Example"], ("K7M2Q9XD", "s3cret")),
        (["support+k7m2q9xo.s3cret@unicorn2.example"], ("K7M2Q9X0", "s3cret")),  # O read as 0
        (["support+k7m2q9xi.s3cret@unicorn2.example"], ("K7M2Q9X1", "s3cret")),  # I read as 1
        (["other@example.com", "support+K7M2Q9XD.s3cret@unicorn2.example"], ("K7M2Q9XD", "s3cret")),
        (["support@unicorn2.example"], None),
        (["support+K7M2Q9XD@unicorn2.example"], None),  # no secret
        (["support+K7M2Q9XD.@unicorn2.example"], None),
        (["support+K7M2Q9X.s3cret@unicorn2.example"], None),  # 7 characters
        (["support+K7M2Q9XDD.s3cret@unicorn2.example"], None),  # 9 characters
        (["support+K7M2Q9XU.s3cret@unicorn2.example"], None),  # U is not Crockford
        (["support+K7M2Q9XD.s3cret@evil.example"], None),  # another domain
        (["supportx+K7M2Q9XD.s3cret@unicorn2.example"], None),  # another local part
        (["hilfe+K7M2Q9XD.s3cret@unicorn2.example"], None),
        ([], None),
    ],
)
def test_reply_target(recipients, target):
    assert reply_target(recipients, SUPPORT) == target


# strip_quoted


def test_plain_text_without_quote_only_loses_trailing_whitespace():
    assert strip_quoted("Hallo,\r\nbitte rufen Sie mich an.   \r\n\r\n") == "Hallo,\nbitte rufen Sie mich an."


def test_signature_separator_cuts_the_signature():
    text = "Danke!\n\n-- \nMax Beispiel\nBeispiel Versand KG\nTel. 040 123456\n"
    assert strip_quoted(text) == "Danke!"


def test_own_words_resembling_an_attribution_stay():
    text = (
        "Am Montag schrieb ich Ihnen bereits:\n"
        "Die Rechnung ist falsch.\n"
        "On second thought, I wrote:\n"
        "nichts weiter.\n"
    )
    assert strip_quoted(text) == text.rstrip()


def test_attribution_wrapped_with_schrieb_on_the_second_line():
    text = "Ja, bitte.\n\nAm 30.11.2026 um 14:03 Uhr\nschrieb unicorn 2 Support:\n> Sollen wir?\n"
    assert strip_quoted(text) == "Ja, bitte."


def test_english_attribution():
    text = "Thanks, works now.\n\nOn Mon, Nov 30, 2026 at 2:03 PM unicorn 2 Support <support@unicorn2.example>\nwrote:\n\n> Hello\n"
    assert strip_quoted(text) == "Thanks, works now."


def test_thunderbird_original_message_separator():
    text = (
        "Siehe unten.\n\n"
        "-------- Ursprüngliche Nachricht --------\n"
        "Betreff: Ticket\nDatum: 30.11.2026 14:03\nVon: unicorn 2 Support\n"
    )
    assert strip_quoted(text) == "Siehe unten."


def test_inline_answers_between_quotes_are_kept():
    text = "> Welche Version nutzen Sie?\n2.4.1\n\n> Welcher Browser?\nFirefox\n"
    assert strip_quoted(text) == "> Welche Version nutzen Sie?\n2.4.1\n\n> Welcher Browser?\nFirefox"


def test_a_quote_block_at_the_end_without_attribution():
    assert strip_quoted("Erledigt.\n\n> Bitte prüfen Sie\n> die Daten.\n\n") == "Erledigt."


def test_a_french_attribution_before_the_final_quote_goes_with_it():
    text = "Merci.\n\nLe lun. 30 nov. 2026 à 14:03, Support <support@unicorn2.example> a écrit :\n> Bonjour\n"
    assert strip_quoted(text) == "Merci."


def test_bottom_posting_keeps_the_text_below_the_quote():
    text = (
        "Am 30.11.2026 um 14:03 schrieb unicorn 2 Support:\n> Bitte senden Sie die Datei.\n\nHier ist sie.\n"
    )
    assert strip_quoted(text) == "Hier ist sie."


def test_only_a_quote_gives_empty_text():
    assert strip_quoted("Am 30.11.2026 um 14:03 schrieb X:\n> alt\n") == ""


def test_never_empty_when_text_precedes_the_quote():
    assert strip_quoted("ok\n-- \n") == "ok"
    assert strip_quoted("ok\n> alt") == "ok"
