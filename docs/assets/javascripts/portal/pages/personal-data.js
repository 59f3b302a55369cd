// Persönliche Daten: Kundennummer, Anschrift und Ansprechpartner, Firma (Umfirmierung), Login-E-Mail-Adresse,
// Bankverbindung (SEPA, with a confirmation step) and the data export.

import { request } from "../api.js";
import {
  berlinToday,
  confirmDialog,
  field,
  focusElement,
  h,
  loadingText,
  longDate,
  notice,
  portalForm,
  retryNotice,
  selectField,
  setBusy,
} from "../ui.js";

export const access = "session";

const SALUTATIONS = [
  ["", "Keine Angabe"],
  ["Frau", "Frau"],
  ["Herr", "Herr"],
];

// The countries the API accepts (chalicelib/validators.py COUNTRIES), the most frequent first.
const COUNTRIES = [
  ["DE", "Deutschland"],
  ["AT", "Österreich"],
  ["CH", "Schweiz"],
  ...[
    ["BE", "Belgien"],
    ["BG", "Bulgarien"],
    ["DK", "Dänemark"],
    ["EE", "Estland"],
    ["FI", "Finnland"],
    ["FR", "Frankreich"],
    ["GR", "Griechenland"],
    ["IE", "Irland"],
    ["IS", "Island"],
    ["IT", "Italien"],
    ["HR", "Kroatien"],
    ["LV", "Lettland"],
    ["LI", "Liechtenstein"],
    ["LT", "Litauen"],
    ["LU", "Luxemburg"],
    ["MT", "Malta"],
    ["NL", "Niederlande"],
    ["NO", "Norwegen"],
    ["PL", "Polen"],
    ["PT", "Portugal"],
    ["RO", "Rumänien"],
    ["SE", "Schweden"],
    ["SK", "Slowakei"],
    ["SI", "Slowenien"],
    ["ES", "Spanien"],
    ["CZ", "Tschechien"],
    ["HU", "Ungarn"],
    ["GB", "Vereinigtes Königreich"],
    ["CY", "Zypern"],
  ],
];

const STALE_MESSAGE =
  "Ihre Daten wurden inzwischen an anderer Stelle geändert, zum Beispiel in einem anderen Browserfenster. " +
  "Laden Sie bitte die aktuellen Daten, prüfen Sie sie und tragen Sie Ihre Änderung dann erneut ein.";

const MANDATE_TEXT =
  "Ich ermächtige die unicorn 2 Software GmbH, Zahlungen von meinem Konto mittels Lastschrift einzuziehen. " +
  "Zugleich weise ich mein Kreditinstitut an, die von der unicorn 2 Software GmbH auf mein Konto gezogenen " +
  "Lastschriften einzulösen. Hinweis: Ich kann innerhalb von acht Wochen, beginnend mit dem Belastungsdatum, " +
  "die Erstattung des belasteten Betrages verlangen. Es gelten dabei die mit meinem Kreditinstitut " +
  "vereinbarten Bedingungen.";

export async function mount(root, { signal }) {
  const options = { signal, session: true };
  const page = { root, options, profile: null };
  await load(page);
}

/** Load the profile and render every section; on failure an error with "Erneut versuchen". */
async function load(page, { focusId = null } = {}) {
  const { root, options } = page;
  root.replaceChildren(loadingText("Ihre Daten werden geladen …"));
  try {
    page.profile = await request("GET", "/customer", options);
  } catch (error) {
    if (error?.name === "AbortError" || error?.redirecting) return;
    const retry = retryNotice(error.message, () => load(page, { focusId }));
    root.replaceChildren(retry);
    focusElement(retry.querySelector("button"));
    return;
  }
  render(page);
  if (focusId) focusElement(document.getElementById(focusId));
}

function render(page) {
  page.root.replaceChildren(
    numberSection(page),
    addressSection(page),
    companySection(page),
    emailSection(page),
    bankSection(page),
    exportSection(page),
  );
}

