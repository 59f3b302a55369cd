// Vertragsdaten: licence, options, period and prices; every change first shows its price preview in a
// confirmation step ("Kostenpflichtig bestätigen", with an Idempotency-Key that a retry reuses and the
// contract's version); scheduled changes with "Änderung zurücknehmen"; a stale version offers a reload.
// "Lizenzschlüssel neu erzeugen" (after a confirmation dialog) shows the new key once: only in this page's
// DOM, never stored or logged, and wiped when the page is left.

import { request, siteUrl } from "../api.js";
import {
  confirmDialog,
  focusElement,
  h,
  hiddenText,
  isUnavailable,
  loadingText,
  longDate,
  money,
  notice,
  retryNotice,
  setBusy,
  uid,
  unavailableNotice,
} from "../ui.js";

export const access = "session";

const LICENCES = {
  single: { name: "Single-Lizenz", detail: "1 Installation" },
  multi: { name: "Multi-Lizenz", detail: "bis zu 5 Installationen" },
};
const OPTION_NAMES = { multishop: "Multishop", premium_service: "Premium Service" };

const STALE_MESSAGE =
  "Ihr Vertrag wurde inzwischen an anderer Stelle geändert, zum Beispiel in einem anderen Browserfenster. " +
  "Laden Sie bitte die aktuellen Vertragsdaten und prüfen Sie die Änderung dann erneut.";
const UNAVAILABLE_MESSAGE =
  "Ihre Vertragsdaten können wir im Moment nicht anzeigen. Bitte versuchen Sie es später erneut. " +
  "Fragen zu Ihrem Vertrag beantwortet Ihnen gern unser Support.";

export async function mount(root, { signal }) {
  const page = { root, options: { signal, session: true }, contract: null, raw: null, forgetKey: () => {} };
  // Leaving the page (instant navigation, a full load, the back-forward cache) wipes a key still on show.
  signal?.addEventListener("abort", () => page.forgetKey(), { once: true });
  window.addEventListener("pagehide", () => page.forgetKey(), { signal });
  await load(page);
}

async function load(page, { focusId = null, message = null, data = null } = {}) {
  const { root } = page;
  root.replaceChildren(loadingText("Ihre Vertragsdaten werden geladen …"));
  try {
    page.raw = data || (await request("GET", "/contract", page.options));
    page.contract = normalizeContract(page.raw);
  } catch (error) {
    if (error?.name === "AbortError" || error?.redirecting) return;
    if (isUnavailable(error)) {
      root.replaceChildren(unavailableNotice(error.code === "ContractNotFound" ? error.message : UNAVAILABLE_MESSAGE, {
          href: siteUrl("vertragsdaten/"),
          label: "Hilfe zu Vertragsdaten",
        }));
      return;
    }
    const retry = retryNotice(error.message, () => load(page, { focusId, message }));
    root.replaceChildren(retry);
    focusElement(retry.querySelector("button"));
    return;
  }
  render(page);
  if (message) page.status.show(message, { focus: true });
  else if (focusId) focusElement(document.getElementById(focusId));
}

// The API's answer in the shape this page uses (one place to follow the contract).

function first(object, ...names) {
  for (const name of names) {
    if (object && object[name] !== undefined && object[name] !== null) return object[name];
  }
  return null;
}

function cents(object, name) {
  const value = first(object, `${name}_cents`, name);
  return typeof value === "number" ? value : null;
}

function idOf(value) {
  return typeof value === "string" ? value : first(value, "id", "key");
}

function licenceOf(value) {
  const id = idOf(value);
  return { id, name: first(value, "name", "label") || LICENCES[id]?.name || id || "–", detail: LICENCES[id]?.detail };
}

function optionOf(value, booked) {
  const id = idOf(value);
  const requires = first(value, "requires_licence", "requires");
  return {
    id,
    name: first(value, "name", "label") || OPTION_NAMES[id] || id,
    booked: typeof value?.booked === "boolean" ? value.booked : booked,
    monthlyNet: cents(value, "monthly_net"),
    requiresMulti: requires === "multi" || value?.requires_multi === true,
  };
}

