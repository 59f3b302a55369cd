// Tickets: one page, three views chosen by the query string: the list (default, with search, status
// filter and "Weitere laden"), ?neu the form for a new ticket (attachments uploaded straight to S3),
// ?ticket=<id> the thread (reply, close, reopen within 14 days, rate once after closing).
// Views switch with history.pushState; back and forward work, and focus goes to the view's heading.

import { request } from "../api.js";
import {
  confirmDialog,
  dateTime,
  field,
  focusElement,
  h,
  hiddenText,
  loadingText,
  notice,
  portalForm,
  retryNotice,
  selectField,
  setBusy,
  textareaField,
} from "../ui.js";
import {
  CATEGORY_LABELS,
  MESSAGE_MAX,
  STATUS_LABELS,
  attachmentPicker,
  attachmentProblem,
  messageList,
  statusBadge,
} from "./ticket-common.js";

export const access = "session";

const TITLE_SUFFIX = document.title.includes(" - ") ? document.title.slice(document.title.indexOf(" - ")) : "";

export async function mount(root, { signal }) {
  const page = { root, signal, options: { signal, session: true }, view: null, draft: null, flash: null };
  // Back and forward between the views of this page are ours. Material's instant navigation would load
  // the page again on the first popstate after a full load (and lose a started ticket): portal.html
  // registers a listener before Material's that hands the event to window.kcPopState. Arrived here by
  // instant navigation, Material leaves a popstate within one page alone, and a plain listener does.
  const pathname = location.pathname;
  const onPopState = () => {
    if (location.pathname !== pathname) return false; // another page: Material's navigation takes it
    show(page, { focus: true });
    return true;
  };
  if (window.kcPopStateHook) {
    window.kcPopState = onPopState;
    signal.addEventListener("abort", () => {
      if (window.kcPopState === onPopState) window.kcPopState = null;
    });
  } else {
    window.addEventListener("popstate", onPopState);
    signal.addEventListener("abort", () => window.removeEventListener("popstate", onPopState));
  }
  // Links between the views stay on this page: ?neu, ?ticket=…, and the bare list address.
  root.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[data-kc-view]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    event.preventDefault();
    event.stopPropagation(); // Material's instant navigation would load the page again
    navigate(page, link.getAttribute("href"));
  });
  await show(page, { focus: false, initial: true });
}

/** Go to another view of this page (a new history entry unless `replace`). */
function navigate(page, href, { replace = false, flash = null } = {}) {
  const url = new URL(href, location.href);
  if (replace) history.replaceState(null, "", `${url.pathname}${url.search}`);
  else history.pushState(null, "", `${url.pathname}${url.search}`);
  page.flash = flash;
  show(page, { focus: true });
}

function listHref(params = {}) {
  const search = new URLSearchParams();
  if (params.q) search.set("q", params.q);
  if (params.status) search.set("status", params.status);
  const query = search.toString();
  return `${location.pathname}${query ? `?${query}` : ""}`;
}

const newHref = () => `${location.pathname}?neu`;
const ticketHref = (id) => `${location.pathname}?ticket=${encodeURIComponent(id)}`;

function viewLink(href, text, attributes = {}) {
  return h("a", { href, "data-kc-view": "", ...attributes }, text);
}

async function show(page, { focus, initial = false }) {
  page.view?.controller.abort();
  const controller = new AbortController();
  page.signal.addEventListener("abort", () => controller.abort(), { once: true });
  const view = { controller, signal: controller.signal, options: { signal: controller.signal, session: true } };
  page.view = view;
  const params = new URLSearchParams(location.search);
  if (params.has("neu")) {
    showNew(page, view, { focus, initial });
  } else if (params.get("ticket")) {
    await showTicket(page, view, params.get("ticket"), { focus });
  } else {
    await showList(page, view, { q: params.get("q") || "", status: params.get("status") || "" }, { focus, initial });
  }
}

