// Sicherheit: change the password, two-factor sign-in, see and sign out signed-in devices, read the audit log.

import { api } from "../api.js";
import { twoFactorSection } from "./two-factor.js";
import {
  dateTime,
  field,
  focusElement,
  h,
  hiddenText,
  loadingText,
  newPasswordFields,
  notice,
  portalForm,
  retryNotice,
  setBusy,
  stackedTable,
} from "../ui.js";

export const access = "session";

const AUDIT_PAGE = 20;

export function mount(root, { customer, signal }) {
  const options = { signal, session: true };
  const devices = devicesSection(options, () => audit.reload());
  const audit = auditSection(options);
  const password = passwordSection(customer, options, () => Promise.all([devices.reload(), audit.reload()]));
  const twoFactor = twoFactorSection(options, () => audit.reload());
  root.append(password.element, twoFactor.element, devices.element, audit.element);
  twoFactor.reload();
  devices.reload();
  audit.reload();
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
  return { element, heading };
}

// Passwort ändern

function passwordSection(customer, options, afterChange) {
  const { element } = section(
    "password",
    "Passwort ändern",
    "Nach der Änderung werden Sie auf allen anderen Geräten abgemeldet.",
  );
  const current = field({
    name: "current_password",
    label: "Aktuelles Passwort",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const { password: next, repeat, rules } = newPasswordFields({ name: "new_password" });
  const done = notice("success");
  // The account name for password managers, which store the new password under it.
  const username = h("input", {
    type: "text",
    name: "username",
    autocomplete: "username",
    value: customer.email || customer.customer_number,
    readonly: true,
    hidden: true,
    tabindex: "-1",
  });
  const { form, alert } = portalForm({
    labelledBy: "kc-password-heading",
    submitLabel: "Passwort ändern",
    fields: [current, next, repeat],
    content: [username, current.element, next.element, rules.element, repeat.element],
    validate() {
      const problems = {};
      if (!current.value) problems.current_password = "Bitte geben Sie Ihr aktuelles Passwort ein.";
      Object.assign(problems, rules.validate());
      if (!problems.new_password && current.value && next.value === current.value)
        problems.new_password = "Das neue Passwort muss sich vom aktuellen unterscheiden.";
      return problems;
    },
    async submit() {
      done.clear();
      await api.post(
        "/auth/password/change",
        { current_password: current.value, new_password: next.value },
        options,
      );
      form.reset();
      rules.update();
      done.show("Ihr Passwort wurde geändert. Alle anderen Geräte wurden abgemeldet.", { focus: true });
      await afterChange();
    },
    onError(error) {
      if (error.status === 429) {
        alert.show(error.message, { focus: true });
        return true;
      }
      return false;
    },
  });

  element.append(done.element, form);
  return { element };
}

// Angemeldete Geräte

function devicesSection(options, afterRevoke) {
  const { element } = section(
    "devices",
    "Angemeldete Geräte",
    "Hier sind Sie zurzeit angemeldet. Kennen Sie ein Gerät nicht, melden Sie es ab und ändern Sie Ihr Passwort.",
  );
  const status = notice("success");
  const list = h("ul", { class: "kc-devices" });
  const body = h("div", { class: "kc-section__body" }, loadingText("Ihre Geräte werden geladen …"));
  const revokeOthers = h(
    "button",
    { type: "button", class: "kc-button kc-button--secondary", hidden: true },
    "Alle anderen Geräte abmelden",
  );
  element.append(status.element, body, h("div", { class: "kc-form__actions" }, revokeOthers));

  /** Load the list; a failed load shows "Erneut versuchen" instead of it, which loads just this part. */
  async function reload({ retried = false } = {}) {
    if (retried) body.replaceChildren(loadingText("Ihre Geräte werden geladen …"));
    body.setAttribute("aria-busy", "true");
    try {
      const { sessions } = await api.get("/sessions", options);
      render(sessions);
    } catch (error) {
      if (error?.name === "AbortError" || error?.redirecting) return;
      revokeOthers.hidden = true;
      const retry = retryNotice(error.message, () => reload({ retried: true }));
      body.replaceChildren(retry);
      if (retried) focusElement(retry);
    } finally {
      body.removeAttribute("aria-busy");
    }
  }

  function render(sessions) {
    list.replaceChildren(...sessions.map(deviceItem));
    if (list.parentNode !== body) body.replaceChildren(list);
    revokeOthers.hidden = !sessions.some((item) => !item.current);
  }

  function deviceItem(item) {
    const name = item.browser || "Unbekanntes Gerät";
    const children = [
      h(
        "p",
        { class: "kc-device__name" },
        name,
        item.current ? h("span", { class: "kc-badge" }, "Dieses Gerät") : null,
      ),
      h(
        "dl",
        { class: "kc-device__meta" },
        h("div", {}, h("dt", {}, "IP-Adresse"), h("dd", {}, item.ip_address || "unbekannt")),
        h("div", {}, h("dt", {}, "Angemeldet seit"), h("dd", {}, dateTime(item.created_at))),
        h("div", {}, h("dt", {}, "Zuletzt aktiv"), h("dd", {}, dateTime(item.last_seen_at))),
        item.via === "unicorn2"
          ? h("div", {}, h("dt", {}, "Angemeldet"), h("dd", {}, "über unicorn 2"))
          : null,
      ),
    ];
    if (!item.current) {
      const button = h(
        "button",
        { type: "button", class: "kc-button kc-button--secondary kc-device__revoke" },
        "Abmelden",
        hiddenText(`: ${name}, IP-Adresse ${item.ip_address || "unbekannt"}`),
      );
      button.addEventListener("click", () => revoke(item, button));
      children.push(button);
    }
    return h("li", { class: `kc-device${item.current ? " kc-device--current" : ""}` }, children);
  }

  async function revoke(item, button) {
    status.clear();
    const restore = setBusy(button);
    try {
      await api.delete(`/sessions/${encodeURIComponent(item.id)}`, options);
    } catch (error) {
      if (error?.name === "AbortError" || error?.redirecting) return;
      restore();
      status.show(error.message, { tone: "error", focus: true });
      if (error.status === 404) await reload();
      return;
    }
    await reload();
    status.show(`Das Gerät „${item.browser || "Unbekanntes Gerät"}“ wurde abgemeldet.`, { focus: true });
    await afterRevoke();
  }

  revokeOthers.addEventListener("click", async () => {
    status.clear();
    const restore = setBusy(revokeOthers);
    let ended;
    try {
      ({ ended } = await api.delete("/sessions", options));
    } catch (error) {
      if (error?.name === "AbortError" || error?.redirecting) return;
      restore();
      status.show(error.message, { tone: "error", focus: true });
      return;
    }
    restore();
    await reload();
    const message =
      ended === 1
        ? "Ein anderes Gerät wurde abgemeldet."
        : ended > 1
          ? `${ended} andere Geräte wurden abgemeldet.`
          : "Es war kein anderes Gerät angemeldet.";
    status.show(message, { focus: true });
    await afterRevoke();
  });

  return { element, reload };
}

// Sicherheitsprotokoll

function auditSection(options) {
  const { element } = section(
    "audit",
    "Sicherheitsprotokoll",
    "Anmeldungen und Änderungen an Ihrem Zugang, die neuesten zuerst. Entdecken Sie etwas, das Sie " +
      "nicht waren, ändern Sie bitte sofort Ihr Passwort.",
  );
  const problem = notice("error");
  const body = h("tbody");
  const table = h(
    "table",
    { class: "kc-table" },
    h("caption", { class: "kc-visually-hidden" }, "Sicherheitsprotokoll, neueste Einträge zuerst"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Zeitpunkt"),
        h("th", { scope: "col" }, "Ereignis"),
        h("th", { scope: "col" }, "Gerät"),
        h("th", { scope: "col" }, "IP-Adresse"),
      ),
    ),
    body,
  );
  stackedTable(table);
  const wrapper = h(
    "div",
    { class: "kc-table-wrapper", tabindex: "0", role: "region", "aria-label": "Tabelle der Protokolleinträge" },
    table,
  );
  // The table, its spinner while the first page loads, or "Erneut versuchen" when that failed.
  const content = h("div", { class: "kc-section__body" }, loadingText("Das Protokoll wird geladen …"));
  const more = h("button", { type: "button", class: "kc-button kc-button--secondary", hidden: true }, "Weitere laden");
  element.append(problem.element, content, h("div", { class: "kc-form__actions" }, more));

  let cursor = null;
  let generation = 0;

  async function load({ append }) {
    const mine = ++generation;
    const query = new URLSearchParams({ limit: String(AUDIT_PAGE) });
    if (append && cursor) query.set("cursor", cursor);
    table.setAttribute("aria-busy", "true");
    let page;
    try {
      page = await api.get(`/audit?${query}`, options);
    } finally {
      if (mine === generation) table.removeAttribute("aria-busy");
    }
    if (mine !== generation) return [];
    cursor = page.next_cursor || null;
    more.hidden = !cursor;
    if (wrapper.parentNode !== content) content.replaceChildren(wrapper);
    const rows = page.entries.map(entryRow);
    if (append) body.append(...rows);
    else if (rows.length) body.replaceChildren(...rows);
    else body.replaceChildren(h("tr", {}, h("td", { colspan: "4" }, "Noch keine Einträge.")));
    return rows;
  }

  async function reload({ retried = false } = {}) {
    problem.clear();
    if (retried) content.replaceChildren(loadingText("Das Protokoll wird geladen …"));
    content.setAttribute("aria-busy", "true");
    try {
      await load({ append: false });
    } catch (error) {
      if (error?.name === "AbortError" || error?.redirecting) return;
      more.hidden = true;
      const retry = retryNotice(error.message, () => reload({ retried: true }));
      content.replaceChildren(retry);
      if (retried) focusElement(retry);
    } finally {
      content.removeAttribute("aria-busy");
    }
  }

  more.addEventListener("click", async () => {
    problem.clear();
    const restore = setBusy(more);
    try {
      const rows = await load({ append: true });
      restore();
      if (rows.length) focusElement(rows[0]);
    } catch (error) {
      if (error?.name === "AbortError" || error?.redirecting) return;
      restore();
      problem.show(error.message, { focus: true });
    }
  });

  return { element, reload };
}

function entryRow(entry) {
  let label = entry.label || entry.event;
  if (entry.event === "sessions_revoked" && /^\d+$/.test(entry.detail || "")) {
    const count = Number(entry.detail);
    label += count === 1 ? " (1 Gerät)" : ` (${count} Geräte)`;
  } else if (entry.detail) {
    label += ` (${entry.detail})`;
  }
  const warning = entry.event === "login_failed" || entry.event === "two_factor_failed";
  return h(
    "tr",
    { class: warning ? "kc-table__row--warning" : null },
    h("td", {}, dateTime(entry.at)),
    h("td", {}, warning ? h("span", { class: "kc-warning-mark", "aria-hidden": "true" }, "!") : null, label),
    h("td", {}, entry.browser || "unbekannt"),
    h("td", {}, entry.ip_address || "unbekannt"),
  );
}