function normalizeChange(change) {
  const body = change?.change || change || {};
  if (body.kind === "downgrade") return { licence: body.licence || body.product };
  if (body.kind === "cancel_option") return { option: body.option || body.product, action: "cancel" };
  if (body.licence) return { licence: idOf(body.licence) };
  if (body.option) return { option: idOf(body.option), action: body.action };
  return {};
}

function normalizeContract(raw) {
  const booked = (raw.options || []).map((option) => optionOf(option, true));
  const catalogue = first(raw, "available_options", "catalogue_options") || raw.catalogue?.options || [];
  const options = [...booked];
  for (const entry of catalogue) {
    const option = optionOf(entry, false);
    const known = options.find((item) => item.id === option.id);
    if (!known) options.push(option);
    else if (known.monthlyNet === null) known.monthlyNet = option.monthlyNet;
  }
  for (const id of Object.keys(OPTION_NAMES)) {
    if (!options.some((item) => item.id === id)) options.push(optionOf(id, false));
  }
  const period = first(raw, "current_period", "period") || {};
  return {
    version: raw.version,
    licence: licenceOf(raw.licence),
    options,
    startDate: first(raw, "start_date", "started_on", "start"),
    periodStart: first(period, "start", "from", "starts_on"),
    periodEnd: first(period, "end", "to", "ends_on"),
    nextInvoiceDate: first(raw, "next_invoice_date", "next_invoice_on"),
    monthlyNet: cents(raw, "monthly_net"),
    monthlyGross: cents(raw, "monthly_gross"),
    scheduled: (first(raw, "scheduled_changes", "scheduled") || []).map((item) => ({
      id: first(item, "id", "change_id"),
      change: normalizeChange(item),
      name: first(item, "name", "description"),
      effectiveDate: first(item, "effective_date", "effective_on", "takes_effect_on", "effective_from"),
    })),
  };
}

function normalizePreview(raw) {
  const now = first(raw, "due_now", "now", "prorated") || raw;
  const monthly = first(raw, "new_monthly") || raw;
  return {
    nowNet: cents(now, "due_now_net") ?? cents(now, "prorated_net") ?? cents(now, "net") ?? cents(now, "amount_net"),
    nowGross:
      cents(now, "due_now_gross") ?? cents(now, "prorated_gross") ?? cents(now, "gross") ?? cents(now, "amount_gross"),
    effectiveDate: first(raw, "effective_date", "effective_on", "effective_from", "takes_effect_on"),
    immediate: first(raw, "immediate", "effective_immediately"),
    description: first(raw, "description"),
    proratedStart: first(raw.prorated_period || {}, "start"),
    proratedEnd: first(raw.prorated_period || {}, "end"),
    newMonthlyFrom: first(raw, "new_monthly_from"),
    newMonthlyNet: cents(monthly, "new_monthly_net") ?? cents(monthly, "net") ?? cents(monthly, "monthly_net"),
    newMonthlyGross: cents(monthly, "new_monthly_gross") ?? cents(monthly, "gross") ?? cents(monthly, "monthly_gross"),
  };
}

// Descriptions

function optionName(page, id) {
  return page.contract.options.find((option) => option.id === id)?.name || OPTION_NAMES[id] || id;
}

function describe(page, change) {
  if (change.licence === "multi") return "Upgrade auf die Multi-Lizenz";
  if (change.licence === "single") return "Wechsel auf die Single-Lizenz";
  if (change.option && change.action === "book") return `${optionName(page, change.option)} buchen`;
  if (change.option && change.action === "cancel") return `${optionName(page, change.option)} kündigen`;
  return "Vertragsänderung";
}

function amount(net, gross) {
  if (net === null) return "–";
  return gross === null ? `${money(net)} netto` : `${money(net)} netto (${money(gross)} brutto)`;
}

