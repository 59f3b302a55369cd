// Team: the support staff's work page. Who is signed in and "Abmelden"; the ticket queue (filters, search,
// "Weitere laden") and one ticket's thread (?ticket=<id>, with pushState/popstate): the customer beside it,
// messages oldest first with internal notes marked, reply or internal note, status, assignment, merging.
// Below the queue: switching off a customer's two-factor sign-in after checking who is asking.

import { ApiError, request, setFlash, siteUrl } from "../api.js";
import {
  confirmDialog,
  dateTime,
  field,
  focusElement,
  h,
  hiddenText,
  loadingText,
  money,
  notice,
  portalForm,
  retryNotice,
  selectField,
  setBusy,
  uid,
} from "../ui.js";
import { fetchStaffSession } from "./team-login.js";

export const access = "team"; // main.js leaves the customer session alone on team pages

const TEAM_SIGN_IN_URL = siteUrl("kundencenter/team/anmelden/");
const STAFF_SESSION_ENDED = "Ihre Team-Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.";

export const STATUS_LABELS = {
  offen: "Offen",
  in_bearbeitung: "In Bearbeitung",
  wartet_auf_sie: "Wartet auf Antwort des Kunden",
  geschlossen: "Geschlossen",
};
export const CATEGORY_LABELS = {
  rechnung: "Rechnung",
  vertrag: "Vertrag",
  technik: "Technik",
  statistik: "Statistik",
  sonstiges: "Sonstiges",
};
const CHANNEL_LABELS = { portal: "Kundencenter", public: "Formular ohne Konto", email: "E-Mail", team: "Team" };
const AUTHOR_LABELS = { customer: "Kunde", team: "Team", system: "System" };
const TICKET_ID = /^[0-9A-HJKMNP-TV-Z]{8}$/; // Crockford base32, 8 characters
const FILTERS = ["status", "category", "assigned", "q"];
const INTERNAL_NOTE = "Interne Notiz – für den Kunden nicht sichtbar";
const MESSAGE_MAX = 10000;
// The API's StaleWrite asks to reload the page; this page reloads the ticket itself and says so.
const STALE_MESSAGE =
  "Das Ticket wurde inzwischen geändert, zum Beispiel von jemand anderem im Team. Die Seite zeigt jetzt " +
  "den aktuellen Stand; bitte prüfen Sie ihn und wiederholen Sie Ihre Änderung, falls sie noch nötig ist.";
const isStale = (error) => error?.status === 409 && error?.code === "StaleWrite";

/** The API for team pages: a 401 means the staff session ended, so back to Team-Anmeldung. */
async function call(method, path, body, { signal } = {}) {
  try {
    return await request(method, path, { body, signal });
  } catch (error) {
    staffSessionCheck(error);
  }
}

function staffSessionCheck(error) {
  if (error instanceof ApiError && error.status === 401) {
    error.redirecting = true;
    setFlash(STAFF_SESSION_ENDED, "info");
    location.replace(TEAM_SIGN_IN_URL);
  }
  throw error;
}

const ignorable = (error) => error?.name === "AbortError" || error?.redirecting;

// Durations: "2 Std. 05 Min." (as `make ticket-report` prints them).
function duration(fromIso, toIso) {
  const from = new Date(fromIso).getTime();
  const to = new Date(toIso).getTime();
  if (Number.isNaN(from) || Number.isNaN(to)) return "–";
  const minutes = Math.max(0, Math.round((to - from) / 60000));
  const hours = Math.floor(minutes / 60);
  return `${hours.toLocaleString("de-DE")} Std. ${String(minutes % 60).padStart(2, "0")} Min.`;
}

function normalizeTicketId(value) {
  return value.trim().replace(/^#/, "").replace(/\s+/g, "").toUpperCase();
}

function ticketUrl(id) {
  const url = new URL(location.href);
  url.search = "";
  url.hash = "";
  url.searchParams.set("ticket", id);
  return url;
}

/** A link to a ticket's thread; page-internal clicks are routed by the section's click handler. */
function ticketLink(id, text, attributes = {}) {
  return h("a", { href: ticketUrl(id).href, "data-kc-ticket": id, ...attributes }, text);
}

export async function mount(root, { signal } = {}) {
  const staff = await fetchStaffSession({ signal });
  if (!staff) {
    location.replace(TEAM_SIGN_IN_URL);
    return;
  }
  const alert = notice("error");
  const logout = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Abmelden");
  logout.addEventListener("click", async () => {
    const restore = setBusy(logout);
    try {
      await call("POST", "/team/auth/logout");
    } catch (error) {
      if (ignorable(error)) return;
      restore();
      alert.show(error.message, { focus: true });
      return;
    }
    setFlash("Sie wurden abgemeldet.", "success");
    location.assign(TEAM_SIGN_IN_URL);
  });
  const page = {
    root,
    signal,
    staff,
    staffList: null,
    section: h("section", { class: "kc-section kc-team-tickets", "aria-labelledby": "kc-team-tickets-heading" }),
    twoFactor: twoFactorSection(root),
    queueSearch: "",
    thread: null,
  };
  root.append(
    alert.element,
    h(
      "div",
      { class: "kc-team__bar" },
      h("p", { class: "kc-team__who" }, "Angemeldet als ", h("strong", {}, staff.name), ` (${staff.email})`),
      logout,
    ),
    page.section,
    page.twoFactor,
  );
  // Links to tickets inside the page change the address without loading the page (Material's instant
  // navigation would otherwise take the click: it listens on <body>, so the click stops here).
  page.section.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[data-kc-ticket], a[data-kc-queue]") : null;
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    event.stopPropagation();
    navigate(page, link.href);
  });
  window.addEventListener("popstate", () => route(page, { focus: true }), { signal });
  await route(page);
}