function section(id, title, intro) {
  const headingId = `kc-${id}-heading`;
  const heading = h("h2", { id: headingId }, title);
  const element = h(
    "section",
    { class: "kc-section", id: `kc-${id}`, "aria-labelledby": headingId },
    heading,
    intro ? h("p", { class: "kc-section__intro" }, intro) : null,
  );
  return { element, heading, headingId };
}

function facts(rows) {
  return h(
    "dl",
    { class: "kc-facts" },
    rows.map(([term, value]) => h("div", { class: "kc-facts__row" }, h("dt", {}, term), h("dd", {}, value || "–"))),
  );
}

/** A 409 StaleWrite: say so and offer to load the current data (focus returns to this section). */
function showStale(page, alert, headingId) {
  const reload = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Aktuelle Daten laden");
  reload.addEventListener("click", () => load(page, { focusId: headingId }));
  alert.show(STALE_MESSAGE, { extra: reload, focus: true });
}

function actionButton(label, { secondary = false } = {}) {
  return h("button", { type: "button", class: `kc-button${secondary ? " kc-button--secondary" : ""}` }, label);
}

// Kundennummer

function numberSection(page) {
  const { element } = section("number", "Kundennummer");
  element.append(
    facts([["Kundennummer", page.profile.customer_number]]),
    h(
      "p",
      { class: "kc-muted" },
      "Ihre Kundennummer ändert sich nie, auch nicht bei einem Umzug oder einer Umfirmierung. " +
        "Geben Sie sie bitte bei Fragen an unseren Support an.",
    ),
  );
  return element;
}

// Anschrift und Ansprechpartner

function addressSection(page) {
  const profile = page.profile;
  const { element, headingId } = section(
    "address",
    "Anschrift und Ansprechpartner",
    "Diese Angaben stehen auf Ihren künftigen Rechnungen.",
  );
  const countries = COUNTRIES.some(([code]) => code === profile.country)
    ? COUNTRIES
    : [[profile.country, profile.country], ...COUNTRIES];
  const fields = [
    selectField({ name: "salutation", label: "Anrede", options: SALUTATIONS, value: profile.salutation }),
    field({ name: "first_name", label: "Vorname", autocomplete: "given-name", required: true, maxlength: "100", value: profile.first_name }),
    field({ name: "last_name", label: "Nachname", autocomplete: "family-name", required: true, maxlength: "100", value: profile.last_name }),
    field({ name: "street", label: "Straße und Hausnummer", autocomplete: "address-line1", required: true, maxlength: "100", value: profile.street }),
    field({ name: "postal_code", label: "PLZ", autocomplete: "postal-code", required: true, maxlength: "20", value: profile.postal_code }),
    field({ name: "city", label: "Ort", autocomplete: "address-level2", required: true, maxlength: "100", value: profile.city }),
    selectField({ name: "country", label: "Land", options: countries, value: profile.country, autocomplete: "country" }),
    field({
      name: "phone",
      label: "Telefon",
      type: "tel",
      autocomplete: "tel",
      maxlength: "40",
      hint: "Mit Vorwahl, zum Beispiel 030 1234567 oder +43 1 2345678. Sie können das Feld leer lassen.",
      value: profile.phone,
    }),
  ];
  const [salutation, firstName, lastName, street, postalCode, city, country, phone] = fields;
  const done = notice("success");
  const required = {
    first_name: [firstName, "Bitte geben Sie einen Vornamen ein."],
    last_name: [lastName, "Bitte geben Sie einen Nachnamen ein."],
    street: [street, "Bitte geben Sie Straße und Hausnummer ein."],
    postal_code: [postalCode, "Bitte geben Sie die PLZ ein."],
    city: [city, "Bitte geben Sie den Ort ein."],
  };
  const { form, alert } = portalForm({
    labelledBy: headingId,
    submitLabel: "Anschrift speichern",
    fields,
    validate() {
      const problems = {};
      for (const [name, [item, message]] of Object.entries(required)) if (!item.value.trim()) problems[name] = message;
      return problems;
    },
    async submit() {
      done.clear();
      const body = {
        version: page.profile.version,
        salutation: salutation.value,
        first_name: firstName.value.trim(),
        last_name: lastName.value.trim(),
        street: street.value.trim(),
        postal_code: postalCode.value.trim(),
        city: city.value.trim(),
        country: country.value,
        phone: phone.value.trim(),
      };
      page.profile = await request("PUT", "/customer/address", { ...page.options, body });
      for (const item of fields) item.input.value = page.profile[item.name] ?? "";
      done.show("Ihre Anschrift wurde gespeichert. Sie gilt für alle künftigen Rechnungen.", { focus: true });
    },
    onError(error) {
      if (error.status === 409) {
        showStale(page, alert, headingId);
        return true;
      }
      return false;
    },
  });
  element.append(done.element, form);
  return element;
}