function facts(rows) {
  return h(
    "dl",
    { class: "kc-facts" },
    rows.map(([term, value]) => h("div", { class: "kc-facts__row" }, h("dt", {}, term), h("dd", {}, value ?? "–"))),
  );
}

function dateOrDash(iso, options) {
  return iso ? longDate(String(iso).slice(0, 10), options) : "–";
}

// The page

function render(page) {
  const { contract } = page;
  page.status = notice("success");
  page.panel = h("div", { class: "kc-contract__panel" });
  const overview = h(
    "section",
    { class: "kc-section", id: "kc-contract", "aria-labelledby": "kc-contract-heading" },
    h("h2", { id: "kc-contract-heading" }, "Ihr Vertrag"),
    facts([
      ["Lizenz", [contract.licence.name, contract.licence.detail ? ` (${contract.licence.detail})` : ""]],
      [
        "Zusatzoptionen",
        contract.options.filter((option) => option.booked).map((option) => option.name).join(", ") || "keine",
      ],
      ["Vertragsbeginn", dateOrDash(contract.startDate, { weekday: false })],
      [
        "Aktueller Abrechnungsmonat",
        contract.periodStart && contract.periodEnd
          ? [dateOrDash(contract.periodStart, { weekday: false }), " bis ", dateOrDash(contract.periodEnd, { weekday: false })]
          : "–",
      ],
      ["Nächste Rechnung", dateOrDash(contract.nextInvoiceDate)],
      ["Monatlich netto", contract.monthlyNet === null ? "–" : money(contract.monthlyNet)],
      ["Monatlich brutto (inkl. 19 % USt.)", contract.monthlyGross === null ? "–" : money(contract.monthlyGross)],
    ]),
  );
  page.root.replaceChildren(
    page.status.element,
    overview,
    licenceSection(page),
    optionsSection(page),
    page.panel,
    scheduledSection(page),
    licenceKeySection(page),
  );
}

function pendingFor(page, predicate) {
  return page.contract.scheduled.find((item) => predicate(item.change));
}

function licenceSection(page) {
  const { contract } = page;
  const wanted = contract.licence.id === "multi" ? "single" : "multi";
  const pending = pendingFor(page, (change) => Boolean(change.licence));
  const label = wanted === "multi" ? "Auf Multi-Lizenz upgraden" : "Auf Single-Lizenz wechseln";
  const text =
    wanted === "multi"
      ? "Ein Upgrade gilt sofort: Sie können gleich bis zu 5 Installationen betreiben. Den Rest des laufenden Monats berechnen wir anteilig."
      : "Ein Wechsel auf die Single-Lizenz (1 Installation) gilt ab dem Ende des laufenden Abrechnungsmonats. Bis dahin nutzen Sie die Multi-Lizenz weiter.";
  let action;
  if (pending) {
    action = h(
      "p",
      { class: "kc-muted" },
      "Ein Lizenzwechsel ist bereits geplant (siehe ",
      h("a", { href: "#kc-scheduled" }, "Geplante Änderungen"),
      ").",
    );
  } else {
    const button = h("button", { type: "button", class: "kc-button" }, label);
    button.addEventListener("click", () => startChange(page, { licence: wanted }, button));
    action = h("div", { class: "kc-form__actions" }, button);
  }
  return h(
    "section",
    { class: "kc-section", id: "kc-licence", "aria-labelledby": "kc-licence-heading" },
    h("h2", { id: "kc-licence-heading" }, "Lizenz wechseln"),
    h("p", { class: "kc-section__intro" }, text),
    action,
  );
}

