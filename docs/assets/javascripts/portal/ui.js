// DOM helpers shared by the portal pages: element builder, form fields with accessible errors,
// busy buttons, notices, dates. Text always goes in as text nodes, never as HTML.

import { NETWORK_MESSAGE, SERVER_MESSAGE, SESSION_ENDED_MESSAGE, redirectToSignIn, siteUrl } from "./api.js";

export const BUSY_LABEL = "Bitte warten …";

let lastId = 0;

/** A document-unique id with a readable prefix. */
export function uid(prefix) {
  lastId += 1;
  return `kc-${prefix}-${lastId}`;
}

/**
 * Create an element: h("a", { href: "/", class: "x", onclick: fn }, "Text", child, [more]).
 * Attributes set to false, null or undefined are left out; true sets an empty attribute.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Text only screen readers read. */
export function hiddenText(text) {
  return h("span", { class: "kc-visually-hidden" }, text);
}

/** Move focus to an element that is not focusable by itself (heading, notice, row). */
export function focusElement(element, { scroll = true } = {}) {
  if (!element) return;
  if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "-1");
  element.focus({ preventScroll: !scroll });
  if (scroll && typeof element.scrollIntoView === "function") {
    const rect = element.getBoundingClientRect();
    if (rect.top < 0 || rect.bottom > window.innerHeight) element.scrollIntoView({ block: "center" });
  }
}

// Notices

/**
 * A live region that is always in the page (empty until used), so that what is put into it is
 * announced: kind "error" uses role="alert", "success" and "info" role="status".
 */
export function notice(kind = "error") {
  const element = h("div", {
    class: "kc-notice",
    role: kind === "error" ? "alert" : "status",
    tabindex: "-1",
  });
  return {
    element,
    show(message, { tone = kind, extra = null, focus = false } = {}) {
      element.className = `kc-notice kc-notice--${tone}`;
      element.replaceChildren();
      append(element, [h("p", {}, message), extra]);
      if (focus) focusElement(element);
    },
    clear() {
      element.className = "kc-notice";
      element.replaceChildren();
    },
  };
}

// The way to the support: every error notice offers the next step.

let customerSignedIn = false;

/** main.js tells which ticket form fits: the Kundencenter's (signed in) or the public one. */
export function setSignedIn(value) {
  customerSignedIn = Boolean(value);
}

/**
 * The support's phone, e-mail and service hours from mkdocs.yml (extra.support), which
 * overrides/main.html puts into <script type="application/json" id="kc-support">.
 */
export function supportContact() {
  try {
    const data = JSON.parse(document.getElementById("kc-support")?.textContent || "{}") || {};
    return { phone: String(data.phone || ""), email: String(data.email || ""), hours: String(data.hours || "") };
  } catch {
    return { phone: "", email: "", hours: "" };
  }
}

/** The ticket form: in the Kundencenter when signed in, otherwise the one without signing in. */
export function ticketUrl(signedIn = customerSignedIn) {
  return siteUrl(signedIn ? "kundencenter/tickets/?neu" : "support/ticket/");
}

/**
 * "Kommt das wieder vor? Schreiben Sie uns ein Ticket oder erreichen Sie unseren Support telefonisch
 * unter … oder per E-Mail an … (Servicezeiten: …)." as a paragraph with links.
 */
export function supportHint({ lead = "Kommen Sie nicht weiter?", signedIn = customerSignedIn } = {}) {
  const { phone, email, hours } = supportContact();
  const reach = [];
  if (phone) reach.push(" telefonisch unter ", h("a", { href: `tel:${phone.replace(/[^+\d]/g, "")}` }, phone));
  if (email) reach.push(phone ? " oder" : "", " per E-Mail an ", h("a", { href: `mailto:${email}` }, email));
  return h(
    "p",
    { class: "kc-support-hint" },
    lead ? `${lead} ` : null,
    h("a", { href: ticketUrl(signedIn) }, "Schreiben Sie uns ein Ticket"),
    reach.length ? [" oder erreichen Sie unseren Support", reach] : null,
    hours && reach.length ? ` (Servicezeiten: ${hours})` : null,
    ".",
  );
}

/** Whether an API error is one the customer cannot fix by changing the input (no answer, 5xx, 429). */
function isStuck(error) {
  return !error?.status || error.status >= 500 || error.status === 429;
}