function navigate(page, href) {
  history.pushState(null, "", href);
  route(page, { focus: true });
}

async function route(page, { focus = false } = {}) {
  const id = new URLSearchParams(location.search).get("ticket");
  page.twoFactor.hidden = Boolean(id);
  if (id) {
    await showThread(page, normalizeTicketId(id), { focus });
  } else {
    page.thread = null;
    await showQueue(page, { focus });
  }
}

// The queue

function currentFilters() {
  const params = new URLSearchParams(location.search);
  return Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || ""]));
}

async function showQueue(page, { focus = false } = {}) {
  const filters = currentFilters();
  const heading = h("h2", { id: "kc-team-tickets-heading" }, "Tickets");
  const status = selectField({
    name: "status",
    label: "Status",
    options: [["", "Alle offenen"], ...Object.entries(STATUS_LABELS)],
    value: filters.status,
  });
  const category = selectField({
    name: "category",
    label: "Kategorie",
    options: [["", "Alle Kategorien"], ...Object.entries(CATEGORY_LABELS)],
    value: filters.category,
  });
  const assigned = selectField({
    name: "assigned",
    label: "Zuweisung",
    options: [
      ["", "Alle"],
      ["mine", "Mir zugewiesen"],
      ["none", "Nicht zugewiesen"],
    ],
    value: filters.assigned,
  });
  const search = field({
    name: "q",
    label: "Suchen",
    type: "search",
    autocomplete: "off",
    hint: "Wörter aus Betreff oder Nachrichten; jedes Wort muss vorkommen.",
    maxlength: "200",
  });
  search.input.value = filters.q;
  const apply = h("button", { type: "submit", class: "kc-button kc-button--secondary" }, "Suchen");
  const form = h(
    "form",
    { class: "kc-team-filters", role: "search", "aria-label": "Tickets filtern", action: "", method: "get" },
    status.element,
    category.element,
    assigned.element,
    search.element,
    h("div", { class: "kc-team-filters__submit" }, apply),
  );
  const queue = {
    count: h("p", { class: "kc-team-queue__count", role: "status" }),
    list: h("div", { class: "kc-team-queue__list" }),
    more: h("div", { class: "kc-team-queue__more" }),
    body: null,
    items: 0,
    cursor: null,
  };
  const applyFilters = () => {
    const url = new URL(location.href);
    url.search = "";
    const values = { status: status.value, category: category.value, assigned: assigned.value, q: search.value.trim() };
    for (const [name, value] of Object.entries(values)) if (value) url.searchParams.set(name, value);
    history.replaceState(history.state, "", url.href);
    page.queueSearch = url.search;
    // No busy button here: a disabled submit button would swallow the next Enter in the search field
    // (implicit submission), and a newer filter simply replaces the request still running.
    loadQueue(page, queue);
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    applyFilters();
  });
  for (const select of [status, category, assigned]) select.input.addEventListener("change", applyFilters);
  page.queueSearch = location.search;
  page.section.replaceChildren(heading, form, queue.count, queue.list, queue.more);
  if (focus) focusElement(heading);
  await loadQueue(page, queue);
}