function optionsSection(page) {
  const items = page.contract.options.map((option) => {
    const pending = pendingFor(page, (change) => change.option === option.id);
    let action;
    if (pending) {
      action = h("span", { class: "kc-badge kc-badge--warning" }, "Kündigung geplant");
    } else {
      const label = option.booked ? "Kündigen" : "Buchen";
      const button = h(
        "button",
        { type: "button", class: `kc-button${option.booked ? " kc-button--secondary" : ""}` },
        label,
        hiddenText(`: ${option.name}`),
      );
      button.addEventListener("click", () =>
        startChange(page, { option: option.id, action: option.booked ? "cancel" : "book" }, button),
      );
      action = button;
    }
    return h(
      "li",
      { class: "kc-option", "data-option": option.id },
      h(
        "div",
        { class: "kc-option__head" },
        h("span", { class: "kc-option__name" }, option.name),
        h("span", { class: option.booked ? "kc-badge kc-badge--success" : "kc-badge kc-badge--neutral" }, option.booked ? "gebucht" : "nicht gebucht"),
      ),
      h(
        "p",
        { class: "kc-muted" },
        option.monthlyNet === null ? "" : `${money(option.monthlyNet)} netto im Monat. `,
        option.requiresMulti ? "Setzt die Multi-Lizenz voraus. " : "",
        "Monatlich kündbar.",
      ),
      h("div", { class: "kc-option__actions" }, action),
    );
  });
  return h(
    "section",
    { class: "kc-section", id: "kc-options", "aria-labelledby": "kc-options-heading" },
    h("h2", { id: "kc-options-heading" }, "Zusatzoptionen"),
    h(
      "p",
      { class: "kc-section__intro" },
      "Eine gebuchte Option gilt sofort und wird für den Rest des Monats anteilig berechnet. Eine Kündigung gilt zum Ende des laufenden Abrechnungsmonats.",
    ),
    h("ul", { class: "kc-options", "aria-labelledby": "kc-options-heading" }, items),
  );
}

function scheduledSection(page) {
  const { scheduled } = page.contract;
  const list = scheduled.map((item) => {
    const button = h(
      "button",
      { type: "button", class: "kc-button kc-button--secondary" },
      "Änderung zurücknehmen",
      hiddenText(`: ${describe(page, item.change)}`),
    );
    button.addEventListener("click", () => withdraw(page, item, button));
    return h(
      "li",
      { class: "kc-scheduled__item", "data-change-id": item.id },
      h("span", { class: "kc-scheduled__text" }, item.name || describe(page, item.change), " zum ", dateOrDash(item.effectiveDate)),
      button,
    );
  });
  return h(
    "section",
    { class: "kc-section", id: "kc-scheduled", "aria-labelledby": "kc-scheduled-heading" },
    h("h2", { id: "kc-scheduled-heading" }, "Geplante Änderungen"),
    list.length
      ? h("ul", { class: "kc-scheduled", "aria-labelledby": "kc-scheduled-heading" }, list)
      : h("p", { class: "kc-muted" }, "Es sind keine Änderungen geplant."),
  );
}

// A change: preview, confirmation step, then the change itself

async function startChange(page, change, opener) {
  page.status.clear();
  const { panel } = page;
  const headingId = "kc-change-heading";
  const heading = h("h2", { id: headingId }, `${describe(page, change)}: Bitte prüfen und bestätigen`);
  const body = h("div", {}, loadingText("Die Preisvorschau wird berechnet …"));
  panel.replaceChildren(
    h("section", { class: "kc-section kc-confirm", id: "kc-change", "aria-labelledby": headingId }, heading, body),
  );
  focusElement(heading);
  const close = () => {
    panel.replaceChildren();
    if (opener?.isConnected) opener.focus();
  };
  let preview;
  try {
    preview = normalizePreview(await request("POST", "/contract/preview", { ...page.options, body: change }));
  } catch (error) {
    if (error?.name === "AbortError" || error?.redirecting) return;
    const problem = notice("error");
    const back = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Zurück");
    back.addEventListener("click", close);
    // Not the answer "no preview for this" but a failed request: "Erneut versuchen" loads just the preview.
    const retry = isUnavailable(error)
      ? null
      : h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Erneut versuchen");
    retry?.addEventListener("click", () => startChange(page, change, opener));
    body.replaceChildren(problem.element, h("div", { class: "kc-form__actions" }, retry, back));
    const message = isUnavailable(error)
      ? "Die Preisvorschau ist im Moment nicht verfügbar. Bitte versuchen Sie es später erneut."
      : error.message;
    problem.show(message, { focus: true });
    return;
  }
  showConfirm(page, change, preview, { body, close, headingId });
}

