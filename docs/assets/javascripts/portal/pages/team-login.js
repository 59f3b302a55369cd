// Team-Anmeldung: support staff sign in with e-mail address, password and the 6-digit code of their
// authenticator app. Staff have their own session (cookie kc_team); the customer's is never asked for.

import { ApiError, api, siteUrl } from "../api.js";
import { field, portalForm } from "../ui.js";

export const access = "team"; // main.js leaves the customer session alone on team pages

export const TEAM_URL = siteUrl("kundencenter/team/");

/** The signed-in staff member ({ email, name }), or null. */
export async function fetchStaffSession({ signal } = {}) {
  try {
    return await api.get("/team/session", { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function mount(root, { signal } = {}) {
  if (await fetchStaffSession({ signal })) {
    location.replace(TEAM_URL);
    return;
  }
  const email = field({
    name: "email",
    label: "E-Mail-Adresse",
    type: "email",
    autocomplete: "username",
    autocapitalize: "none",
    spellcheck: "false",
    required: true,
  });
  const password = field({
    name: "password",
    label: "Passwort",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const code = field({
    name: "code",
    label: "Code aus der Authenticator-App",
    hint: "6 Ziffern; jeder Code gilt nur einmal.",
    autocomplete: "one-time-code",
    inputmode: "numeric",
    maxlength: "7",
    required: true,
  });

  const typedCode = () => code.value.replace(/\s+/g, "");

  const { form, alert } = portalForm({
    label: "Team-Anmeldung",
    submitLabel: "Anmelden",
    fields: [email, password, code],
    validate() {
      const problems = {};
      if (!email.value.trim()) problems.email = "Bitte geben Sie Ihre E-Mail-Adresse ein.";
      if (!password.value) problems.password = "Bitte geben Sie Ihr Passwort ein.";
      if (!typedCode()) problems.code = "Bitte geben Sie den Code aus Ihrer Authenticator-App ein.";
      else if (!/^\d{6}$/.test(typedCode())) problems.code = "Der Code besteht aus 6 Ziffern.";
      return problems;
    },
    async submit() {
      await api.post("/team/auth/login", {
        email: email.value.trim(),
        password: password.value,
        code: typedCode(),
      });
      location.assign(TEAM_URL);
      await new Promise(() => {}); // keep "Bitte warten …" until the next page shows
    },
    onError(error) {
      if (error.status === 401 || error.status === 429) {
        password.input.value = "";
        code.input.value = "";
        alert.show(error.message, { focus: true });
        return true;
      }
      return false;
    },
  });

  root.append(form);
}