// Form fields

/**
 * A labelled input with an optional hint and an error message tied to it with aria-describedby.
 * Returns { element, input, name, setError(message | null), focus() }.
 */
export function field({ name, label, type = "text", autocomplete, hint, describedBy = [], ...attributes }) {
  const id = uid(name);
  const input = h("input", {
    id,
    name,
    type,
    autocomplete,
    class: "kc-field__input",
    ...attributes,
  });
  const control = type === "password" ? passwordControl(input, label) : input;
  return labelledField({ id, name, label, hint, describedBy, input, control });
}

/** A multi-line text field with label, hint and error, like `field`. */
export function textareaField({ name, label, hint, describedBy = [], rows = 6, maxlength, ...attributes }) {
  const id = uid(name);
  const input = h("textarea", { id, name, rows, maxlength, class: "kc-field__input kc-field__textarea", ...attributes });
  return labelledField({ id, name, label, hint, describedBy, input });
}

/**
 * The skeleton every form field shares: label, optional hint, error line and the control; `setError`
 * shows a German message (announced, aria-invalid), `aria-describedby` names error and hint.
 */
function labelledField({ id, name, label, hint, describedBy = [], input, control = input }) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const error = h("p", { id: errorId, class: "kc-field__error", hidden: true });
  const baseDescribedBy = [hintId, ...describedBy].filter(Boolean);
  const describe = (withError) => {
    const ids = withError ? [errorId, ...baseDescribedBy] : baseDescribedBy;
    if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
    else input.removeAttribute("aria-describedby");
  };
  describe(false);
  const element = h(
    "div",
    { class: "kc-field" },
    h("label", { for: id, class: "kc-field__label" }, label),
    hint ? h("p", { id: hintId, class: "kc-field__hint" }, hint) : null,
    error,
    control,
  );
  return {
    element,
    input,
    name,
    setError(message) {
      error.replaceChildren(...(message ? [hiddenText("Fehler: "), message] : []));
      error.hidden = !message;
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
      element.classList.toggle("kc-field--invalid", Boolean(message));
      describe(Boolean(message));
    },
    focus() {
      input.focus();
    },
    get value() {
      return input.value;
    },
  };
}

/** Password input with a show/hide toggle button. */
function passwordControl(input, label) {
  const toggle = h(
    "button",
    {
      type: "button",
      class: "kc-password__toggle",
      "aria-controls": input.id,
      "aria-label": `${label} anzeigen`,
    },
    "Anzeigen",
  );
  toggle.addEventListener("click", () => {
    const show = input.type === "password";
    setPasswordVisible(input, show);
  });
  input.kcToggle = toggle;
  input.kcLabel = label;
  return h("div", { class: "kc-password" }, input, toggle);
}

function setPasswordVisible(input, show) {
  const toggle = input.kcToggle;
  input.type = show ? "text" : "password";
  if (!toggle) return;
  toggle.textContent = show ? "Verbergen" : "Anzeigen";
  toggle.setAttribute("aria-label", `${input.kcLabel} ${show ? "verbergen" : "anzeigen"}`);
}

/** Hide every password again (before submitting, so password managers see a password field). */
export function hidePasswords(form) {
  for (const input of form.querySelectorAll("input[name]")) {
    if (input.kcToggle) setPasswordVisible(input, false);
  }
}

/**
 * Wire a form: validation, the busy state of its submit button, errors from the API.
 *
 * options.validate() returns { fieldName: message } for problems found before sending;
 * options.submit() performs the request; options.onError(error) may handle an error itself
 * (return true), otherwise field errors go to the fields and the rest into the form's notice.
 */
