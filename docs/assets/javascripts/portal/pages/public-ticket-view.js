// Ticket ansehen (/support/ticket/ansehen/#token=…): the private link mailed after confirming a public
// ticket. Shows the thread and takes a reply. The token leaves the address bar at once; this tab keeps
// it (sessionStorage) so that a reload still works.

import { request, siteUrl } from "../api.js";
import { dateTime, focusElement, h, loadingText, notice, portalForm, retryNotice, textareaField } from "../ui.js";
import { MESSAGE_MAX, messageList, statusBadge } from "./ticket-common.js";

export const access = "any";

const TOKEN_KEY = "kc-ticket-view-token";

function takeToken() {
  const match = /^#token=([A-Za-z0-9_-]{16,128})$/.exec(location.hash);
  if (location.hash) history.replaceState(history.state, "", `${location.pathname}${location.search}`);
  try {
    if (match) sessionStorage.setItem(TOKEN_KEY, match[1]);
    return match ? match[1] : sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return match ? match[1] : null;
  }
}

function newFormLink() {
  return h("p", {}, h("a", { href: siteUrl("support/ticket/") }, "Ein neues Ticket schreiben"));
}

export async function mount(root, { signal }) {
  const token = takeToken();
  if (!token) {
    const message = notice("error");
    root.append(message.element, newFormLink());
    message.show(
      "Dieser Link ist unvollständig. Bitte öffnen Sie den Link aus unserer E-Mail vollständig oder kopieren Sie " +
        "ihn ganz in die Adresszeile Ihres Browsers. Sie können auch einfach auf unsere E-Mail antworten.",
    );
    return;
  }
  await load(root, token, signal);
}

async function load(root, token, signal, { flash = null } = {}) {
  if (!flash) root.replaceChildren(loadingText("Ihr Ticket wird geladen …"));
  let ticket;
  try {
    ticket = await request("POST", "/public/tickets/view", { body: { token }, signal });
  } catch (error) {
    if (error?.name === "AbortError") return;
    if (error.status === 0 || error.status >= 500) {
      const retry = retryNotice(error.message, () => load(root, token, signal));
      root.replaceChildren(retry);
      focusElement(retry);
      return;
    }
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // nothing stored
    }
    const message = notice("error");
    root.replaceChildren(message.element, newFormLink());
    message.show(`${error.message} Antworten Sie auf unsere letzte E-Mail oder schreiben Sie ein neues Ticket.`, { focus: true });
    return;
  }
  render(root, token, signal, ticket, flash);
}

function render(root, token, signal, ticket, flash) {
  const parts = [];
  if (flash) {
    const done = notice("success");
    done.show(flash);
    parts.push(done.element);
  }
  parts.push(
    h("h2", { id: "kc-public-ticket-heading", tabindex: "-1" }, ticket.subject),
    h(
      "dl",
      { class: "kc-ticket__meta" },
      h("div", {}, h("dt", {}, "Ticketnummer"), h("dd", {}, `#${ticket.id}`)),
      h("div", {}, h("dt", {}, "Status"), h("dd", {}, statusBadge(ticket.status))),
      h("div", {}, h("dt", {}, "Erstellt"), h("dd", {}, dateTime(ticket.created_at))),
    ),
    messageList(ticket.messages || []),
  );
  if (ticket.can_reply) {
    parts.push(replyForm(root, token, signal, ticket));
  } else {
    parts.push(
      h(
        "div",
        { class: "kc-notice kc-notice--info" },
        h("p", {}, "Dieses Ticket ist geschlossen und nimmt keine Antworten mehr an. Haben Sie ein neues Anliegen?"),
        newFormLink(),
      ),
    );
  }
  const section = h("section", { class: "kc-section kc-ticket", "aria-labelledby": "kc-public-ticket-heading" }, parts);
  root.replaceChildren(section);
  if (flash) focusElement(section.querySelector(".kc-notice"));
}

function replyForm(root, token, signal) {
  const text = textareaField({
    name: "text",
    label: "Ihre Antwort",
    rows: 6,
    maxlength: String(MESSAGE_MAX),
    required: true,
    hint: "Sie können auch einfach auf unsere E-Mail antworten.",
  });
  const { form } = portalForm({
    labelledBy: "kc-reply-heading",
    className: "kc-ticket__reply",
    submitLabel: "Antwort senden",
    head: h("h3", { id: "kc-reply-heading" }, "Antworten"),
    fields: [text],
    validate() {
      return text.value.trim() ? {} : { text: "Bitte schreiben Sie Ihre Antwort." };
    },
    async submit() {
      const ticket = await request("POST", "/public/tickets/view/messages", { body: { token, text: text.value }, signal });
      render(root, token, signal, ticket, "Ihre Antwort ist gesendet. Unser Support-Team meldet sich per E-Mail.");
    },
  });
  return form;
}
