// Team: the support staff's start page. For now it shows who is signed in and "Abmelden";
// the ticket queue comes with the tickets.

import { api, setFlash, siteUrl } from "../api.js";
import { h, notice, setBusy } from "../ui.js";
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
    h(
      "p",
      { class: "kc-team__note" },
      "Die Warteschlange mit den Tickets der Kundinnen und Kunden kommt hier mit dem Ticket-System hinzu.",
    ),
  );
}