function whenText(preview) {
  if (preview.immediate === true || (!preview.effectiveDate && preview.immediate !== false)) return "sofort";
  return dateOrDash(preview.effectiveDate);
}

function showConfirm(page, change, preview, { body, close, headingId }) {
  const idempotencyKey = crypto.randomUUID(); // one key for this confirmation, reused on every retry
  const alert = notice("error");
  const confirm = h("button", { type: "submit", class: "kc-button" }, "Kostenpflichtig bestätigen");
  const cancel = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Abbrechen");
  const prorated =
    preview.proratedStart && preview.proratedEnd
      ? [", anteilig für ", dateOrDash(preview.proratedStart, { weekday: false }), " bis ", dateOrDash(preview.proratedEnd, { weekday: false })]
      : ", anteilig bis zum Ende des Abrechnungsmonats";
  const nowText =
    preview.nowNet === null || preview.nowNet === 0
      ? "nichts"
      : [amount(preview.nowNet, preview.nowGross), prorated, "; berechnet mit der nächsten Rechnung"];
  const newMonthly = preview.newMonthlyFrom
    ? [amount(preview.newMonthlyNet, preview.newMonthlyGross), " ab ", dateOrDash(preview.newMonthlyFrom, { weekday: false })]
    : amount(preview.newMonthlyNet, preview.newMonthlyGross);
  const form = h(
    "form",
    { class: "kc-form", "aria-labelledby": headingId, novalidate: true },
    facts([
      ["Änderung", preview.description || describe(page, change)],
      ["Gilt ab", whenText(preview)],
      ["Kostet jetzt", nowText],
      ["Neuer Monatsbetrag", newMonthly],
      ["Bisheriger Monatsbetrag", amount(page.contract.monthlyNet, page.contract.monthlyGross)],
    ]),
    h("p", { class: "kc-muted" }, "Alle Preise zuzüglich 19 % USt. Nach der Bestätigung schicken wir Ihnen eine E-Mail mit den Beträgen."),
    alert.element,
    h("div", { class: "kc-form__actions" }, confirm, cancel),
  );
  body.replaceChildren(form);
  cancel.addEventListener("click", close);
  let running = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (running) return;
    running = true;
    alert.clear();
    const restore = setBusy(confirm, form);
    let answer;
    try {
      answer = await request("POST", "/contract/changes", {
        ...page.options,
        body: { ...change, version: page.contract.version },
        headers: { "Idempotency-Key": idempotencyKey },
      });
    } catch (error) {
      running = false;
      restore();
      if (error?.name === "AbortError" || error?.redirecting) return;
      if (error.status === 409 && error.code === "StaleWrite") {
        const reload = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Aktuelle Daten laden");
        reload.addEventListener("click", () => load(page, { focusId: "kc-contract-heading" }));
        alert.show(STALE_MESSAGE, { extra: reload, focus: true });
      } else {
        alert.show(error.message, { focus: true });
      }
      return;
    }
    await load(page, { message: doneMessage(page, change, preview), data: answer?.contract || null });
  });
}

function doneMessage(page, change, preview) {
  const what = describe(page, change);
  if (whenText(preview) === "sofort") {
    const charge =
      preview.nowNet ? ` Den anteiligen Betrag von ${money(preview.nowNet)} netto berechnen wir mit der nächsten Rechnung.` : "";
    return `Bestätigt: ${what}. Die Änderung gilt ab sofort.${charge} Eine Bestätigung haben wir Ihnen per E-Mail geschickt.`;
  }
  const when = preview.effectiveDate
    ? `zum ${dateOrDash(preview.effectiveDate).textContent}`
    : "zum Ende des Abrechnungsmonats";
  return `Vorgemerkt: ${what} ${when}. Bis dahin können Sie die Änderung unter „Geplante Änderungen“ zurücknehmen.`;
}