function setTitle(text) {
  document.title = `${text}${TITLE_SUFFIX}`;
}

function heading(text, id) {
  return h("h2", { id, class: "kc-ticket-view__heading", tabindex: "-1" }, text);
}

function takeFlash(page) {
  const flash = page.flash;
  page.flash = null;
  if (!flash) return null;
  const message = notice("success");
  message.show(flash);
  return message.element;
}

// The list

async function showList(page, view, filters, { focus, initial }) {
  setTitle("Tickets");
  const title = heading("Ihre Tickets", "kc-tickets-heading");
  const search = field({
    name: "q",
    label: "Tickets durchsuchen",
    type: "search",
    hint: "Ein oder mehrere Wörter aus Betreff oder Nachricht. Umlaute und Groß- und Kleinschreibung sind egal.",
    autocomplete: "off",
    value: filters.q,
  });
  search.input.value = filters.q;
  const status = selectField({
    name: "status",
    label: "Status",
    options: [["", "Alle Status"], ...Object.entries(STATUS_LABELS)],
    value: filters.status in STATUS_LABELS ? filters.status : "",
  });
  const submit = h("button", { type: "submit", class: "kc-button kc-button--secondary" }, "Suchen");
  const form = h(
    "form",
    { class: "kc-tickets__filters", role: "search", "aria-label": "Tickets suchen und filtern" },
    search.element,
    status.element,
    h("div", { class: "kc-form__actions" }, submit),
  );
  const count = h("p", { class: "kc-tickets__count", role: "status" });
  const list = h("ul", { class: "kc-tickets", "aria-labelledby": "kc-tickets-heading" });
  const more = h("div", { class: "kc-tickets__more" });
  const results = h("div", { class: "kc-tickets__results" }, loadingText("Ihre Tickets werden geladen …"));
  const section = h(
    "section",
    { class: "kc-section kc-tickets-view", "aria-labelledby": "kc-tickets-heading" },
    takeFlash(page),
    h(
      "div",
      { class: "kc-tickets__head" },
      title,
      viewLink(newHref(), "Neues Ticket", { class: "kc-button kc-tickets__new" }),
    ),
    form,
    count,
    results,
  );
  page.root.replaceChildren(section);
  if (focus) focusElement(title, { scroll: false });
  else if (initial) search.input.focus();

  let current = null; // the running search: a newer one aborts it
  let shown = 0;

  async function load({ cursor = null } = {}) {
    current?.abort();
    const controller = new AbortController();
    view.signal.addEventListener("abort", () => controller.abort(), { once: true });
    current = controller;
    const q = search.input.value.trim();
    const statusValue = status.input.value;
    const query = new URLSearchParams();
    if (q) query.set("q", q);
    if (statusValue) query.set("status", statusValue);
    if (cursor) query.set("cursor", cursor);
    if (!cursor) {
      history.replaceState(history.state, "", listHref({ q, status: statusValue }));
      results.replaceChildren(loadingText(q || statusValue ? "Tickets werden gesucht …" : "Ihre Tickets werden geladen …"));
      count.textContent = "";
      shown = 0;
    }
    let answer;
    try {
      answer = await request("GET", `/tickets${query.toString() ? `?${query}` : ""}`, { signal: controller.signal, session: true });
    } catch (error) {
      if (error?.name === "AbortError" || error?.redirecting || controller.signal.aborted) return;
      if (cursor) {
        more.replaceChildren(retryNotice(error.message, () => load({ cursor })));
      } else {
        results.replaceChildren(retryNotice(error.message, () => load()));
      }
      return;
    }
    if (controller.signal.aborted) return;
    const items = answer.items || [];
    if (!cursor) list.replaceChildren();
    const firstNew = items.length ? ticketCard(items[0]) : null;
    list.append(...(firstNew ? [firstNew, ...items.slice(1).map(ticketCard)] : []));
    shown += items.length;
    const filtered = Boolean(q || statusValue);
    if (!shown) {
      results.replaceChildren(emptyState(filtered, () => {
        search.input.value = "";
        status.input.value = "";
        load();
        search.input.focus();
      }));
      count.textContent = filtered ? "Keine Tickets gefunden." : "Sie haben noch keine Tickets.";
      return;
    }
    more.replaceChildren();
    if (answer.next_cursor) {
      const button = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Weitere laden");
      button.addEventListener("click", async () => {
        const restore = setBusy(button);
        await load({ cursor: answer.next_cursor });
        if (button.isConnected) restore();
      });
      more.append(button);
    }
    results.replaceChildren(list, more);
    const noun = shown === 1 ? "Ticket" : "Tickets";
    count.textContent = `${shown} ${noun}${filtered ? " gefunden" : ""}${answer.next_cursor ? ", weitere vorhanden" : ""}.`;
    if (cursor && items.length) focusElement(list.querySelector(`[data-ticket="${CSS.escape(items[0].id)}"] a`), { scroll: true });
  }

  let typing = null;
  search.input.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => load(), 400);
  });
  view.signal.addEventListener("abort", () => clearTimeout(typing));
  status.input.addEventListener("change", () => load());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    load();
  });
  await load();
}