async function loadQueue(page, queue, { append = false, restore = null } = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(currentFilters())) if (value) params.set(name, value);
  if (append && queue.cursor) params.set("cursor", queue.cursor);
  if (!append) {
    queue.list.replaceChildren(loadingText("Die Tickets werden geladen …"));
    queue.more.replaceChildren();
    queue.count.textContent = "";
  }
  queue.request?.abort();
  const controller = new AbortController();
  queue.request = controller;
  page.signal?.addEventListener("abort", () => controller.abort(), { once: true });
  let answer;
  try {
    answer = await call("GET", `/team/tickets?${params}`, undefined, { signal: controller.signal });
  } catch (error) {
    restore?.();
    if (ignorable(error)) return;
    const retry = retryNotice(error.message, () => loadQueue(page, queue, { append }));
    if (append) queue.more.replaceChildren(retry);
    else queue.list.replaceChildren(retry);
    focusElement(retry.querySelector("button"));
    return;
  }
  restore?.();
  const items = Array.isArray(answer?.items) ? answer.items : [];
  queue.cursor = answer?.next_cursor || null;
  if (!append) {
    queue.items = 0;
    if (!items.length) {
      queue.body = null;
      queue.list.replaceChildren(h("p", { class: "kc-team-queue__empty" }, "Keine Tickets für diese Auswahl."));
    } else {
      queue.body = h("tbody");
      const captionId = uid("queue-caption");
      queue.list.replaceChildren(
        h(
          "div",
          { class: "kc-table-wrapper", tabindex: "0", role: "region", "aria-labelledby": captionId },
          h(
            "table",
            { class: "kc-table kc-team-queue" },
            h("caption", { id: captionId, class: "kc-visually-hidden" }, "Ticket-Liste"),
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                ["Ticket", "Betreff", "Kunde", "Status", "Zugewiesen", "Letzte Änderung"].map((text) =>
                  h("th", { scope: "col" }, text),
                ),
              ),
            ),
            queue.body,
          ),
        ),
      );
    }
  }
  const rows = items.map((item) => queueRow(item));
  queue.body?.append(...rows);
  queue.items += items.length;
  queue.count.textContent =
    queue.items === 0
      ? "Keine Tickets gefunden."
      : `${queue.items.toLocaleString("de-DE")} ${queue.items === 1 ? "Ticket" : "Tickets"} angezeigt` +
        (queue.cursor ? ", weitere vorhanden." : ".");
  if (queue.cursor) {
    const more = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Weitere laden");
    more.addEventListener("click", async () => {
      const restoreMore = setBusy(more);
      await loadQueue(page, queue, { append: true, restore: restoreMore });
    });
    queue.more.replaceChildren(more);
  } else {
    queue.more.replaceChildren();
  }
  if (append && rows.length) focusElement(rows[0].querySelector("a"));
}

function customerCell(item) {
  if (item.customer_number) {
    return h(
      "td",
      { "data-label": "Kunde" },
      h("span", { class: "kc-team-queue__number" }, item.customer_number),
      item.company ? h("span", { class: "kc-team-queue__company" }, item.company) : null,
    );
  }
  return h("td", { "data-label": "Kunde" }, h("span", { class: "kc-team-queue__guest" }, `Gast: ${item.email || "–"}`));
}

function queueRow(item) {
  const assignee = item.assignee ? item.assignee_name || item.assignee : null;
  return h(
    "tr",
    { "data-ticket": item.id },
    h("td", { class: "kc-team-queue__id", "data-label": "Ticket" }, `#${item.id}`),
    h(
      "td",
      { class: "kc-team-queue__subject", "data-label": "Betreff" },
      ticketLink(item.id, item.subject || "(ohne Betreff)"),
      h(
        "span",
        { class: "kc-team-queue__meta" },
        [CATEGORY_LABELS[item.category] || item.category, CHANNEL_LABELS[item.channel]].filter(Boolean).join(" · "),
        item.last_author === "customer" && item.status !== "geschlossen" ? " · Kunde hat zuletzt geschrieben" : "",
      ),
    ),
    customerCell(item),
    h(
      "td",
      { "data-label": "Status" },
      h("span", { class: `kc-team-status kc-team-status--${item.status}` }, STATUS_LABELS[item.status] || item.status),
    ),
    h("td", { "data-label": "Zugewiesen" }, assignee || h("span", { class: "kc-muted" }, "niemand")),
    h("td", { class: "kc-team-queue__date", "data-label": "Letzte Änderung" }, dateTime(item.updated_at)),
  );
}

// One ticket

async function showThread(page, id, { focus = false, message = null, tone = "success" } = {}) {
  const back = queueLink(page);
  if (page.thread?.id !== id) {
    page.thread = { id, detail: null, reply: null };
    page.section.replaceChildren(back, loadingText(`Ticket #${id} wird geladen …`));
  }
  let detail;
  try {
    detail = await call("GET", `/team/tickets/${encodeURIComponent(id)}`, undefined, { signal: page.signal });
  } catch (error) {
    if (ignorable(error)) return;
    if (page.thread?.id !== id) return;
    const text =
      error.status === 404 ? `Ticket #${id} gibt es nicht.` : error.message || "Das Ticket konnte nicht geladen werden.";
    const retry = retryNotice(text, () => showThread(page, id, { focus: true }));
    page.section.replaceChildren(
      h("h2", { id: "kc-team-tickets-heading" }, `Ticket #${id}`),
      retry,
      h("p", {}, queueLink(page)),
    );
    focusElement(error.status === 404 ? retry : retry.querySelector("button"));
    return;
  }
  if (new URLSearchParams(location.search).get("ticket") === null) return; // went back meanwhile
  renderThread(page, detail, { focus, message, tone });
}