// Firma und Umfirmierung

function companySection(page) {
  const profile = page.profile;
  const { element } = section("company", "Firma");
  element.append(
    facts([
      ["Firma", profile.company],
      ["Rechtsform", profile.legal_form],
      ["USt-IdNr.", profile.vat_id],
    ]),
    h(
      "p",
      { class: "kc-muted" },
      "Firmenname, Rechtsform und USt-IdNr. ändern Sie mit einer Umfirmierung zu einem Stichtag.",
    ),
  );
  const status = notice("success");
  const body = h("div", {});
  element.append(status.element, body);

  function showPending() {
    const pending = page.profile.pending_rename;
    const withdraw = actionButton("Umfirmierung zurückziehen", { secondary: true });
    const alert = notice("error");
    body.replaceChildren(
      h(
        "div",
        { class: "kc-pending" },
        h("h3", { id: "kc-rename-pending" }, "Geplante Umfirmierung"),
        facts([
          ["Neue Firma", pending.company],
          ["Rechtsform", pending.legal_form],
          ["Gültig ab", longDate(pending.effective_date, { weekday: false })],
          ["Registergericht", pending.register_court],
          ["Registernummer", pending.register_number],
          ["Neue USt-IdNr.", pending.vat_id || "bleibt unverändert"],
        ]),
        alert.element,
        h("div", { class: "kc-form__actions" }, withdraw),
      ),
    );
    withdraw.addEventListener("click", async () => {
      const confirmed = await confirmDialog({
        title: "Umfirmierung zurückziehen?",
        text: `Die geplante Umfirmierung zu „${pending.company}“ wird gelöscht. Ihre Rechnungen tragen weiter den bisherigen Namen.`,
        confirmLabel: "Umfirmierung zurückziehen",
        container: page.root,
      });
      if (!confirmed) return;
      alert.clear();
      const restore = setBusy(withdraw);
      try {
        await request("DELETE", "/customer/rename", page.options);
      } catch (error) {
        if (error?.name === "AbortError" || error?.redirecting) return;
        restore();
        if (error.status !== 404) {
          alert.show(error.message, { focus: true });
          return;
        }
      }
      page.profile = { ...page.profile, pending_rename: null };
      showStart();
      status.show("Die geplante Umfirmierung wurde zurückgezogen.", { focus: true });
    });
  }

  function showStart({ focus = false } = {}) {
    const open = actionButton("Umfirmierung melden", { secondary: true });
    open.setAttribute("aria-expanded", "false");
    body.replaceChildren(h("div", { class: "kc-form__actions" }, open));
    open.addEventListener("click", () => {
      status.clear();
      showForm();
    });
    if (focus) open.focus();
  }

  function showForm() {
    const today = berlinToday();
    const inAYear = new Date(`${today}T12:00:00Z`);
    inAYear.setUTCDate(inAYear.getUTCDate() + 365);
    const company = field({ name: "company", label: "Neuer Firmenname", required: true, maxlength: "200", autocomplete: "organization", hint: "Vollständig, so wie er im Handelsregister steht." });
    const legalForm = field({ name: "legal_form", label: "Rechtsform", required: true, maxlength: "60", hint: "Zum Beispiel GmbH, UG (haftungsbeschränkt), AG oder e. K." });
    const effective = field({
      name: "effective_date",
      label: "Gültig ab",
      type: "date",
      required: true,
      min: today,
      max: inAYear.toISOString().slice(0, 10),
      hint: "Ab diesem Tag tragen neue Rechnungen den neuen Namen: heute oder bis zu einem Jahr im Voraus.",
    });
    const court = field({ name: "register_court", label: "Registergericht (optional)", maxlength: "100", hint: "Zum Beispiel Amtsgericht Hamburg." });
    const number = field({ name: "register_number", label: "Registernummer (optional)", maxlength: "100", hint: "Zum Beispiel HRB 123456." });
    const vatId = field({ name: "vat_id", label: "Neue USt-IdNr. (optional)", maxlength: "20", hint: "Nur wenn sich Ihre USt-IdNr. ändert, zum Beispiel DE123456789." });
    const fields = [company, legalForm, effective, court, number, vatId];
    const cancel = actionButton("Abbrechen", { secondary: true });
    const { form } = portalForm({
      labelledBy: "kc-rename-heading",
      head: h("h3", { id: "kc-rename-heading" }, "Umfirmierung melden"),
      submitLabel: "Umfirmierung melden",
      actions: cancel,
      fields,
      validate() {
        const problems = {};
        if (!company.value.trim()) problems.company = "Bitte geben Sie den neuen Firmennamen ein.";
        if (!legalForm.value.trim()) problems.legal_form = "Bitte geben Sie die Rechtsform ein.";
        if (!effective.value) problems.effective_date = "Bitte geben Sie das Datum ein, ab dem der neue Name gilt.";
        return problems;
      },
      async submit() {
        const pending = await request("POST", "/customer/rename", {
          ...page.options,
          body: {
            company: company.value.trim(),
            legal_form: legalForm.value.trim(),
            effective_date: effective.value,
            register_court: court.value.trim() || null,
            register_number: number.value.trim() || null,
            vat_id: vatId.value.trim() || null,
          },
        });
        page.profile = { ...page.profile, pending_rename: pending };
        showPending();
        const date = longDate(pending.effective_date, { weekday: false }).textContent;
        status.show(`Ihre Umfirmierung ist eingetragen. Ab dem ${date} tragen neue Rechnungen den Namen „${pending.company}“.`, {
          focus: true,
        });
      },
    });
    body.replaceChildren(form);
    cancel.addEventListener("click", () => showStart({ focus: true }));
    company.focus();
  }

  if (profile.pending_rename) showPending();
  else showStart();
  return element;
}