async function withdraw(page, item, button) {
  page.status.clear();
  const what = item.name || describe(page, item.change);
  const confirmed = await confirmDialog({
    title: "Geplante Änderung zurücknehmen?",
    text: `„${what}“ wird nicht ausgeführt. Ihr Vertrag bleibt, wie er ist.`,
    confirmLabel: "Änderung zurücknehmen",
    cancelLabel: "Nicht zurücknehmen",
    container: page.root,
  });
  if (!confirmed) return;
  const restore = setBusy(button);
  let answer = null;
  try {
    answer = await request("DELETE", `/contract/changes/${encodeURIComponent(item.id)}`, page.options);
  } catch (error) {
    if (error?.name === "AbortError" || error?.redirecting) return;
    restore();
    if (error.status !== 404) {
      page.status.show(error.message, { tone: "error", focus: true });
      return;
    }
  }
  await load(page, { message: `Die geplante Änderung „${what}“ wurde zurückgenommen.`, data: answer });
}

// Lizenzschlüssel: a new key, shown once

const KEY_UNAVAILABLE_MESSAGE =
  "Einen neuen Lizenzschlüssel können wir im Moment nicht erzeugen. Ihr bisheriger Schlüssel gilt weiter. " +
  "Bitte versuchen Sie es später erneut; hilft das nicht, schreiben Sie unserem Support.";

function licenceKeySection(page) {
  page.forgetKey();
  const alert = notice("error");
  const button = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Lizenzschlüssel neu erzeugen");
  const result = h("div", { class: "kc-licence-key__result" });
  const section = h(
    "section",
    { class: "kc-section", id: "kc-licence-key", "aria-labelledby": "kc-licence-key-heading" },
    h("h2", { id: "kc-licence-key-heading" }, "Lizenzschlüssel"),
    h(
      "p",
      { class: "kc-section__intro" },
      "Mit dem Lizenzschlüssel meldet Ihre unicorn 2 Installation ihre Bestellungen für die Statistik, und " +
        "die Schaltfläche „Kundencenter“ in unicorn 2 öffnet damit das Kundencenter. Wir speichern nur einen " +
        "Fingerabdruck des Schlüssels, nicht den Schlüssel selbst: Deshalb können wir ihn Ihnen nur einmal " +
        "anzeigen, direkt nachdem Sie ihn erzeugt haben.",
    ),
    h(
      "p",
      { class: "kc-muted" },
      "Ein neuer Schlüssel ersetzt den bisherigen sofort. Erzeugen Sie ihn, wenn Sie unicorn 2 neu einrichten " +
        "oder den bisherigen Schlüssel nicht mehr haben.",
    ),
    alert.element,
    h("div", { class: "kc-form__actions" }, button),
    result,
  );
  let running = false;
  button.addEventListener("click", async () => {
    if (running) return;
    page.status.clear();
    alert.clear();
    const confirmed = await confirmDialog({
      title: "Neuen Lizenzschlüssel erzeugen?",
      text: "Der bisherige Schlüssel funktioniert sofort nicht mehr; tragen Sie den neuen in unicorn 2 ein.",
      confirmLabel: "Neuen Schlüssel erzeugen",
      cancelLabel: "Abbrechen",
      container: page.root,
    });
    if (!confirmed || running) return;
    page.forgetKey();
    const idempotencyKey = crypto.randomUUID(); // one key for this confirmation, reused by "Erneut versuchen"
    const send = async () => {
      running = true;
      alert.clear();
      const restore = setBusy(button, section);
      let answer;
      try {
        answer = await request("POST", "/contract/licence-key", {
          ...page.options,
          headers: { "Idempotency-Key": idempotencyKey },
        });
      } catch (error) {
        running = false;
        restore();
        if (error?.name === "AbortError" || error?.redirecting) return;
        if (isUnavailable(error)) {
          alert.show(KEY_UNAVAILABLE_MESSAGE, { focus: true });
          return;
        }
        const retry = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Erneut versuchen");
        retry.addEventListener("click", () => {
          if (!running) send();
        });
        alert.show(error.message, { extra: retry, focus: true });
        return;
      }
      running = false;
      restore();
      const key = typeof answer?.licence_key === "string" ? answer.licence_key : "";
      if (!key) {
        alert.show("Die Antwort des Kundencenters war unvollständig. Bitte laden Sie die Seite neu und prüfen Sie Ihren Lizenzschlüssel in unicorn 2.", { focus: true });
        return;
      }
      showKey(page, result, key);
    };
    await send();
  });
  return section;
}

