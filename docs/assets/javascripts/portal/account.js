// The account element in the header (#kc-account, from overrides/partials/header.html):
// "Anmelden" when nobody is signed in, otherwise the customer's name and number and "Abmelden".
// Instant navigation keeps the header, so what is rendered here stays on help pages too.

import { OVERVIEW_URL, SIGN_IN_URL, api, setFlash } from "./api.js";
import { h, hiddenText, setBusy } from "./ui.js";

let icon = null;

function accountIcon(box) {
  if (!icon) icon = box.querySelector("svg")?.cloneNode(true) || null;
  if (!icon) return null;
  const copy = icon.cloneNode(true);
  copy.setAttribute("aria-hidden", "true");
  copy.setAttribute("focusable", "false");
  return copy;
}

/** Show the signed-in customer (summary from the API) or the "Anmelden" link (null). */
export function renderAccount(customer) {
  const box = document.getElementById("kc-account");
  if (!box) return;
  const svg = accountIcon(box);
  if (customer) {
    const name = customer.name || customer.company || `Kunde ${customer.customer_number}`;
    box.replaceChildren(
      h(
        "a",
        { href: OVERVIEW_URL, class: "kc-account__link kc-account__link--customer", title: "Zur Übersicht" },
        svg,
        h(
          "span",
          { class: "kc-account__label" },
          h("span", { class: "kc-account__name" }, name),
          h(
            "span",
            { class: "kc-account__number" },
            hiddenText(", "),
            `Kd.-Nr. ${customer.customer_number}`,
          ),
        ),
      ),
      h("button", { type: "button", class: "kc-account__logout", "data-kc-logout": true }, "Abmelden"),
    );
    box.dataset.kcState = "signed-in";
  } else {
    const here = location.pathname === new URL(SIGN_IN_URL).pathname;
    box.replaceChildren(
      h(
        "a",
        { href: SIGN_IN_URL, class: "kc-account__link", "aria-current": here ? "page" : null },
        svg,
        h("span", { class: "kc-account__label" }, "Anmelden"),
      ),
    );
    box.dataset.kcState = "signed-out";
  }
}

/** Sign out and show Anmelden with a confirmation (a full load: nothing of the session stays). */
export async function signOut(button, { onError } = {}) {
  const restore = button ? setBusy(button) : () => {};
  try {
    await api.post("/auth/logout");
  } catch (error) {
    restore();
    if (onError) onError(error);
    return;
  }
  setFlash("Sie wurden abgemeldet.", "success");
  location.assign(SIGN_IN_URL);
}