function ticketCard(ticket) {
  const waiting = ticket.status === "wartet_auf_sie";
  return h(
    "li",
    { class: `kc-ticket-card${waiting ? " kc-ticket-card--waiting" : ""}`, "data-ticket": ticket.id },
    h(
      "p",
      { class: "kc-ticket-card__title" },
      viewLink(ticketHref(ticket.id), ticket.subject, { class: "kc-ticket-card__link" }),
    ),
    h(
      "p",
      { class: "kc-ticket-card__meta" },
      h("span", { class: "kc-ticket-card__id" }, `Ticket #${ticket.id}`),
      statusBadge(ticket.status),
      h("span", {}, CATEGORY_LABELS[ticket.category] || ""),
    ),
    h(
      "p",
      { class: "kc-ticket-card__meta kc-muted" },
      "Letzte Nachricht ",
      ticket.last_author === "team" ? "vom Support" : "von Ihnen",
      ": ",
      dateTime(ticket.updated_at),
      ` · ${ticket.message_count} ${ticket.message_count === 1 ? "Nachricht" : "Nachrichten"}`,
    ),
  );
}

function emptyState(filtered, reset) {
  if (filtered) {
    const button = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Suche und Filter zurücksetzen");
    button.addEventListener("click", reset);
    return h(
      "div",
      { class: "kc-tickets__empty" },
      h("p", {}, "Keine Tickets passen zu Ihrer Suche. Prüfen Sie die Schreibweise oder suchen Sie mit weniger Wörtern."),
      h("p", {}, button, " ", viewLink(newHref(), "Neues Ticket erstellen")),
    );
  }
  return h(
    "div",
    { class: "kc-tickets__empty" },
    h("p", {}, "Sie haben noch keine Tickets. Haben Sie eine Frage oder ein Problem? Schreiben Sie uns."),
    h("p", {}, viewLink(newHref(), "Neues Ticket erstellen", { class: "kc-button" })),
  );
}

// New ticket

function showNew(page, view, { focus, initial }) {
  setTitle("Neues Ticket");
  if (!page.draft) page.draft = newTicketForm(page);
  const draft = page.draft;
  page.root.replaceChildren(draft.element);
  if (focus) focusElement(draft.title, { scroll: false });
  else if (initial) draft.subject.focus();
}

