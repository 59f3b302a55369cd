// Login vergessen: the Kundennummer by e-mail to the registered address.

import { api, siteUrl } from "../api.js";
import { field, focusElement, formController, h, notice } from "../ui.js";

export const access = "any";

export function mount(root) {
  const email = field({
    name: "email",
    label: "E-Mail-Adresse",
    type: "email",
    autocomplete: "email",
    autocapitalize: "none",
    spellcheck: "false",
    required: true,
  });
  const alert = notice("error");
  const button = h("button", { type: "submit", class: "kc-button" }, "Kundennummer zuschicken");
  const form = h(
    "form",
    { class: "kc-form", method: "post", action: "", "aria-label": "Kundennummer zuschicken" },
    alert.element,
    email.element,
    h("div", { class: "kc-form__actions" }, button),
  );
  const links = h(
    "ul",
    { class: "kc-links" },
    h("li", {}, h("a", { href: siteUrl("kundencenter/anmelden/") }, "Zurück zur Anmeldung")),
    h("li", {}, h("a", { href: siteUrl("kundencenter/passwort-vergessen/") }, "Passwort vergessen?")),
  );

  formController(form, {
    fields: [email],
    button,
    alert,
    validate() {
      const value = email.value.trim();
      if (!value) return { email: "Bitte geben Sie Ihre E-Mail-Adresse ein." };
      if (!/^[^\s@]+@[^\s@]+$/.test(value)) return { email: "Bitte geben Sie eine gültige E-Mail-Adresse ein." };
      return {};
    },
    async submit() {
      const result = await api.post("/auth/login/forgot", { email: email.value.trim() });
      const done = notice("success");
      form.replaceWith(done.element);
      done.show(result?.Message || "Wir haben Ihnen eine E-Mail geschickt.", {
        extra: h(
          "p",
          {},
          "Mit der Kundennummer oder Ihrer E-Mail-Adresse melden Sie sich an: ",
          h("a", { href: siteUrl("kundencenter/anmelden/") }, "Zur Anmeldung"),
        ),
      });
      focusElement(done.element);
    },
  });

  root.append(form, links);
}
