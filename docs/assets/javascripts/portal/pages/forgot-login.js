// Login vergessen: the Kundennummer by e-mail to the registered address.

import { api, siteUrl } from "../api.js";
import { field, focusElement, h, notice, portalForm, repeatLogin, supportHint } from "../ui.js";

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
  const links = h(
    "ul",
    { class: "kc-links" },
    h("li", {}, h("a", { href: siteUrl("kundencenter/anmelden/") }, "Zurück zur Anmeldung")),
    h("li", {}, h("a", { href: siteUrl("kundencenter/passwort-vergessen/") }, "Passwort vergessen?")),
    h("li", {}, supportHint({ lead: "Kein Zugriff mehr auf das E-Mail-Postfach Ihres Kundenkontos?" })),
  );

  const { form } = portalForm({
    label: "Kundennummer zuschicken",
    submitLabel: "Kundennummer zuschicken",
    fields: [email],
    validate() {
      const value = email.value.trim();
      if (!value) return { email: "Bitte geben Sie Ihre E-Mail-Adresse ein." };
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))
        return { email: "Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@firma.de." };
      return {};
    },
    async submit() {
      const value = email.value.trim();
      const result = await api.post("/auth/login/forgot", { email: value });
      const done = notice("success");
      form.replaceWith(done.element);
      const again = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Eingabe ändern");
      again.addEventListener("click", () => {
        done.element.replaceWith(form);
        email.focus();
      });
      done.show(result?.Message || "Wir haben Ihnen eine E-Mail geschickt.", {
        extra: [
          repeatLogin({ kind: "email", value }),
          h(
            "p",
            {},
            "Mit der Kundennummer oder Ihrer E-Mail-Adresse melden Sie sich an: ",
            h("a", { href: siteUrl("kundencenter/anmelden/") }, "Zur Anmeldung"),
          ),
          again,
          supportHint({ lead: "Keine E-Mail erhalten oder kein Zugriff mehr auf dieses Postfach?" }),
        ],
      });
      focusElement(done.element);
    },
  });

  root.append(form, links);
}