function queueLink(page) {
  const url = new URL(location.href);
  url.search = page.queueSearch || "";
  url.hash = "";
  return h("a", { href: url.href, "data-kc-queue": "", class: "kc-team-back" }, "Zurück zur Ticket-Liste");
}

function renderThread(page, detail, { focus = false, message = null, tone = "success" } = {}) {
  if (page.thread?.id !== detail.id) page.thread = { id: detail.id, detail: null, reply: null };
  const thread = page.thread;
  thread.detail = detail;
  thread.reply = thread.reply || replyForm(page);
  thread.reply.update(detail);
  const heading = h("h2", { id: "kc-team-tickets-heading" }, `Ticket #${detail.id}: ${detail.subject}`);
  thread.done = notice("success");
  thread.alert = notice("error");
  const merged = detail.merged_into
    ? h(
        "div",
        { class: "kc-notice kc-notice--info" },
        h("p", {}, "Dieses Ticket wurde mit ", ticketLink(detail.merged_into, `Ticket #${detail.merged_into}`), " zusammengeführt."),
      )
    : null;
  page.section.replaceChildren(
    ...[h("p", {}, queueLink(page)), heading, thread.alert.element, thread.done.element, merged].filter(Boolean),
    h(
      "div",
      { class: "kc-team-thread" },
      h(
        "div",
        { class: "kc-team-thread__main" },
        facts(detail),
        messages(detail),
        thread.reply.element,
      ),
      h(
        "div",
        { class: "kc-team-thread__side" },
        customerPanel(detail),
        actions(page, detail),
      ),
    ),
  );
  if (message) {
    (tone === "error" ? thread.alert : thread.done).show(message, { focus: true });
  } else if (focus) {
    focusElement(heading);
  }
}

function fact(term, ...description) {
  return h("div", { class: "kc-facts__row" }, h("dt", {}, term), h("dd", {}, ...description));
}

function facts(detail) {
  const assignee = detail.assignee ? detail.assignee_name || detail.assignee : "niemand";
  const firstResponse = detail.first_response_at
    ? [`nach ${duration(detail.created_at, detail.first_response_at)} `, "(", dateTime(detail.first_response_at), ")"]
    : [`noch keine (seit Eingang ${duration(detail.created_at, new Date().toISOString())})`];
  const resolved = detail.resolved_at
    ? [`nach ${duration(detail.created_at, detail.resolved_at)} `, "(", dateTime(detail.resolved_at), ")"]
    : ["noch nicht"];
  const mergedFrom = Array.isArray(detail.merged_from) && detail.merged_from.length ? detail.merged_from : null;
  return h(
    "dl",
    { class: "kc-facts kc-team-facts" },
    fact("Status", STATUS_LABELS[detail.status] || detail.status),
    fact("Kategorie", CATEGORY_LABELS[detail.category] || detail.category),
    fact("Eingegangen", dateTime(detail.created_at), ` über ${CHANNEL_LABELS[detail.channel] || detail.channel}`),
    fact("Letzte Änderung", dateTime(detail.updated_at)),
    fact("Zugewiesen", assignee),
    fact("Erste Antwort", ...firstResponse),
    fact("Gelöst", ...resolved),
    mergedFrom
      ? fact(
          "Zusammengeführt aus",
          mergedFrom.flatMap((id, index) => [index ? ", " : "", ticketLink(id, `Ticket #${id}`)]),
        )
      : null,
  );
}

function messages(detail) {
  const items = Array.isArray(detail.messages) ? detail.messages : [];
  const headingId = uid("messages");
  return h(
    "section",
    { class: "kc-team-messages", "aria-labelledby": headingId },
    h("h3", { id: headingId }, "Verlauf"),
    h("p", { class: "kc-muted" }, `${items.length} ${items.length === 1 ? "Eintrag" : "Einträge"}, der älteste zuerst.`),
    items.length
      ? h("ol", { class: "kc-team-messages__list" }, items.map((item) => messageItem(detail, item)))
      : h("p", { class: "kc-muted" }, "Noch keine Nachrichten."),
  );
}

