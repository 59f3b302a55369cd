// The second sign-in step of an account with two-factor sign-in: the code from the authenticator app
// or a recovery code, answered to the challenge of the first step. Shared by Anmelden (after the
// password) and the page that opens the Kundencenter from unicorn 2 (after the one-time link).

import { api } from "./api.js";
import { codeField, formController, h, notice } from "./ui.js";

/**
 * Show the code form in `root` (followed by `after`, e.g. the page's links).
 * options: challenge; signedIn(result) once the code was right; restart(message) when the
 * challenge is void (expired, too many codes) and on "Abbrechen" (message undefined then).
 */
export function showSecondStep(root, { challenge, after = [], signedIn, restart }) {
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
  cancel.addEventListener("click", () => restart());

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
        restart(error.message);
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

  root.replaceChildren(secondForm, ...after);
  setMode(false);
}
