// Ticket ohne Anmeldung (/support/ticket/): the form for anyone with an e-mail address. The answer is
// the same whatever the address; the ticket starts only when the link mailed to it is opened.

import { api, siteUrl } from "../api.js";
import { field, focusElement, h, notice, portalForm, selectField, textareaField } from "../ui.js";
import { CATEGORY_LABELS, MESSAGE_MAX } from "./ticket-common.js";

export const access = "any";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function mount(root, { customer, signal }) {
  if (customer) {
    root.append(
      h(
        "div",
        { class: "kc-notice kc-notice--info" },
        h(
          "p",
          {},
          "Sie sind im Kundencenter angemeldet. Schneller geht es mit einem Ticket unter ",
          h("a", { href: siteUrl("kundencenter/tickets/?neu") }, "Tickets › Neues Ticket"),
          ": Es ist sofort Ihrem Kundenkonto zugeordnet, ohne Bestätigung per E-Mail.",
        ),
      ),
    );
  }
  const email = field({
    name: "email",
    label: "E-Mail-Adresse",
    type: "email",
    autocomplete: "email",
    autocapitalize: "none",
    spellcheck: "false",
    hint: "An diese Adresse schicken wir den Bestätigungslink und unsere Antworten.",
    required: true,
  });
  const name = field({ name: "name", label: "Name", autocomplete: "name", maxlength: "120", required: true });
  const customerNumber = field({
    name: "customer_number",
    label: "Kundennummer (freiwillig)",
    inputmode: "numeric",
    autocomplete: "off",
    maxlength: "10",
    hint: "Steht auf jeder Rechnung, zum Beispiel 100001. Lassen Sie das Feld leer, wenn Sie noch kein Kunde sind.",
  });
  const category = selectField({
    name: "category",
    label: "Kategorie (freiwillig)",
    options: [["", "Keine Angabe"], ...Object.entries(CATEGORY_LABELS)],
  });
  const subject = field({ name: "subject", label: "Betreff", autocomplete: "off", maxlength: "150", required: true });
  const suggestions = h("div", { class: "kc-ticket-suggestions" });
  const message = textareaField({
    name: "message",
    label: "Nachricht",
    rows: 8,
    maxlength: String(MESSAGE_MAX),
    required: true,
    hint: "Bitte keine Passwörter oder Bankdaten.",
  });
  const links = h(
    "ul",
    { class: "kc-links" },
    h(
      "li",
      {},
      "Sie haben Zugang zum Kundencenter? ",
      h("a", { href: siteUrl("kundencenter/anmelden/?next=%2Fkundencenter%2Ftickets%2F%3Fneu") }, "Anmelden und Ticket dort erstellen"),
    ),
    h("li", {}, h("a", { href: siteUrl("support/ticket-ohne-anmeldung/") }, "Hilfe: Ticket ohne Anmeldung")),
  );

  const { form } = portalForm({
    label: "Ticket ohne Anmeldung",
    className: "kc-ticket-form",
    submitLabel: "Ticket senden",
    fields: [email, name, customerNumber, category, subject, message],
    content: [
      email.element,
      name.element,
      customerNumber.element,
      category.element,
      subject.element,
      suggestions,
      message.element,
    ],
    validate() {
      const problems = {};
      const address = email.value.trim();
      if (!address) problems.email = "Bitte geben Sie Ihre E-Mail-Adresse ein.";
      else if (!EMAIL.test(address)) problems.email = "Bitte prüfen Sie die E-Mail-Adresse, zum Beispiel name@firma.de.";
      if (!name.value.trim()) problems.name = "Bitte geben Sie Ihren Namen ein.";
      const number = customerNumber.value.trim();
      if (number && !/^\d{4,10}$/.test(number))
        problems.customer_number = "Die Kundennummer besteht nur aus Ziffern, zum Beispiel 100001. Lassen Sie das Feld leer, wenn Sie sie nicht kennen.";
      const text = subject.value.trim();
      if (!text) problems.subject = "Bitte geben Sie einen Betreff ein.";
      else if (text.length < 3) problems.subject = "Der Betreff braucht mindestens 3 Zeichen.";
      if (!message.value.trim()) problems.message = "Bitte beschreiben Sie Ihr Anliegen in der Nachricht.";
      return problems;
    },
    async submit() {
      const address = email.value.trim();
      const body = { email: address, name: name.value.trim(), subject: subject.value.trim(), message: message.value };
      if (customerNumber.value.trim()) body.customer_number = customerNumber.value.trim();
      if (category.value) body.category = category.value;
      await api.post("/public/tickets", body);
      const done = notice("success");
      const again = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Eingaben ändern und erneut senden");
      again.addEventListener("click", () => {
        done.element.replaceWith(form);
        email.focus();
      });
      form.replaceWith(done.element);
      done.show(`Fast geschafft: Wir haben eine E-Mail an ${address} geschickt.`, {
        extra: [
          h(
            "p",
            {},
            "Klicken Sie auf den Link in dieser E-Mail, um Ihr Ticket zu bestätigen. Erst dann erreicht es unser " +
              "Support-Team. Keine E-Mail erhalten? Sehen Sie im Spam-Ordner nach und prüfen Sie die Adresse.",
          ),
          again,
        ],
      });
      focusElement(done.element);
    },
  });

  root.append(form, links);
  attachSuggestionBox(subject.input, suggestions, signal);
  email.focus();
}

/** The help suggestions under the subject, as on the signed-in form (suggest.js). */
async function attachSuggestionBox(input, container, signal) {
  try {
    const module = await import("../suggest.js");
    if (!signal?.aborted && typeof module.attachSuggestions === "function") {
      module.attachSuggestions(input, container, { signal });
    }
  } catch {
    // Without the module the form works as before, just without suggestions.
  }
}
