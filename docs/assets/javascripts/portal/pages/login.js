// Anmelden: e-mail address or Kundennummer and password; for an account with two-factor sign-in a
// second step asks for the code from the authenticator app (or a recovery code).

import { OVERVIEW_URL, api, safeNext, siteUrl } from "../api.js";
import { renderAccount } from "../account.js";
import { showSecondStep as secondStep } from "../second-step.js";
import { field, h, loginField, portalForm, supportHint } from "../ui.js";

export const access = "anonymous";

export function mount(root) {
  const login = loginField();
  const password = field({
    name: "password",
    label: "Passwort",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const links = h(
    "ul",
    { class: "kc-links" },
    h("li", {}, h("a", { href: siteUrl("kundencenter/passwort-vergessen/") }, "Passwort vergessen?")),
    h(
      "li",
      {},
      h("a", { href: siteUrl("kundencenter/login-vergessen/") }, "Login vergessen?"),
      " Wir schicken Ihnen Ihre Kundennummer per E-Mail.",
    ),
  );

  const { form, alert } = portalForm({
    label: "Anmelden",
    submitLabel: "Anmelden",
    fields: [login, password],
    validate() {
      const problems = {};
      if (!login.value.trim()) problems.login = "Bitte geben Sie Ihre E-Mail-Adresse oder Kundennummer ein.";
      if (!password.value) problems.password = "Bitte geben Sie Ihr Passwort ein.";
      return problems;
    },
    async submit() {
      const result = await api.post("/auth/login", { login: login.value.trim(), password: password.value });
      if (result.two_factor_required) {
        password.input.value = "";
        showSecondStep(result.challenge);
        return;
      }
      await signedIn(result);
    },
    onError(error) {
      if (error.status === 429) {
        // Too many attempts: the way out is a new password, not another guess.
        password.input.value = "";
        alert.show(error.message, {
          focus: true,
          extra: [
            h(
              "p",
              {},
              "Haben Sie Ihr Passwort vergessen? Über ",
              h("a", { href: siteUrl("kundencenter/passwort-vergessen/") }, "Passwort vergessen"),
              " vergeben Sie mit einem Link per E-Mail sofort ein neues.",
            ),
            supportHint(),
          ],
        });
        return true;
      }
      if (error.status === 401) {
        password.input.value = "";
        alert.show(error.message, { focus: true });
        return true;
      }
      return false;
    },
  });

  function showFirstStep(message) {
    root.replaceChildren(form, links);
    if (message) alert.show(message, { focus: true });
    else login.focus();
  }

  function showSecondStep(challenge) {
    secondStep(root, { challenge, after: [links], signedIn, restart: showFirstStep });
  }

  root.append(form, links);
}

async function signedIn(result) {
  renderAccount(result.customer);
  const next = safeNext(new URLSearchParams(location.search).get("next"));
  location.assign(next || OVERVIEW_URL);
  await new Promise(() => {}); // keep "Bitte warten …" until the next page shows
}