function messageItem(detail, item) {
  const kind = item.internal ? "internal" : item.author;
  const role = item.internal ? "interne Notiz" : AUTHOR_LABELS[item.author] || item.author;
  const attachments = Array.isArray(item.attachments) ? item.attachments : [];
  return h(
    "li",
    { class: `kc-team-message kc-team-message--${kind}`, "data-message": item.id },
    h(
      "h4",
      { class: "kc-team-message__head" },
      h("span", { class: "kc-team-message__author" }, item.author_name || role),
      h("span", { class: "kc-team-message__role" }, ` (${role})`),
      h("span", { class: "kc-team-message__time" }, ", ", dateTime(item.created_at)),
      item.channel && CHANNEL_LABELS[item.channel] && item.author === "customer"
        ? h("span", { class: "kc-team-message__channel" }, `, über ${CHANNEL_LABELS[item.channel]}`)
        : null,
    ),
    item.internal ? h("p", { class: "kc-team-message__internal" }, h("strong", {}, INTERNAL_NOTE)) : null,
    h("div", { class: "kc-team-message__text" }, item.text || ""),
    attachments.length
      ? h(
          "ul",
          { class: "kc-team-message__files", "aria-label": "Anhänge" },
          attachments.map((file) => h("li", {}, attachmentButton(detail, file))),
        )
      : null,
  );
}

function fileSize(bytes) {
  if (typeof bytes !== "number") return "";
  if (bytes < 1024) return `${bytes} Byte`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toLocaleString("de-DE", { maximumFractionDigits: 0 })} KB`;
  return `${(bytes / 1024 / 1024).toLocaleString("de-DE", { maximumFractionDigits: 1 })} MB`;
}

function attachmentButton(detail, file) {
  const size = fileSize(file.size);
  const button = h(
    "button",
    { type: "button", class: "kc-link-button" },
    file.filename,
    size ? hiddenText(`, ${size}, herunterladen`) : hiddenText(", herunterladen"),
  );
  const label = h("span", {}, button, size ? h("span", { class: "kc-muted", "aria-hidden": "true" }, ` (${size})`) : null);
  const problem = h("span", { class: "kc-field__error", role: "alert" });
  button.addEventListener("click", async () => {
    problem.textContent = "";
    const restore = setBusy(button);
    try {
      const answer = await call("GET", `/team/tickets/${encodeURIComponent(detail.id)}/attachments/${encodeURIComponent(file.id)}`);
      location.assign(answer.url);
    } catch (error) {
      if (!ignorable(error)) problem.textContent = error.message;
    } finally {
      restore();
    }
  });
  return h("span", {}, label, " ", problem);
}

function customerPanel(detail) {
  const headingId = uid("customer");
  const customer = detail.customer;
  if (!customer) {
    return h(
      "section",
      { class: "kc-team-panel", "aria-labelledby": headingId },
      h("h3", { id: headingId }, "Gast-Ticket"),
      h("p", { class: "kc-muted" }, "Ohne Kundenkonto über das Formular oder per E-Mail gestellt."),
      h(
        "dl",
        { class: "kc-facts" },
        fact("E-Mail", detail.email || "–"),
        fact("Name", detail.name || "–"),
        fact("Angegebene Kundennummer", detail.given_customer_number ? `${detail.given_customer_number} (nicht geprüft)` : "keine"),
      ),
    );
  }
  const contract = customer.contract;
  const recent = Array.isArray(customer.recent_tickets) ? customer.recent_tickets : [];
  const recentId = uid("recent");
  return h(
    "section",
    { class: "kc-team-panel", "aria-labelledby": headingId },
    h("h3", { id: headingId }, "Kunde"),
    h(
      "dl",
      { class: "kc-facts" },
      fact("Kundennummer", customer.customer_number),
      fact("Firma", customer.company || "–"),
      fact(
        "Vertrag",
        contract
          ? `${contract.product}${typeof contract.monthly_net_cents === "number" ? `, ${money(contract.monthly_net_cents)} netto im Monat` : ""}`
          : "kein aktiver Vertrag",
      ),
      fact("Absender", [detail.name, detail.email].filter(Boolean).join(", ") || "–"),
    ),
    h("h4", { id: recentId }, "Letzte Tickets"),
    recent.length
      ? h(
          "ul",
          { class: "kc-team-recent", "aria-labelledby": recentId },
          recent.map((item) =>
            h(
              "li",
              {},
              item.id === detail.id
                ? h("span", {}, `#${item.id} ${item.subject}`, hiddenText(" (dieses Ticket)"))
                : ticketLink(item.id, `#${item.id} ${item.subject}`),
              h(
                "span",
                { class: "kc-team-recent__meta" },
                `${STATUS_LABELS[item.status] || item.status}, `,
                dateTime(item.updated_at),
              ),
            ),
          ),
        )
      : h("p", { class: "kc-muted" }, "Keine weiteren Tickets."),
  );
}

// Editing: status, assignment, merging. Each change carries the version the page showed; a 409 reloads.