// Login-E-Mail-Adresse

function emailSection(page) {
  const { element, headingId } = section("email", "Login-E-Mail-Adresse");
  const current = h("strong", {}, page.profile.email);
  element.append(
    h("p", {}, "Sie melden sich mit dieser E-Mail-Adresse an: ", current),
    h(
      "p",
      { class: "kc-muted" },
      "Nach der Änderung schicken wir einen Bestätigungslink an die neue Adresse. Erst wenn Sie ihn innerhalb " +
        "von 24 Stunden öffnen, gilt die neue Adresse für die Anmeldung; bis dahin melden Sie sich mit der " +
        "bisherigen an.",
    ),
  );
  const email = field({ name: "email", label: "Neue E-Mail-Adresse", type: "email", autocomplete: "email", required: true, maxlength: "254", spellcheck: "false", autocapitalize: "none" });
  const password = field({ name: "password", label: "Aktuelles Passwort", type: "password", autocomplete: "current-password", required: true });
  const done = notice("success");
  const { form } = portalForm({
    labelledBy: headingId,
    submitLabel: "E-Mail-Adresse ändern",
    fields: [email, password],
    validate() {
      const problems = {};
      const value = email.value.trim();
      if (!value) problems.email = "Bitte geben Sie die neue E-Mail-Adresse ein.";
      else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) problems.email = "Bitte geben Sie eine gültige E-Mail-Adresse ein.";
      else if (value.toLowerCase() === page.profile.email.toLowerCase())
        problems.email = "Mit dieser E-Mail-Adresse melden Sie sich bereits an.";
      if (!password.value) problems.password = "Bitte geben Sie Ihr aktuelles Passwort ein.";
      return problems;
    },
    async submit() {
      done.clear();
      const answer = await request("PUT", "/customer/email", {
        ...page.options,
        body: { email: email.value.trim(), password: password.value },
      });
      const address = email.value.trim();
      form.reset();
      done.show(answer?.Message || `Wir haben Ihnen eine E-Mail an ${address} geschickt.`, { focus: true });
    },
  });
  element.append(done.element, form);
  return element;
}