export function formController(form, { fields, button, alert, validate, submit, onError }) {
  const byName = Object.fromEntries(fields.map((item) => [item.name, item]));
  let running = false;

  function clearErrors() {
    for (const item of fields) item.setError(null);
    alert.clear();
  }

  function showFieldErrors(messages) {
    let first = null;
    for (const [name, message] of Object.entries(messages)) {
      const item = byName[name];
      if (!item) continue;
      item.setError(message);
      first = first || item;
    }
    if (first) first.focus();
    return first !== null;
  }

  form.setAttribute("novalidate", "");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (running) return;
    clearErrors();
    const problems = validate ? validate() : {};
    if (Object.keys(problems).length) {
      showFieldErrors(problems);
      return;
    }
    hidePasswords(form);
    running = true;
    const restore = setBusy(button, form);
    try {
      await submit();
    } catch (error) {
      if (error?.name === "AbortError" || error?.redirecting) return;
      if (onError && onError(error)) return;
      showApiError(error);
    } finally {
      running = false;
      restore();
    }
  });

  function showApiError(error) {
    const fieldMessages = error?.fields || {};
    const known = Object.keys(fieldMessages).filter((name) => byName[name]);
    if (known.length) {
      showFieldErrors(fieldMessages);
      const unknown = Object.keys(fieldMessages).filter((name) => !byName[name]);
      if (unknown.length) alert.show(error.message);
      return;
    }
    alert.show(error?.message || "Es ist ein Fehler aufgetreten.", {
      focus: true,
      extra: isStuck(error) ? supportHint() : null,
    });
  }

  return { clearErrors, showFieldErrors, showApiError };
}

/**
 * The skeleton of every portal form: an error notice at the top (after `head`, e.g. a heading), the
 * fields (or `content` when the form holds more than fields, in its order), and the submit button in
 * the actions row (with `actions` after it), wired by formController: validation before sending,
 * busy button, API errors mapped to the fields, focus on the first error.
 *
 * Returns { form, alert, button, clearErrors, showFieldErrors, showApiError }.
 */
export function portalForm({
  label,
  labelledBy,
  className,
  submitLabel,
  buttonClass = "kc-button",
  fields,
  head = [],
  content = null,
  actions = [],
  alert = notice("error"),
  validate,
  submit,
  onError,
}) {
  const button = h("button", { type: "submit", class: buttonClass }, submitLabel);
  const form = h(
    "form",
    {
      class: className ? `kc-form ${className}` : "kc-form",
      method: "post",
      action: "",
      "aria-label": label,
      "aria-labelledby": labelledBy,
    },
    head,
    alert.element,
    content ?? fields.map((item) => item.element),
    h("div", { class: "kc-form__actions" }, button, actions),
  );
  const controller = formController(form, { fields, button, alert, validate, submit, onError });
  return { form, alert, button, ...controller };
}

/** Disable a button and label it "Bitte warten …"; returns a function that restores it. */
export function setBusy(button, container = null) {
  const label = button.textContent;
  const width = button.offsetWidth;
  button.disabled = true;
  button.classList.add("kc-button--busy");
  if (width) button.style.minWidth = `${width}px`;
  button.textContent = BUSY_LABEL;
  container?.setAttribute("aria-busy", "true");
  return () => {
    button.disabled = false;
    button.classList.remove("kc-button--busy");
    button.style.minWidth = "";
    button.textContent = label;
    container?.removeAttribute("aria-busy");
  };
}

// Password rules

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

/** Length as the server counts it: code points (spaces at either end are part of the password). */
export function passwordLength(value) {
  return [...value].length;
}

/**
 * What the customer typed as login, read the way the API reads it: a Kundennummer (digits; spaces
 * between them are dropped) or an e-mail address. Returns { kind: "number" | "email", value } or
 * { problem: German message } for input that can be neither (checked before sending).
 */
export function parseLogin(raw) {
  const text = String(raw || "").trim();
  if (!text) return { problem: "Bitte geben Sie Ihre E-Mail-Adresse oder Kundennummer ein." };
  if (/^[\d\s]+$/.test(text)) return { kind: "number", value: text.replace(/\s+/g, "") };
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return { kind: "email", value: text };
  if (text.includes("@"))
    return { problem: "Bitte prüfen Sie die E-Mail-Adresse. Sie hat die Form name@firma.de." };
  return {
    problem:
      "Bitte geben Sie eine E-Mail-Adresse (zum Beispiel name@firma.de) oder Ihre Kundennummer " +
      "(nur Ziffern, zum Beispiel 100001) ein.",
  };
}

/** "Ihre Eingabe: Kundennummer 100001" / "… E-Mail-Adresse name@firma.de" for a confirmation. */
export function repeatLogin({ kind, value }) {
  return h(
    "p",
    { class: "kc-entered" },
    "Ihre Eingabe: ",
    kind === "number" ? "Kundennummer " : "E-Mail-Adresse ",
    h("strong", { class: "kc-entered__value" }, value),
  );
}