async function change(page, button, send, success) {
  const thread = page.thread;
  const restore = setBusy(button);
  let detail;
  try {
    detail = await send(thread.detail);
  } catch (error) {
    restore();
    if (ignorable(error)) return null;
    if (isStale(error)) {
      await showThread(page, thread.id, { message: STALE_MESSAGE, tone: "error" });
      return null;
    }
    throw error;
  }
  renderThread(page, detail, { message: success });
  return detail;
}

function showError(page, error) {
  page.thread?.alert.show(error?.message || "Es ist ein Fehler aufgetreten.", { focus: true });
}

function patch(page, button, body, success) {
  return change(
    page,
    button,
    (detail) => call("PATCH", `/team/tickets/${encodeURIComponent(detail.id)}`, { version: detail.version, ...body }),
    success,
  ).catch((error) => showError(page, error));
}

function actions(page, detail) {
  const headingId = uid("edit");
  return h(
    "section",
    { class: "kc-team-panel", "aria-labelledby": headingId },
    h("h3", { id: headingId }, "Bearbeiten"),
    statusForm(page, detail),
    assignment(page, detail),
    detail.merged_into ? null : mergeForm(page, detail),
  );
}

function statusForm(page, detail) {
  const status = selectField({ name: "status", label: "Status", options: Object.entries(STATUS_LABELS), value: detail.status });
  const button = h("button", { type: "submit", class: "kc-button kc-button--secondary" }, "Status ändern");
  const form = h("form", { class: "kc-form kc-team-inline", action: "", method: "post", "aria-label": "Status ändern" }, status.element, button);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (button.disabled) return;
    if (status.value === detail.status) {
      page.thread.done.show(`Der Status ist schon „${STATUS_LABELS[detail.status]}“.`, { focus: true });
      return;
    }
    patch(page, button, { status: status.value }, `Der Status ist jetzt „${STATUS_LABELS[status.value]}“.`);
  });
  return form;
}

async function staffMembers(page) {
  if (page.staffList) return page.staffList;
  try {
    const answer = await call("GET", "/team/staff", undefined, { signal: page.signal });
    page.staffList = Array.isArray(answer?.items) ? answer.items : [];
  } catch (error) {
    if (ignorable(error)) throw error;
    page.staffList = null;
    return [{ email: page.staff.email, name: page.staff.name }];
  }
  return page.staffList;
}

function assignment(page, detail) {
  const headingId = uid("assign");
  const mine = detail.assignee === page.staff.email;
  const current = detail.assignee
    ? mine
      ? "Ihnen"
      : detail.assignee_name || detail.assignee
    : "niemandem";
  const toMe = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Mir zuweisen");
  toMe.addEventListener("click", () => patch(page, toMe, { assignee: page.staff.email }, "Das Ticket ist jetzt Ihnen zugewiesen."));
  const release = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Zuweisung aufheben");
  release.addEventListener("click", () => patch(page, release, { assignee: "" }, "Das Ticket ist jetzt niemandem zugewiesen."));
  const options = [[page.staff.email, `${page.staff.name} (Sie)`]];
  if (detail.assignee && !mine) options.push([detail.assignee, detail.assignee_name || detail.assignee]);
  const who = selectField({ name: "assignee", label: "Zuweisen an", options, value: detail.assignee || page.staff.email });
  const assign = h("button", { type: "submit", class: "kc-button kc-button--secondary" }, "Zuweisen");
  const form = h("form", { class: "kc-form kc-team-inline", action: "", method: "post", "aria-label": "Zuweisen an" }, who.element, assign);
  staffMembers(page)
    .then((members) => {
      const chosen = who.value;
      who.input.replaceChildren(
        ...members.map((member) =>
          h("option", { value: member.email }, member.email === page.staff.email ? `${member.name} (Sie)` : member.name),
        ),
      );
      if (members.some((member) => member.email === chosen)) who.input.value = chosen;
    })
    .catch(() => {});
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (assign.disabled) return;
    const name = who.input.selectedOptions[0]?.textContent || who.value;
    if (who.value === detail.assignee) {
      page.thread.done.show(`Das Ticket ist schon ${mine ? "Ihnen" : name} zugewiesen.`, { focus: true });
      return;
    }
    const text = who.value === page.staff.email ? "Das Ticket ist jetzt Ihnen zugewiesen." : `Das Ticket ist jetzt ${name} zugewiesen.`;
    patch(page, assign, { assignee: who.value }, text);
  });
  return h(
    "div",
    { class: "kc-team-assign", role: "group", "aria-labelledby": headingId },
    h("h4", { id: headingId }, "Zuweisung"),
    h("p", {}, `Zugewiesen: ${current}.`),
    h("div", { class: "kc-form__actions" }, mine ? null : toMe, detail.assignee ? release : null),
    form,
  );
}

