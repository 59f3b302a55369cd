// Team: the support staff's start page: who is signed in, "Abmelden", and switching off a customer's
// two-factor sign-in after checking who is asking. The ticket queue comes with the tickets.

import { api, setFlash, siteUrl } from "../api.js";
import { confirmDialog, field, formController, h, notice, setBusy } from "../ui.js";
import { fetchStaffSession } from "./team-login.js";

export const access = "team"; // main.js leaves the customer session alone on team pages

const TEAM_SIGN_IN_URL = siteUrl("kundencenter/team/anmelden/");

export async function mount(root, { signal } = {}) {
  const staff = await fetchStaffSession({ signal });
  if (!staff) {
    location.replace(TEAM_SIGN_IN_URL);
    return;
  }
  const alert = notice("error");
  const logout = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Abmelden");
  logout.addEventListener("click", async () => {
    const restore = setBusy(logout);
    try {
      await api.post("/team/auth/logout");
    } catch (error) {
      restore();
      alert.show(error.message, { focus: true });
      return;
    }
    setFlash("Sie wurden abgemeldet.", "success");
    location.assign(TEAM_SIGN_IN_URL);
  });
  root.append(
    alert.element,
    h(
      "p",
      { class: "kc-team__who" },
      "Angemeldet als ",
      h("strong", {}, staff.name),
      ` (${staff.email})`,
    ),
    h("div", { class: "kc-form__actions" }, logout),
    twoFactorSection(root),
    h(
      "p",
      { class: "kc-team__note" },
      "Die Warteschlange mit den Tickets der Kundinnen und Kunden kommt hier mit dem Ticket-System hinzu.",
    ),
  );
}

// A customer who lost the authenticator app and every recovery code: after the team checked who is
// asking (call back to the stored number, for example), two-factor sign-in goes off; the customer gets a mail.
function twoFactorSection(root) {
  const customerNumber = field({
    name: "customer_number",
    label: "Kundennummer",
    inputmode: "numeric",
    autocomplete: "off",
    maxlength: "6",
    required: true,
  });
  const reason = field({
    name: "reason",
    label: "Wie haben Sie geprüft, dass die Anfrage vom Kunden kommt?",
    hint: "Mindestens 10 Zeichen; erscheint nur im Protokoll des Dienstes, nicht beim Kunden.",
    autocomplete: "off",
    maxlength: "500",
    required: true,
  });
  const alert = notice("error");
  const done = notice("success");
  const button = h("button", { type: "submit", class: "kc-button kc-button--danger" }, "Zwei-Faktor-Anmeldung ausschalten");
  const headingId = "kc-team-two-factor";
  const form = h(
    "form",
    { class: "kc-form", method: "post", action: "", "aria-labelledby": headingId },
    alert.element,
    customerNumber.element,
    reason.element,
    h("div", { class: "kc-form__actions" }, button),
  );
  formController(form, {
    fields: [customerNumber, reason],
    button,
    alert,
    validate() {
      done.clear();
      const problems = {};
      if (!/^\d{6}$/.test(customerNumber.value.trim())) problems.customer_number = "Die Kundennummer hat 6 Ziffern.";
      if (reason.value.trim().length < 10) problems.reason = "Bitte beschreiben Sie die Prüfung in mindestens 10 Zeichen.";
      return problems;
    },
    async submit() {
      const number = customerNumber.value.trim();
      const confirmed = await confirmDialog({
        title: "Zwei-Faktor-Anmeldung ausschalten?",
        text: `Kunde ${number} meldet sich danach nur mit dem Passwort an und erhält darüber eine E-Mail.`,
        confirmLabel: "Ausschalten",
        container: root,
      });
      if (!confirmed) return;
      await api.post(`/team/customers/${number}/two-factor/disable`, { reason: reason.value.trim() });
      form.reset();
      done.show(`Die Zwei-Faktor-Anmeldung von Kunde ${number} ist ausgeschaltet. Die E-Mail darüber geht an seine Login-Adresse.`, {
        focus: true,
      });
    },
  });
  return h(
    "section",
    { class: "kc-team__section" },
    h("h2", { id: headingId }, "Zwei-Faktor-Anmeldung eines Kunden ausschalten"),
    h(
      "p",
      {},
      "Nur wenn der Kunde weder seine Authenticator-App noch einen Wiederherstellungscode hat und Sie geprüft " +
        "haben, dass die Anfrage von ihm kommt.",
    ),
    done.element,
    form,
  );
}