/** The field for an e-mail address or Kundennummer (Anmelden, Passwort vergessen). */
export function loginField() {
  return field({
    name: "login",
    label: "E-Mail-Adresse oder Kundennummer",
    autocomplete: "username",
    autocapitalize: "none",
    spellcheck: "false",
    required: true,
  });
}

/** The field for the 6-digit code from an authenticator app (second sign-in step, two-factor setup). */
export function codeField({ label = "Bestätigungscode", describedBy = [] } = {}) {
  return field({
    name: "code",
    label,
    hint: "Der 6-stellige Code aus Ihrer Authenticator-App.",
    autocomplete: "one-time-code",
    inputmode: "numeric",
    pattern: "[0-9 ]*",
    maxlength: "7",
    required: true,
    describedBy,
  });
}

/** A new password, its repetition and the rules checked as the customer types (reset, change). */
export function newPasswordFields({ name = "password" } = {}) {
  const rulesId = uid("rules");
  const password = field({
    name,
    label: "Neues Passwort",
    type: "password",
    autocomplete: "new-password",
    required: true,
    describedBy: [rulesId],
  });
  const repeat = field({
    name: `${name}_repeat`,
    label: "Neues Passwort wiederholen",
    type: "password",
    autocomplete: "new-password",
    required: true,
  });
  const rules = passwordRules({ id: rulesId, password, repeat, fieldName: name, repeatName: `${name}_repeat` });
  return { password, repeat, rules };
}

/**
 * The password rules, checked as the customer types: length and, with a repeat field, equality.
 * Pass the same `id` as describedBy to the password field, so its rules are read with it.
 * Returns { element, id, validate() } where validate gives field messages for the form.
 */
export function passwordRules({
  id = uid("rules"),
  password,
  repeat,
  fieldName = "password",
  repeatName = "password_repeat",
}) {
  const length = ruleItem(`${PASSWORD_MIN} bis ${PASSWORD_MAX} Zeichen`);
  const same = repeat ? ruleItem("Beide Eingaben stimmen überein") : null;
  const counter = h("span", { class: "kc-rules__count" });
  length.element.append(" ", counter);
  const element = h(
    "div",
    { class: "kc-rules", id },
    h("p", { class: "kc-rules__title" }, "Ihr neues Passwort braucht:"),
    h("ul", { class: "kc-rules__list" }, length.element, same?.element),
    h(
      "p",
      { class: "kc-rules__note" },
      "Am sichersten ist ein Satz aus mehreren Wörtern. Verbreitete Passwörter sowie Ihr Name, " +
        "Ihre E-Mail-Adresse und Ihre Kundennummer werden beim Speichern abgelehnt.",
    ),
  );

  function update() {
    const count = passwordLength(password.input.value);
    length.set(count >= PASSWORD_MIN && count <= PASSWORD_MAX);
    counter.textContent = count ? `(bisher ${count})` : "";
    if (same) same.set(repeat.input.value !== "" && repeat.input.value === password.input.value);
  }
  password.input.addEventListener("input", update);
  repeat?.input.addEventListener("input", update);
  update();

  return {
    element,
    id,
    update,
    validate() {
      const problems = {};
      const count = passwordLength(password.input.value);
      if (count === 0) problems[fieldName] = "Bitte geben Sie ein neues Passwort ein.";
      else if (count < PASSWORD_MIN || count > PASSWORD_MAX)
        problems[fieldName] =
          `Das Passwort muss ${PASSWORD_MIN} bis ${PASSWORD_MAX} Zeichen lang sein (bisher ${count}).`;
      if (repeat) {
        if (repeat.input.value === "") problems[repeatName] = "Bitte wiederholen Sie das neue Passwort.";
        else if (repeat.input.value !== password.input.value)
          problems[repeatName] = "Die beiden Eingaben stimmen nicht überein.";
      }
      return problems;
    },
  };
}

function ruleItem(text) {
  const state = hiddenText("");
  const element = h(
    "li",
    { class: "kc-rules__item" },
    h("span", { class: "kc-rules__icon", "aria-hidden": "true" }),
    text,
    state,
  );
  return {
    element,
    set(met) {
      element.classList.toggle("kc-rules__item--met", met);
      state.textContent = met ? " (erfüllt)" : " (noch nicht erfüllt)";
    },
  };
}

// Dates

