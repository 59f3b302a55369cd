// Anmelden: e-mail address or Kundennummer and password; for an account with two-factor sign-in a
// second step asks for the code from the authenticator app (or a recovery code).

import { OVERVIEW_URL, api, safeNext, siteUrl } from "../api.js";
import { renderAccount } from "../account.js";
import { codeField, field, formController, h, loginField, notice } from "../ui.js";

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
  const alert = notice("error");
  const button = h("button", { type: "submit", class: "kc-button" }, "Anmelden");
  const form = h(
    "form",
    { class: "kc-form", method: "post", action: "", "aria-label": "Anmelden" },
    alert.element,
    login.element,
    password.element,
    h("div", { class: "kc-form__actions" }, button),
  );
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

  formController(form, {
    fields: [login, password],
    button,
    alert,
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
      if (error.status === 401 || error.status === 429) {
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
    let recovery = false;
    const code = codeField();
    const label = code.element.querySelector("label");
    const hint = code.element.querySelector(".kc-field__hint");
    const stepAlert = notice("error");
    const confirm = h("button", { type: "submit", class: "kc-button" }, "Bestätigen");
    // A button that looks like a link: it changes the field, it does not navigate (and so never reaches
    // Material's instant navigation, which would mount the page afresh).
    const switchMode = h("button", { type: "button", class: "kc-two-factor__switch" }, "");
    const cancel = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Abbrechen");
    const secondForm = h(
      "form",
      { class: "kc-form", method: "post", action: "", "aria-label": "Bestätigungscode eingeben" },
      h(
        "p",
        {},
        "Ihr Konto ist mit der Zwei-Faktor-Anmeldung geschützt. Geben Sie den Code aus Ihrer " +
          "Authenticator-App ein.",
      ),
      stepAlert.element,
      code.element,
      h("p", {}, switchMode),
      h("div", { class: "kc-form__actions" }, confirm, cancel),
    );

    function setMode(useRecovery) {
      recovery = useRecovery;
      code.input.value = "";
      code.setError(null);
      label.textContent = recovery ? "Wiederherstellungscode" : "Bestätigungscode";
      if (hint)
        hint.textContent = recovery
          ? "Einer Ihrer Wiederherstellungscodes, zum Beispiel abcd-efgh-ijkm. Jeder Code gilt nur einmal."
          : "Der 6-stellige Code aus Ihrer Authenticator-App.";
      code.input.setAttribute("inputmode", recovery ? "text" : "numeric");
      code.input.setAttribute("maxlength", recovery ? "32" : "7");
      if (recovery) {
        code.input.removeAttribute("pattern");
        code.input.setAttribute("autocomplete", "off");
        code.input.setAttribute("autocapitalize", "none");
        code.input.setAttribute("spellcheck", "false");
      } else {
        code.input.setAttribute("pattern", "[0-9 ]*");
        code.input.setAttribute("autocomplete", "one-time-code");
      }
      switchMode.textContent = recovery ? "Code aus der App verwenden" : "Wiederherstellungscode verwenden";
      code.focus();
    }

    switchMode.addEventListener("click", () => setMode(!recovery));
    cancel.addEventListener("click", () => showFirstStep());

    formController(secondForm, {
      fields: [code],
      button: confirm,
      alert: stepAlert,
      validate() {
        if (code.value.trim()) return {};
        return {
          code: recovery
            ? "Bitte geben Sie einen Wiederherstellungscode ein."
            : "Bitte geben Sie den Code aus Ihrer App ein.",
        };
      },
      async submit() {
        const value = recovery ? code.value.trim() : code.value.replace(/\s+/g, "");
        const result = await api.post("/auth/login/two-factor", { challenge, code: value });
        await signedIn(result);
      },
      onError(error) {
        if (error.code === "TwoFactorChallengeExpired") {
          showFirstStep(error.message);
          return true;
        }
        if (error.status === 401 || error.status === 429) {
          code.input.value = "";
          code.setError(error.message);
          code.focus();
          return true;
        }
        return false;
      },
    });

    root.replaceChildren(secondForm, links);
    setMode(false);
  }

  root.append(form, links);
}

async function signedIn(result) {
  renderAccount(result.customer);
  const next = safeNext(new URLSearchParams(location.search).get("next"));
  location.assign(next || OVERVIEW_URL);
  await new Promise(() => {}); // keep "Bitte warten …" until the next page shows
}