function newTicketForm(page) {
  const title = heading("Neues Ticket", "kc-new-ticket-heading");
  const subject = field({
    name: "subject",
    label: "Betreff",
    hint: "Kurz und treffend, zum Beispiel „Zahlungsart PayPal wird im Checkout nicht angezeigt“.",
    autocomplete: "off",
    maxlength: "150",
    required: true,
  });
  const suggestions = h("div", { class: "kc-ticket-suggestions" });
  const category = selectField({
    name: "category",
    label: "Kategorie",
    options: [["", "Bitte wählen"], ...Object.entries(CATEGORY_LABELS)],
    required: true,
  });
  const message = textareaField({
    name: "message",
    label: "Nachricht",
    hint: "Was ist passiert, wo, und was haben Sie erwartet? Bitte keine Passwörter.",
    rows: 8,
    maxlength: String(MESSAGE_MAX),
    required: true,
  });
  const attachments = attachmentPicker({ signal: page.signal });
  // One key per ticket: a retry after a lost answer sends the same key and cannot create a second ticket.
  let idempotencyKey = crypto.randomUUID();

  const { form } = portalForm({
    labelledBy: "kc-new-ticket-heading",
    className: "kc-ticket-form",
    submitLabel: "Ticket senden",
    actions: viewLink(listHref(), "Abbrechen", { class: "kc-tickets__cancel" }),
    fields: [subject, category, message, attachments],
    content: [subject.element, suggestions, category.element, message.element, attachments.element],
    validate() {
      const problems = {};
      const text = subject.value.trim();
      if (!text) problems.subject = "Bitte geben Sie einen Betreff ein.";
      else if (text.length < 3) problems.subject = "Der Betreff braucht mindestens 3 Zeichen.";
      if (!category.value) problems.category = "Bitte wählen Sie eine Kategorie.";
      if (!message.value.trim()) problems.message = "Bitte beschreiben Sie Ihr Anliegen in der Nachricht.";
      const attachmentError = attachmentProblem(attachments);
      if (attachmentError) problems.attachments = attachmentError;
      return problems;
    },
    async submit() {
      const detail = await request("POST", "/tickets", {
        body: {
          subject: subject.value.trim(),
          category: category.value,
          message: message.value,
          attachments: attachments.ids(),
        },
        headers: { "Idempotency-Key": idempotencyKey },
        signal: page.signal,
        session: true,
      });
      idempotencyKey = crypto.randomUUID();
      page.draft = null;
      page.detail = detail;
      navigate(page, ticketHref(detail.id), {
        replace: true,
        flash: `Ihr Ticket #${detail.id} ist eingegangen. Wir antworten Ihnen hier und per E-Mail.`,
      });
    },
  });
  const element = h(
    "section",
    { class: "kc-section kc-ticket-new", "aria-labelledby": "kc-new-ticket-heading" },
    h("p", { class: "kc-ticket-view__back" }, viewLink(listHref(), "Zurück zu Ihren Tickets")),
    title,
    form,
  );

  attachSuggestionBox(subject.input, suggestions, page.signal);
  return { element, title, subject };
}

/** The help suggestions under the subject (suggest.js), if that module is part of this site. */
async function attachSuggestionBox(input, container, signal) {
  try {
    const module = await import("../suggest.js");
    if (!signal.aborted && typeof module.attachSuggestions === "function") {
      module.attachSuggestions(input, container, { signal });
    }
  } catch {
    // Without the module the form works as before, just without suggestions.
  }
}

// One ticket

async function showTicket(page, view, id, { focus }) {
  setTitle(`Ticket #${id}`);
  const flash = takeFlash(page);
  let detail = page.detail?.id === id ? page.detail : null;
  page.detail = null;
  if (!detail) {
    page.root.replaceChildren(loadingText("Das Ticket wird geladen …"));
    try {
      detail = await request("GET", `/tickets/${encodeURIComponent(id)}`, view.options);
    } catch (error) {
      if (error?.name === "AbortError" || error?.redirecting || view.signal.aborted) return;
      const back = h("p", {}, viewLink(listHref(), "Zurück zu Ihren Tickets"));
      if (error.status === 404) {
        const title = heading("Ticket nicht gefunden", "kc-ticket-heading");
        page.root.replaceChildren(
          title,
          h("p", {}, "Dieses Ticket gibt es nicht oder es gehört nicht zu Ihrem Kundenkonto. Bitte prüfen Sie die Ticketnummer."),
          back,
        );
        if (focus) focusElement(title, { scroll: false });
        return;
      }
      page.root.replaceChildren(retryNotice(error.message, () => show(page, { focus: true })), back);
      if (focus) focusElement(page.root.querySelector(".kc-notice"));
      return;
    }
  }
  renderTicket(page, view, detail, { focus, flash });
}