const DATE_TIME = new Intl.DateTimeFormat("de-DE", {
  timeZone: "Europe/Berlin",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** "12.05.2026, 14:03 Uhr" in Europe/Berlin, inside a <time> element. */
export function dateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h("span", {}, "–");
  return h("time", { datetime: date.toISOString() }, `${DATE_TIME.format(date)} Uhr`);
}

// Persönliche Daten and Weitere Kontaktdaten: select fields, chip groups, retry notices, a confirmation
// dialog and long German dates.

/**
 * A labelled select with the same error handling as field(). options: [[value, label], ...].
 * Returns { element, input, name, setError(message | null), focus(), value }.
 */
export function selectField({ name, label, options, value = "", hint, describedBy = [], ...attributes }) {
  const id = uid(name);
  const input = h(
    "select",
    { id, name, class: "kc-field__input kc-field__select", ...attributes },
    options.map(([optionValue, text]) => h("option", { value: optionValue }, text)),
  );
  input.value = value;
  return labelledField({ id, name, label, hint, describedBy, input });
}

/**
 * Checkboxes shown as chips in a fieldset (e.g. what a contact is used for).
 * options: [[value, label], ...]. Returns { element, inputs, values(), set(values), name, setError, focus }.
 */
export function chipGroup({ name, legend, options, values = [], legendHidden = false, hint }) {
  const id = uid(name);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const error = h("p", { id: errorId, class: "kc-field__error", hidden: true });
  const inputs = options.map(([value]) =>
    h("input", { type: "checkbox", name, value, id: `${id}-${value}`, class: "kc-chip__input" }),
  );
  const element = h(
    "fieldset",
    { class: "kc-chips", "aria-describedby": hintId },
    h("legend", { class: legendHidden ? "kc-visually-hidden" : "kc-chips__legend" }, legend),
    hint ? h("p", { id: hintId, class: "kc-field__hint" }, hint) : null,
    error,
    h(
      "div",
      { class: "kc-chips__list" },
      options.map(([value, label], index) =>
        h("span", { class: "kc-chip" }, inputs[index], h("label", { for: `${id}-${value}`, class: "kc-chip__label" }, label)),
      ),
    ),
  );
  const group = {
    element,
    inputs,
    name,
    values: () => inputs.filter((input) => input.checked).map((input) => input.value),
    set(selected) {
      for (const input of inputs) input.checked = selected.includes(input.value);
    },
    setError(message) {
      error.replaceChildren(...(message ? [hiddenText("Fehler: "), message] : []));
      error.hidden = !message;
      if (message) element.setAttribute("aria-describedby", [errorId, hintId].filter(Boolean).join(" "));
      else if (hintId) element.setAttribute("aria-describedby", hintId);
      else element.removeAttribute("aria-describedby");
    },
    focus() {
      inputs[0]?.focus();
    },
  };
  group.set(values);
  return group;
}

/**
 * An error notice with an "Erneut versuchen" button for a part of a page that could not be loaded.
 * The caller replaces its loading text with `element`; onRetry runs on the click.
 */
export function retryNotice(message, onRetry) {
  const problem = notice("error");
  const retry = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Erneut versuchen");
  retry.addEventListener("click", () => onRetry());
  problem.show(message || "Die Daten konnten nicht geladen werden.", {
    extra: [retry, supportHint({ lead: "Klappt es auch dann nicht?" })],
  });
  return problem.element;
}

/** A loading text with a spinner for a part of a page (a status, so it is announced). */
export function loadingText(text = "Wird geladen …") {
  return h("p", { class: "kc-loading", role: "status" }, h("span", { class: "kc-spinner", "aria-hidden": "true" }), text);
}

/**
 * Tables fit a phone: below 45em every row is a block and every cell carries its column's name
 * (`data-label`, shown before the value). Labels the rows there now and those added later.
 */
export function stackedTable(table) {
  table.classList.add("kc-table--stacked");
  const label = () => {
    const names = [...table.querySelectorAll("thead th")].map((cell) => cell.textContent.trim());
    for (const row of table.querySelectorAll("tbody tr, tfoot tr")) {
      const cells = [...row.children];
      if (cells.length !== names.length) continue; // a row across all columns ("Keine Einträge.")
      cells.forEach((cell, index) => cell.setAttribute("data-label", names[index]));
    }
  };
  label();
  new MutationObserver(label).observe(table, { childList: true, subtree: true });
  return table;
}

/**
 * A modal confirmation dialog (the native <dialog>: focus stays inside, Escape cancels, focus returns
 * to where it was). Resolves true when the customer confirms, false otherwise.
 */
export function confirmDialog({ title, text, confirmLabel, cancelLabel = "Abbrechen", container = document.body }) {
  const titleId = uid("dialog-title");
  const textId = uid("dialog-text");
  const opener = document.activeElement;
  const confirm = h("button", { type: "button", class: "kc-button kc-button--danger" }, confirmLabel);
  const cancel = h("button", { type: "button", class: "kc-button kc-button--secondary", autofocus: true }, cancelLabel);
  const dialog = h(
    "dialog",
    { class: "kc-dialog", "aria-labelledby": titleId, "aria-describedby": textId },
    h("h2", { id: titleId, class: "kc-dialog__title" }, title),
    h("p", { id: textId }, text),
    h("div", { class: "kc-form__actions" }, confirm, cancel),
  );
  container.append(dialog);
  return new Promise((resolve) => {
    let confirmed = false;
    confirm.addEventListener("click", () => {
      confirmed = true;
      dialog.close();
    });
    cancel.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (!confirmed && opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(confirmed);
    });
    dialog.showModal();
    cancel.focus();
  });
}

