// Neues Passwort vergeben: with the token from the e-mail link (#token=..., taken out of the
// address by main.js and kept for this tab only until it is used). The link is checked as the page
// opens (POST /auth/password/reset/check), so an unknown, used or expired link says so before the
// customer types a password.

import { api, siteUrl } from "../api.js";
import { renderAccount } from "../account.js";
import {
  focusElement,
  h,
  loadingText,
  newPasswordFields,
  notice,
  portalForm,
  retryNotice,
  supportHint,
} from "../ui.js";

export const access = "any";

function readToken(key) {
  try {
    return sessionStorage.getItem(key) || window.kcResetToken || null;
  } catch {
    return window.kcResetToken || null;
  }
}

function forgetToken(key) {
  window.kcResetToken = undefined;
  try {
    sessionStorage.removeItem(key);
  } catch {
    // nothing stored
  }
}

function requestNewLink() {
  return h("a", { href: siteUrl("kundencenter/passwort-vergessen/") }, "Neuen Link anfordern");
}

function unusable(root, message, { focus = false } = {}) {
  const problem = notice("error");
  root.replaceChildren(problem.element);
  problem.show(message, { extra: [h("p", {}, requestNewLink()), supportHint()], focus });
}

export async function mount(root, { resetTokenKey, signal }) {
  const token = readToken(resetTokenKey);
  if (!token) {
    unusable(
      root,
      "Dieser Link ist unvollständig. Bitte öffnen Sie den Link aus unserer E-Mail noch einmal " +
        "vollständig oder fordern Sie einen neuen an.",
    );
    return;
  }
  const status = loadingText("Der Link wird geprüft …");
  root.append(status);
  try {
    await api.post("/auth/password/reset/check", { token }, { signal });
  } catch (error) {
    if (error?.name === "AbortError" || signal?.aborted) return;
    if (error?.code === "InvalidResetToken" || error?.fields?.token) {
      // The token stays in this tab: a reload says the same, not "unvollständig".
      unusable(root, error.code === "InvalidResetToken" ? error.message : "Dieser Link ist ungültig.");
      return;
    }
    // Not an answer about the link (offline, 429, 5xx): offer to check again.
    status.replaceWith(
      retryNotice(error?.message, () => {
        root.replaceChildren();
        mount(root, { resetTokenKey, signal });
      }),
    );
    return;
  }
  status.remove();
  showForm(root, { token, resetTokenKey });
}

function showForm(root, { token, resetTokenKey }) {
  const { password, repeat, rules } = newPasswordFields();

  function linkUnusable(message) {
    forgetToken(resetTokenKey);
    unusable(root, message, { focus: true });
  }

  const { form } = portalForm({
    label: "Neues Passwort vergeben",
    submitLabel: "Passwort speichern",
    fields: [password, repeat],
    content: [password.element, rules.element, repeat.element],
    validate: rules.validate,
    async submit() {
      await api.post("/auth/password/reset", { token, password: password.value });
      forgetToken(resetTokenKey);
      renderAccount(null); // the reset ended every session, this one too
      const done = notice("success");
      form.replaceWith(done.element);
      done.show("Ihr neues Passwort ist gespeichert. Aus Sicherheitsgründen wurden alle Anmeldungen beendet.", {
        extra: h("p", {}, h("a", { href: siteUrl("kundencenter/anmelden/"), class: "kc-button" }, "Zur Anmeldung")),
      });
      focusElement(done.element);
    },
    onError(error) {
      if (error.code === "InvalidResetToken" || error.fields?.token) {
        linkUnusable(error.code === "InvalidResetToken" ? error.message : "Dieser Link ist ungültig.");
        return true;
      }
      return false;
    },
  });

  root.append(form);
}