function renderTicket(page, view, detail, { focus = false, flash = null, focusTarget = null }) {
  setTitle(`Ticket #${detail.id}`);
  const title = heading(detail.subject, "kc-ticket-heading");
  const meta = h(
    "dl",
    { class: "kc-ticket__meta" },
    h("div", {}, h("dt", {}, "Ticketnummer"), h("dd", {}, `#${detail.id}`)),
    h("div", {}, h("dt", {}, "Status"), h("dd", {}, statusBadge(detail.status))),
    h("div", {}, h("dt", {}, "Kategorie"), h("dd", {}, CATEGORY_LABELS[detail.category] || "–")),
    h("div", {}, h("dt", {}, "Erstellt"), h("dd", {}, dateTime(detail.created_at))),
  );
  const download = (attachment, button) => downloadAttachment(detail.id, attachment, button, view);
  const parts = [
    h("p", { class: "kc-ticket-view__back" }, viewLink(listHref(), "Zurück zu Ihren Tickets")),
    flash,
    title,
    meta,
  ];
  if (detail.merged_into) {
    parts.push(
      h(
        "div",
        { class: "kc-notice kc-notice--info" },
        h("p", {}, "Dieses Ticket wurde mit einem anderen zusammengeführt. Es geht weiter in ", viewLink(ticketHref(detail.merged_into), `Ticket #${detail.merged_into}`), "."),
      ),
    );
  }
  parts.push(h("h3", { class: "kc-visually-hidden" }, "Verlauf"), messageList(detail.messages || [], { download }));
  parts.push(...ticketActions(page, view, detail));
  const section = h("section", { class: "kc-section kc-ticket", "aria-labelledby": "kc-ticket-heading", "data-ticket": detail.id }, parts);
  page.root.replaceChildren(section);
  const after = (next, message, target) => {
    const done = notice("success");
    done.show(message);
    renderTicket(page, view, next, { flash: done.element, focusTarget: target });
  };
  page.after = after;
  if (focusTarget) focusElement(section.querySelector(focusTarget) || flash);
  else if (flash) focusElement(flash);
  else if (focus) focusElement(title, { scroll: false });
}

async function downloadAttachment(ticketId, attachment, button, view) {
  // Busy without changing the label (it holds the file name) and without disabling (focus stays).
  if (button.getAttribute("aria-busy") === "true") return;
  button.setAttribute("aria-busy", "true");
  button.classList.add("kc-button--busy");
  const restore = () => {
    button.removeAttribute("aria-busy");
    button.classList.remove("kc-button--busy");
  };
  const problem = button.parentElement.querySelector(".kc-attachment__problem") || h("span", { class: "kc-attachment__problem", role: "alert" });
  problem.textContent = "";
  try {
    const answer = await request(
      "GET",
      `/tickets/${encodeURIComponent(ticketId)}/attachments/${encodeURIComponent(attachment.id)}`,
      view.options,
    );
    const opened = window.open(answer.url, "_blank");
    if (opened) {
      opened.opener = null;
    } else {
      // A blocked pop-up: offer the link itself.
      problem.replaceChildren(" ", h("a", { href: answer.url, target: "_blank", rel: "noopener" }, `${answer.filename || attachment.filename} öffnen`));
      button.after(problem);
    }
  } catch (error) {
    if (error?.name === "AbortError" || error?.redirecting) return;
    problem.textContent = ` ${error.message}`;
    button.after(problem);
  } finally {
    if (button.isConnected) restore();
  }
}