const LONG_DATE = new Intl.DateTimeFormat("de-DE", {
  timeZone: "UTC",
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const SHORT_DATE = new Intl.DateTimeFormat("de-DE", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });

/** "Mittwoch, 3. Februar 2027" for an ISO date ("2027-02-03"), inside a <time> element. */
export function longDate(isoDate, { weekday = true } = {}) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate || "");
  if (!match) return h("span", {}, "–");
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return h("time", { datetime: isoDate }, (weekday ? LONG_DATE : SHORT_DATE).format(date));
}

/** Today in Europe/Berlin as an ISO date ("2026-12-01"). */
export function berlinToday() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date());
}

// Vertragsdaten and Rechnungen: amounts in euros.

const EURO = new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" });

/** "29,90 €" for an amount in cents (integer). */
export function money(cents) {
  return EURO.format(cents / 100);
}

/** An API answer that means "this part of the Kundencenter is not there (yet)", not "something broke". */
export function isUnavailable(error) {
  return [403, 404, 405, 501].includes(error?.status) && error?.code !== "ForeignOrigin";
}

/** An info notice for a part of the portal that cannot show anything now, with a link to its help. */
export function unavailableNotice(message, { href, label }) {
  return h(
    "div",
    { class: "kc-notice kc-notice--info kc-unavailable", role: "status" },
    h("p", {}, message),
    h("p", {}, h("a", { href }, label)),
  );
}

/** Save `blob` as a file named `name` (a hidden download link, clicked once). */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** The file name a Content-Disposition header gives, else `fallback`. */
export function fileName(disposition, fallback) {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition || "");
  if (!match) return fallback;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/**
 * Download what `link` points at with the session cookie and save it under the server's file name (else
 * `name`). A failure shows its German message in `problem`, an ended session goes to the sign-in page, and
 * a click while the link is busy does nothing.
 */
export async function downloadLink(link, { problem, signal, accept = link.dataset.accept, name = link.dataset.name }) {
  if (link.getAttribute("aria-busy") === "true") return;
  problem.clear();
  link.setAttribute("aria-busy", "true");
  try {
    let response;
    try {
      response = await fetch(link.href, { credentials: "same-origin", cache: "no-store", headers: { Accept: accept }, signal });
    } catch (error) {
      if (error?.name === "AbortError") return;
      throw new Error(NETWORK_MESSAGE, { cause: error });
    }
    if (response.status === 401) {
      redirectToSignIn({ message: SESSION_ENDED_MESSAGE });
      return;
    }
    if (!response.ok) {
      const data = response.status < 500 ? await response.json().catch(() => null) : null;
      throw new Error(data?.Message || SERVER_MESSAGE);
    }
    saveBlob(await response.blob(), fileName(response.headers.get("Content-Disposition"), name));
  } catch (error) {
    problem.show(error.message || SERVER_MESSAGE, { focus: true });
  } finally {
    link.removeAttribute("aria-busy");
  }
}