function showKey(page, result, key) {
  const headingId = uid("licence-key-heading");
  const noteId = uid("licence-key-note");
  const inputId = uid("licence-key");
  const heading = h("h3", { id: headingId }, "Ihr neuer Lizenzschlüssel");
  const input = h("input", {
    id: inputId,
    type: "text",
    class: "kc-field__input kc-licence-key__value",
    value: key,
    readonly: true,
    autocomplete: "off",
    autocapitalize: "off",
    spellcheck: "false",
    "aria-describedby": noteId,
  });
  const copied = h("p", { class: "kc-licence-key__copied", role: "status" });
  const copy = h("button", { type: "button", class: "kc-button" }, "Kopieren", hiddenText(": Lizenzschlüssel"));
  copy.addEventListener("click", async () => {
    copied.textContent = "";
    try {
      await navigator.clipboard.writeText(input.value);
      copied.textContent = "Kopiert";
    } catch {
      // No clipboard access (older browser, permission refused): select the text for Strg+C.
      input.focus();
      input.select();
      copied.textContent =
        "Kopieren war nicht möglich. Der Schlüssel ist markiert: Kopieren Sie ihn mit Strg+C (Mac: Cmd+C).";
    }
  });
  input.addEventListener("focus", () => input.select());
  result.replaceChildren(
    h(
      "div",
      { class: "kc-licence-key", role: "group", "aria-labelledby": headingId },
      heading,
      h(
        "p",
        { id: noteId, class: "kc-notice kc-notice--info" },
        "Dieser Schlüssel wird nur jetzt angezeigt. Kopieren Sie ihn und tragen Sie ihn gleich in unicorn 2 " +
          "ein. Sobald Sie diese Seite verlassen, können wir ihn nicht mehr anzeigen; dann hilft nur ein neuer " +
          "Schlüssel. Ihr bisheriger Schlüssel gilt ab sofort nicht mehr.",
      ),
      h(
        "div",
        { class: "kc-field" },
        h("label", { for: inputId, class: "kc-field__label" }, "Lizenzschlüssel"),
        h("div", { class: "kc-licence-key__row" }, input, copy),
      ),
      copied,
      h("p", {}, "So tragen Sie ihn ein:"),
      h(
        "ol",
        {},
        h("li", {}, "Melden Sie sich in der Konfigurationsoberfläche Ihrer unicorn 2 Installation an."),
        h("li", {}, "Ersetzen Sie dort den bisherigen Lizenzschlüssel durch den neuen und speichern Sie."),
        h(
          "li",
          {},
          "Danach meldet Ihre Installation ihre Bestellungen wieder für die Statistik, und die Schaltfläche " +
            "„Kundencenter“ funktioniert wieder. Mit einer Multi-Lizenz tragen Sie den neuen Schlüssel in jeder " +
            "Installation ein.",
        ),
      ),
      h("p", {}, h("a", { href: siteUrl("vertragsdaten/lizenzschluessel/") }, "Hilfe zum Lizenzschlüssel")),
    ),
  );
  page.forgetKey = () => {
    input.value = "";
    result.replaceChildren();
    page.forgetKey = () => {};
  };
  focusElement(heading);
}