// Bankverbindung

/** The IBAN as typed: letters and digits, upper-case, in blocks of four. */
function compactIban(value) {
  return value.replace(/[^0-9A-Za-z]/g, "").toUpperCase();
}

function groupIban(compact) {
  return compact.replace(/(.{4})(?=.)/g, "$1 ");
}

/** Like the API's mask: country code, check digits and the last four characters ("DE89 **** … **30 00"). */
function maskIban(value) {
  const compact = compactIban(value);
  const masked =
    compact.length < 12
      ? compact.slice(0, 2) + "*".repeat(Math.max(0, compact.length - 2))
      : compact.slice(0, 4) + "*".repeat(compact.length - 8) + compact.slice(-4);
  return groupIban(masked);
}

/** ISO 13616 check digits (mod 97). */
function ibanChecksumValid(compact) {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/**
 * Group the IBAN into blocks of four while the customer types, keeping the caret after the same
 * letter or digit; deleting a space deletes the character next to it.
 */
function groupWhileTyping(input) {
  let previous = input.value;
  input.addEventListener("input", (event) => {
    let value = input.value;
    let caret = input.selectionStart ?? value.length;
    if (compactIban(value) === compactIban(previous) && value.length < previous.length) {
      // Only a space went: take the letter or digit beside it, as the customer meant.
      if (event.inputType === "deleteContentBackward") {
        let index = caret - 1;
        while (index >= 0 && !/[0-9A-Za-z]/.test(value[index])) index -= 1;
        if (index >= 0) {
          value = value.slice(0, index) + value.slice(index + 1);
          caret = index;
        }
      } else if (event.inputType === "deleteContentForward") {
        let index = caret;
        while (index < value.length && !/[0-9A-Za-z]/.test(value[index])) index += 1;
        if (index < value.length) value = value.slice(0, index) + value.slice(index + 1);
      }
    }
    const before = compactIban(value.slice(0, caret)).length;
    const grouped = groupIban(compactIban(value));
    let position = 0;
    let seen = 0;
    while (position < grouped.length && seen < before) {
      if (grouped[position] !== " ") seen += 1;
      position += 1;
    }
    input.value = grouped;
    input.setSelectionRange(position, position);
    previous = grouped;
  });
}

function debitSentence(bank) {
  const today = berlinToday();
  if (today <= bank.change_deadline) {
    return [
      "Für die Lastschrift am ",
      longDate(bank.next_debit_date),
      ", zählt eine Änderung bis ",
      longDate(bank.change_deadline),
      ".",
    ];
  }
  return [
    "Für die Lastschrift am ",
    longDate(bank.next_debit_date),
    " ist die Frist abgelaufen: Sie wird noch vom bisherigen Konto eingezogen. Eine Änderung gilt ab der folgenden Lastschrift.",
  ];
}

function bankSection(page) {
  const { element, headingId } = section("bank", "Bankverbindung");
  const status = notice("success");
  const summary = h("div", {});
  const body = h("div", {});
  element.append(summary, status.element, body);

  function renderSummary() {
    const bank = page.profile.bank;
    if (!bank) {
      summary.replaceChildren(h("p", {}, "Es ist noch keine Bankverbindung hinterlegt."));
      return;
    }
    summary.replaceChildren(
      facts([
        ["Kontoinhaber", bank.account_holder],
        ["IBAN", h("span", { class: "kc-iban" }, bank.iban_masked)],
        ["BIC", bank.bic],
        ["Bank", bank.bank_name],
        ["Mandatsreferenz", bank.mandate_reference],
        ["Nächste Lastschrift", longDate(bank.next_debit_date)],
      ]),
      h("p", { class: "kc-deadline" }, debitSentence(bank)),
      h(
        "p",
        { class: "kc-muted" },
        "Ihre IBAN zeigen wir aus Sicherheitsgründen nur teilweise an. Die Lastschrift ziehen wir mit dem SEPA-Lastschriftmandat unter der angegebenen Mandatsreferenz ein.",
      ),
    );
  }

  function showStart({ focus = false } = {}) {
    const open = actionButton("Bankverbindung ändern", { secondary: true });
    body.replaceChildren(h("div", { class: "kc-form__actions" }, open));
    open.addEventListener("click", () => {
      status.clear();
      showForm();
    });
    if (focus) open.focus();
  }

  function showForm(previous = null, fieldErrors = null) {
    const holder = field({ name: "account_holder", label: "Kontoinhaber", required: true, maxlength: "70", autocomplete: "name", value: previous?.account_holder ?? page.profile.bank?.account_holder ?? "" });
    const iban = field({
      name: "iban",
      label: "IBAN",
      required: true,
      autocomplete: "off",
      spellcheck: "false",
      autocapitalize: "characters",
      inputmode: "text",
      maxlength: "50",
      hint: "Zum Beispiel DE89 3704 0044 0532 0130 00. Die Leerzeichen setzt das Kundencenter selbst.",
      value: previous ? groupIban(compactIban(previous.iban)) : "",
    });
    iban.input.classList.add("kc-iban");
    groupWhileTyping(iban.input);
    const bic = field({ name: "bic", label: "BIC (optional)", maxlength: "20", autocomplete: "off", spellcheck: "false", autocapitalize: "characters", hint: "Für Konten im SEPA-Raum nicht nötig: Wir ermitteln die BIC aus der IBAN.", value: previous?.bic ?? "" });
    const fields = [holder, iban, bic];
    const cancel = actionButton("Abbrechen", { secondary: true });
    const controller = portalForm({
      labelledBy: "kc-bank-form-heading",
      head: h("h3", { id: "kc-bank-form-heading" }, "Neue Bankverbindung"),
      submitLabel: "Weiter",
      actions: cancel,
      fields,
      validate() {
        const problems = {};
        const compact = compactIban(iban.value);
        if (!holder.value.trim()) problems.account_holder = "Bitte geben Sie den Kontoinhaber ein.";
        if (!compact) problems.iban = "Bitte geben Sie Ihre IBAN ein.";
        else if (!ibanChecksumValid(compact))
          problems.iban = "Diese IBAN ist nicht gültig. Bitte prüfen Sie sie auf Zahlendreher und fehlende Stellen.";
        const bicValue = bic.value.replace(/\s/g, "");
        if (bicValue && !/^[A-Za-z]{6}[A-Za-z0-9]{2}([A-Za-z0-9]{3})?$/.test(bicValue))
          problems.bic = "Eine BIC hat 8 oder 11 Zeichen, zum Beispiel COBADEFFXXX.";
        return problems;
      },
      async submit() {
        showConfirm({
          account_holder: holder.value.trim(),
          iban: compactIban(iban.value),
          bic: bic.value.replace(/\s/g, "").toUpperCase(),
        });
      },
    });
    body.replaceChildren(controller.form);
    cancel.addEventListener("click", () => showStart({ focus: true }));
    if (fieldErrors) {
      controller.showFieldErrors(fieldErrors.fields);
      if (fieldErrors.message && !Object.keys(fieldErrors.fields).length)
        controller.alert.show(fieldErrors.message, { focus: true });
    } else if (previous) {
      iban.focus();
    } else {
      holder.focus();
    }
  }

  function showConfirm(change) {
    const bank = page.profile.bank;
    const password = field({ name: "password", label: "Aktuelles Passwort", type: "password", autocomplete: "current-password", required: true, hint: "Zur Sicherheit bestätigen Sie die Änderung mit Ihrem Passwort." });
    const back = actionButton("Zurück", { secondary: true });
    const mandateRef = bank?.mandate_reference;
    const heading = h("h3", { id: "kc-bank-confirm-heading" }, "Bitte prüfen und bestätigen");
    const head = [
      heading,
      facts([
        ["Kontoinhaber", change.account_holder],
        ["Bisherige IBAN", bank ? h("span", { class: "kc-iban" }, bank.iban_masked) : "keine"],
        ["Neue IBAN", h("span", { class: "kc-iban" }, maskIban(change.iban))],
        ["BIC", change.bic || "wird aus der IBAN ermittelt"],
      ]),
      h("h4", {}, mandateRef ? `SEPA-Lastschriftmandat ${mandateRef} (Änderung)` : "SEPA-Lastschriftmandat"),
      h("p", { class: "kc-mandate" }, MANDATE_TEXT),
      h(
        "p",
        { class: "kc-muted" },
        "Gläubiger: unicorn 2 Software GmbH. " +
          (mandateRef ? "Die Mandatsreferenz bleibt gleich; die Änderung wird mit Datum beim Mandat vermerkt." : ""),
      ),
      bank ? h("p", { class: "kc-deadline" }, debitSentence(bank)) : null,
    ];
    const { form, alert } = portalForm({
      labelledBy: "kc-bank-confirm-heading",
      className: "kc-confirm",
      head,
      submitLabel: "Bankverbindung speichern",
      actions: back,
      fields: [password],
      validate() {
        return password.value ? {} : { password: "Bitte geben Sie Ihr aktuelles Passwort ein." };
      },
      async submit() {
        page.profile = await request("PUT", "/customer/bank", {
          ...page.options,
          body: {
            version: page.profile.version,
            account_holder: change.account_holder,
            iban: change.iban,
            bic: change.bic || null,
            password: password.value,
          },
        });
        password.input.value = "";
        renderSummary();
        showStart();
        status.show(`Ihre Bankverbindung wurde gespeichert. Neue IBAN: ${page.profile.bank.iban_masked}.`, { focus: true });
      },
      onError(error) {
        if (error.status === 409) {
          showStale(page, alert, headingId);
          return true;
        }
        const back = ["account_holder", "iban", "bic"].filter((name) => error.fields?.[name]);
        if (back.length) {
          showForm(change, { fields: error.fields, message: error.message });
          return true;
        }
        return false;
      },
    });
    body.replaceChildren(form);
    back.addEventListener("click", () => showForm(change));
    focusElement(heading);
  }

  renderSummary();
  showStart();
  return element;
}

// Datenexport

function exportSection(page) {
  const { element } = section(
    "export",
    "Datenexport",
    "Laden Sie alle Daten, die wir zu Ihrem Kundenkonto gespeichert haben, als JSON-Datei herunter. " +
      "Ihre IBAN ist darin wie hier nur teilweise enthalten.",
  );
  const alert = notice("error");
  const done = notice("success");
  const button = actionButton("Meine Daten herunterladen", { secondary: true });
  element.append(alert.element, done.element, h("div", { class: "kc-form__actions" }, button));
  button.addEventListener("click", async () => {
    alert.clear();
    done.clear();
    const restore = setBusy(button);
    let data;
    try {
      data = await request("GET", "/customer/export", page.options);
    } catch (error) {
      if (error?.name === "AbortError" || error?.redirecting) return;
      restore();
      const retry = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Erneut versuchen");
      retry.addEventListener("click", () => button.click());
      alert.show(error.message, { extra: retry, focus: true });
      return;
    }
    restore();
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: `kundencenter-export-${page.profile.customer_number}.json`, hidden: true });
    element.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    done.show("Ihre Daten wurden als JSON-Datei heruntergeladen.");
  });
  return element;
}
