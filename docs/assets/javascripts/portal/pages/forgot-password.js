// Passwort vergessen: a reset link by e-mail (the same answer whether or not the account exists).
// The input is checked for its form first (e-mail address or Kundennummer), and the confirmation
// repeats it, so a typo shows before the customer waits for a mail that cannot come.

import { api, siteUrl } from "../api.js";
import { focusElement, h, loginField, notice, parseLogin, portalForm, repeatLogin, supportHint } from "../ui.js";

export const access = "any";

export function mount(root) {
  const login = loginField();
  const links = h(
    "ul",
    { class: "kc-links" },
    h("li", {}, h("a", { href: siteUrl("kundencenter/anmelden/") }, "Zurück zur Anmeldung")),
    h(
      "li",
      {},
      h("a", { href: siteUrl("kundencenter/login-vergessen/") }, "Login vergessen?"),
      " Wir schicken Ihnen Ihre Kundennummer per E-Mail.",
    ),
  );

  const { form } = portalForm({
    label: "Link zum Zurücksetzen anfordern",
    submitLabel: "Link anfordern",
    fields: [login],
    validate() {
      const { problem } = parseLogin(login.value);
      return problem ? { login: problem } : {};
    },
    async submit() {
      const entered = parseLogin(login.value);
      const result = await api.post("/auth/password/forgot", { login: entered.value });
      const done = notice("success");
      form.replaceWith(done.element);
      const again = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Eingabe ändern");
      again.addEventListener("click", () => {
        done.element.replaceWith(form);
        login.focus();
      });
      done.show(result?.Message || "Wir haben Ihnen eine E-Mail geschickt.", {
        extra: [
          repeatLogin(entered),
          h(
            "p",
            {},
            "Der Link ist 30 Minuten gültig. Keine E-Mail erhalten? Prüfen Sie Ihre Eingabe und fordern Sie " +
              "den Link gegebenenfalls erneut an.",
          ),
          again,
          supportHint({ lead: "Kein Zugriff mehr auf das E-Mail-Postfach?" }),
        ],
      });
      focusElement(done.element);
    },
  });

  root.append(form, links);
}