function mergeForm(page, detail) {
  const headingId = uid("merge");
  const target = field({
    name: "into",
    label: "Ticket-Nummer des Ziel-Tickets",
    hint: "8 Zeichen, zum Beispiel K7M2Q9XD. Die Nachrichten dieses Tickets kommen in das Ziel-Ticket; dieses wird geschlossen.",
    autocomplete: "off",
    autocapitalize: "characters",
    spellcheck: "false",
    maxlength: "12",
    required: true,
  });
  const { form } = portalForm({
    labelledBy: headingId,
    submitLabel: "Zusammenführen",
    buttonClass: "kc-button kc-button--danger",
    fields: [target],
    validate() {
      const into = normalizeTicketId(target.value);
      if (!into) return { into: "Bitte geben Sie die Nummer des Ziel-Tickets ein." };
      if (!TICKET_ID.test(into)) return { into: "Eine Ticket-Nummer hat 8 Zeichen aus Ziffern und Buchstaben, zum Beispiel K7M2Q9XD." };
      if (into === detail.id) return { into: "Bitte geben Sie ein anderes Ticket an als dieses." };
      return {};
    },
    async submit() {
      const into = normalizeTicketId(target.value);
      const confirmed = await confirmDialog({
        title: "Tickets zusammenführen?",
        text:
          `Ticket #${detail.id} „${detail.subject}“ wird mit Ticket #${into} zusammengeführt: seine Nachrichten ` +
          "stehen danach im Ziel-Ticket, und es selbst wird geschlossen. Das lässt sich nicht rückgängig machen.",
        confirmLabel: "Zusammenführen",
        container: page.root,
      });
      if (!confirmed) return;
      let merged;
      try {
        merged = await call("POST", `/team/tickets/${encodeURIComponent(detail.id)}/merge`, {
          into,
          version: detail.version,
        });
      } catch (error) {
        if (isStale(error)) {
          await showThread(page, detail.id, { message: STALE_MESSAGE, tone: "error" });
          return;
        }
        if (error?.status === 404 && !Object.keys(error.fields || {}).length) {
          target.setError(`Ticket #${into} gibt es nicht.`);
          target.focus();
          return;
        }
        throw error;
      }
      history.pushState(null, "", ticketUrl(merged.id).href);
      page.thread = null;
      renderThread(page, merged, { message: `Ticket #${detail.id} wurde mit diesem Ticket zusammengeführt.` });
    },
  });
  return h(
    "div",
    { class: "kc-team-merge" },
    h("h4", { id: headingId }, "Mit Ticket zusammenführen"),
    form,
  );
}

// Reply to the customer or internal note: one form per ticket, kept across re-renders so a draft is never lost.

function replyForm(page) {
  const headingId = uid("reply");
  const textId = uid("text");
  const hintId = `${textId}-hint`;
  const errorId = `${textId}-error`;
  const text = h("textarea", {
    id: textId,
    name: "text",
    class: "kc-field__input kc-team-reply__text",
    rows: "7",
    maxlength: String(MESSAGE_MAX),
    required: true,
    "aria-describedby": hintId,
  });
  const error = h("p", { id: errorId, class: "kc-field__error", hidden: true });
  const hint = h("p", { id: hintId, class: "kc-field__hint" });
  const internalId = uid("internal");
  const internal = h("input", { type: "checkbox", id: internalId, name: "internal", class: "kc-team-reply__check" });
  const button = h("button", { type: "submit", class: "kc-button" });
  const alert = notice("error");
  const form = h(
    "form",
    { class: "kc-form kc-team-reply", action: "", method: "post", "aria-labelledby": headingId, novalidate: true },
    h("h3", { id: headingId }, "Antworten"),
    alert.element,
    h(
      "div",
      { class: "kc-team-reply__mode" },
      internal,
      h("label", { for: internalId }, "Interne Notiz", h("span", { class: "kc-team-reply__mode-hint" }, " (für den Kunden nicht sichtbar)")),
    ),
    h(
      "div",
      { class: "kc-field" },
      h("label", { for: textId, class: "kc-field__label" }, "Nachricht"),
      hint,
      error,
      text,
    ),
    h("div", { class: "kc-form__actions" }, button),
  );
  let closed = false;
  let pending = null; // { draft, key }: the Idempotency-Key of the message being sent
  const setError = (message) => {
    error.replaceChildren(...(message ? [hiddenText("Fehler: "), message] : []));
    error.hidden = !message;
    if (message) {
      text.setAttribute("aria-invalid", "true");
      text.setAttribute("aria-describedby", `${errorId} ${hintId}`);
    } else {
      text.removeAttribute("aria-invalid");
      text.setAttribute("aria-describedby", hintId);
    }
  };
  const updateMode = () => {
    const note = internal.checked;
    form.classList.toggle("kc-team-reply--internal", note);
    button.textContent = note ? "Interne Notiz speichern" : "Antwort senden";
    hint.textContent = note
      ? "Die Notiz sieht nur das Team; der Kunde erhält keine E-Mail, der Status bleibt."
      : "Die Antwort geht per E-Mail an den Kunden und steht im Ticket." +
        (closed ? " Das Ticket ist geschlossen; öffnen Sie es vorher über „Status ändern“, wenn Sie antworten möchten." : "");
  };
  internal.addEventListener("change", updateMode);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    setError(null);
    alert.clear();
    const value = text.value.trim();
    if (!value) {
      setError(internal.checked ? "Bitte schreiben Sie die Notiz." : "Bitte schreiben Sie Ihre Antwort.");
      text.focus();
      return;
    }
    if (value.length > MESSAGE_MAX) {
      setError(`Die Nachricht darf höchstens ${MESSAGE_MAX.toLocaleString("de-DE")} Zeichen lang sein.`);
      text.focus();
      return;
    }
    const note = internal.checked;
    const id = page.thread.id;
    // One key per message: a retry after a lost answer ("Erneut senden") does not post it twice.
    const draft = `${id}\n${note}\n${value}`;
    if (!pending || pending.draft !== draft) pending = { draft, key: crypto.randomUUID() };
    const restore = setBusy(button, form);
    let detail;
    try {
      detail = await request("POST", `/team/tickets/${encodeURIComponent(id)}/messages`, {
        body: { text: value, internal: note },
        headers: { "Idempotency-Key": pending.key },
      }).catch((error) => staffSessionCheck(error));
    } catch (failure) {
      restore();
      if (ignorable(failure)) return;
      const message = failure.fields?.text;
      if (message) {
        setError(message);
        text.focus();
      } else {
        alert.show(failure.message || "Es ist ein Fehler aufgetreten.", { focus: true });
      }
      return;
    }
    restore();
    pending = null;
    text.value = "";
    internal.checked = false;
    updateMode();
    if (page.thread?.id !== id) return;
    renderThread(page, detail, {
      message: note ? "Die interne Notiz ist gespeichert. Der Kunde sieht sie nicht." : "Ihre Antwort ist gesendet.",
    });
  });
  updateMode();
  return {
    element: form,
    update(detail) {
      closed = detail.status === "geschlossen";
      updateMode();
    },
  };
}