function ticketActions(page, view, detail) {
  const parts = [];
  if (detail.can_reply) parts.push(replyForm(page, view, detail));
  const closeOrReopen = h("div", { class: "kc-ticket__actions" });
  if (detail.can_close) {
    const close = h("button", { type: "button", class: "kc-button kc-button--secondary kc-ticket__close" }, "Ticket schließen");
    close.addEventListener("click", async () => {
      const ok = await confirmDialog({
        title: "Ticket schließen?",
        text: "Schließen Sie das Ticket, wenn Ihr Anliegen erledigt ist. Sie können es danach noch 14 Tage lang wieder öffnen.",
        confirmLabel: "Ticket schließen",
      });
      if (!ok) return;
      await action(view, close, closeOrReopen, `/tickets/${encodeURIComponent(detail.id)}/close`, (next) =>
        page.after(next, "Das Ticket ist geschlossen. Wie zufrieden waren Sie? Ihre Bewertung hilft uns.", ".kc-rating legend"),
      );
    });
    closeOrReopen.append(close);
  }
  if (detail.status === "geschlossen") {
    const closedText = [h("p", {}, "Dieses Ticket ist geschlossen", detail.closed_at ? [" (seit ", dateTime(detail.closed_at), ")"] : null, ".")];
    if (detail.can_reopen) {
      const reopen = h("button", { type: "button", class: "kc-button kc-button--secondary kc-ticket__reopen" }, "Wieder öffnen");
      reopen.addEventListener("click", () =>
        action(view, reopen, closeOrReopen, `/tickets/${encodeURIComponent(detail.id)}/reopen`, (next) =>
          page.after(next, "Das Ticket ist wieder offen. Schreiben Sie uns, was noch fehlt.", "textarea"),
        ),
      );
      closedText.push(
        h("p", {}, "Ist doch noch etwas offen? Sie können das Ticket bis zum ", dateTime(detail.reopen_until), " wieder öffnen."),
        h("p", {}, reopen),
      );
    } else {
      closedText.push(
        h("p", {}, "Es lässt sich nicht mehr wieder öffnen (das geht 14 Tage lang nach dem Schließen). Haben Sie ein neues Anliegen? ", viewLink(newHref(), "Neues Ticket erstellen"), " und nennen Sie darin die Nummer #", detail.id, "."),
      );
    }
    closeOrReopen.prepend(...closedText);
  }
  if (closeOrReopen.childNodes.length) parts.push(closeOrReopen);
  if (detail.rating) parts.push(ratingResult(detail.rating));
  else if (detail.can_rate) parts.push(ratingForm(page, view, detail));
  return parts;
}

async function action(view, button, container, path, done) {
  const restore = setBusy(button);
  let next;
  try {
    next = await request("POST", path, { body: {}, ...view.options });
  } catch (error) {
    restore();
    if (error?.name === "AbortError" || error?.redirecting) return;
    let problem = container.querySelector(".kc-ticket__problem");
    if (!problem) {
      problem = h("div", { class: "kc-notice kc-notice--error kc-ticket__problem", role: "alert", tabindex: "-1" });
      container.append(problem);
    }
    problem.replaceChildren(h("p", {}, error.message));
    focusElement(problem);
    return;
  }
  done(next);
}

function replyForm(page, view, detail) {
  const text = textareaField({
    name: "text",
    label: "Ihre Antwort",
    rows: 6,
    maxlength: String(MESSAGE_MAX),
    required: true,
    hint: "Sie können auch einfach auf unsere E-Mail antworten.",
  });
  const attachments = attachmentPicker({ signal: view.signal });
  const { form } = portalForm({
    labelledBy: "kc-reply-heading",
    className: "kc-ticket__reply",
    head: h("h3", { id: "kc-reply-heading" }, "Antworten"),
    submitLabel: "Antwort senden",
    fields: [text, attachments],
    validate() {
      const problems = {};
      if (!text.value.trim()) problems.text = "Bitte schreiben Sie Ihre Antwort.";
      const attachmentError = attachmentProblem(attachments);
      if (attachmentError) problems.attachments = attachmentError;
      return problems;
    },
    async submit() {
      const next = await request("POST", `/tickets/${encodeURIComponent(detail.id)}/messages`, {
        body: { text: text.value, attachments: attachments.ids() },
        ...view.options,
      });
      page.after(next, "Ihre Antwort ist gesendet. Unser Support-Team meldet sich.", `[data-message]:last-child`);
    },
  });
  return form;
}

function stars(count) {
  return `${count} von 5 Sternen`;
}

function ratingForm(page, view, detail) {
  const legendId = "kc-rating-legend";
  const error = h("p", { class: "kc-field__error", id: "kc-rating-error", hidden: true });
  const radios = [1, 2, 3, 4, 5].map((value) =>
    h("input", { type: "radio", name: "stars", value, id: `kc-rating-${value}`, class: "kc-rating__input" }),
  );
  const group = h(
    "fieldset",
    { class: "kc-rating__stars", "aria-describedby": "kc-rating-hint" },
    h("legend", { id: legendId, tabindex: "-1" }, "Wie zufrieden sind Sie mit unserer Hilfe?"),
    h("p", { id: "kc-rating-hint", class: "kc-field__hint" }, "1 Stern: gar nicht zufrieden, 5 Sterne: sehr zufrieden. Sie können einmal bewerten."),
    error,
    h(
      "div",
      { class: "kc-rating__options" },
      radios.map((radio, index) =>
        h(
          "span",
          { class: "kc-rating__option" },
          radio,
          h(
            "label",
            { for: radio.id, class: "kc-rating__label" },
            h("span", { "aria-hidden": "true", class: "kc-rating__glyph" }, "★".repeat(index + 1)),
            hiddenText(index === 0 ? "1 Stern" : `${index + 1} Sterne`),
          ),
        ),
      ),
    ),
  );
  const comment = textareaField({ name: "comment", label: "Kommentar (freiwillig)", rows: 3, maxlength: "1000" });
  const starsField = {
    name: "stars",
    setError(message) {
      error.replaceChildren(...(message ? [hiddenText("Fehler: "), message] : []));
      error.hidden = !message;
      group.setAttribute("aria-describedby", message ? "kc-rating-error kc-rating-hint" : "kc-rating-hint");
    },
    focus: () => radios[0].focus(),
  };
  const { form } = portalForm({
    labelledBy: "kc-rating-heading",
    className: "kc-rating",
    head: h("h3", { id: "kc-rating-heading" }, "Ticket bewerten"),
    submitLabel: "Bewertung senden",
    fields: [starsField, comment],
    content: [group, comment.element],
    validate() {
      return radios.some((radio) => radio.checked) ? {} : { stars: "Bitte wählen Sie 1 bis 5 Sterne." };
    },
    async submit() {
      const value = Number(radios.find((radio) => radio.checked).value);
      const next = await request("POST", `/tickets/${encodeURIComponent(detail.id)}/rating`, {
        body: { stars: value, comment: comment.value.trim() },
        ...view.options,
      });
      page.after(next, "Vielen Dank für Ihre Bewertung!", ".kc-rating-result");
    },
  });
  return form;
}

function ratingResult(rating) {
  return h(
    "div",
    { class: "kc-rating-result", tabindex: "-1" },
    h("h3", {}, "Ihre Bewertung"),
    h(
      "p",
      {},
      h("span", { class: "kc-rating__glyph", "aria-hidden": "true" }, "★".repeat(rating.stars), "☆".repeat(5 - rating.stars)),
      " ",
      stars(rating.stars),
    ),
    rating.comment ? h("p", { class: "kc-rating-result__comment" }, rating.comment) : null,
  );
}