// A customer who lost the authenticator app and every recovery code: after the team checked who is
// asking (call back to the stored number, for example), two-factor sign-in goes off; the customer gets a mail.
function twoFactorSection(root) {
  const customerNumber = field({
    name: "customer_number",
    label: "Kundennummer",
    inputmode: "numeric",
    autocomplete: "off",
    maxlength: "6",
    required: true,
  });
  const reason = field({
    name: "reason",
    label: "Wie haben Sie geprüft, dass die Anfrage vom Kunden kommt?",
    hint: "Mindestens 10 Zeichen; erscheint nur im Protokoll des Dienstes, nicht beim Kunden.",
    autocomplete: "off",
    maxlength: "500",
    required: true,
  });
  const done = notice("success");
  const headingId = "kc-team-two-factor";
  const { form } = portalForm({
    labelledBy: headingId,
    submitLabel: "Zwei-Faktor-Anmeldung ausschalten",
    buttonClass: "kc-button kc-button--danger",
    fields: [customerNumber, reason],
    validate() {
      done.clear();
      const problems = {};
      if (!/^\d{6}$/.test(customerNumber.value.trim())) problems.customer_number = "Die Kundennummer hat 6 Ziffern.";
      if (reason.value.trim().length < 10) problems.reason = "Bitte beschreiben Sie die Prüfung in mindestens 10 Zeichen.";
      return problems;
    },
    async submit() {
      const number = customerNumber.value.trim();
      const confirmed = await confirmDialog({
        title: "Zwei-Faktor-Anmeldung ausschalten?",
        text: `Kunde ${number} meldet sich danach nur mit dem Passwort an und erhält darüber eine E-Mail.`,
        confirmLabel: "Ausschalten",
        container: root,
      });
      if (!confirmed) return;
      await call("POST", `/team/customers/${number}/two-factor/disable`, { reason: reason.value.trim() });
      form.reset();
      done.show(`Die Zwei-Faktor-Anmeldung von Kunde ${number} ist ausgeschaltet. Die E-Mail darüber geht an seine Login-E-Mail-Adresse.`, {
        focus: true,
      });
    },
  });
  return h(
    "section",
    { class: "kc-team__section kc-section" },
    h("h2", { id: headingId }, "Zwei-Faktor-Anmeldung eines Kunden ausschalten"),
    h(
      "p",
      {},
      "Nur wenn der Kunde weder seine Authenticator-App noch einen Wiederherstellungscode hat und Sie geprüft " +
        "haben, dass die Anfrage von ihm kommt.",
    ),
    done.element,
    form,
  );
}
