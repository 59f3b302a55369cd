// Kundencenter aus unicorn 2 öffnen: the one-time link (/kundencenter/sso/#token=…, 60 seconds, single
// use) that the "Kundencenter" button of unicorn 2 opens. main.js takes the token out of the address
// before anything else runs; this page exchanges it for a session and goes on to the Übersicht. With
// two-factor sign-in the code is asked for first, as after the password.

import { OVERVIEW_URL, api, siteUrl } from "../api.js";
import { renderAccount } from "../account.js";
import { showSecondStep } from "../second-step.js";
import { h, loadingText, notice } from "../ui.js";

export const access = "any";

const NEXT_STEP =
  "Bitte öffnen Sie das Kundencenter erneut aus unicorn 2 oder melden Sie sich hier mit Ihrer " +
  "E-Mail-Adresse oder Kundennummer und Ihrem Passwort an.";
const INVALID = `Dieser Link ist ungültig, abgelaufen oder wurde bereits verwendet. ${NEXT_STEP}`;
const MISSING = `Dieser Link ist unvollständig. ${NEXT_STEP}`;
const CANCELLED = `Die Anmeldung wurde abgebrochen. ${NEXT_STEP}`;

export async function mount(root, { signal, takeSsoToken }) {
  const message = notice("error");
  const links = h(
    "ul",
    { class: "kc-links" },
    h("li", {}, h("a", { href: siteUrl("kundencenter/anmelden/") }, "Zur Anmeldung")),
    h("li", {}, h("a", { href: siteUrl("zugang/kundencenter-aufrufen/") }, "Hilfe: Kundencenter aufrufen")),
  );

  function fail(text) {
    root.replaceChildren(message.element, links);
    message.show(text, { tone: "error", focus: true });
  }

  const token = takeSsoToken();
  if (!token) {
    fail(MISSING);
    return;
  }

  const waiting = loadingText("Sie werden angemeldet …");
  root.replaceChildren(waiting);
  let result;
  try {
    result = await api.post("/auth/sso", { token }, { signal });
  } catch (error) {
    if (error?.name === "AbortError") return;
    // One answer for unknown, used and expired links; otherwise (too many attempts, no connection) the
    // API's own message. The link cannot be tried again either way: it may have been used up.
    fail(error.code === "InvalidSsoLink" ? INVALID : `${error.message} ${NEXT_STEP}`);
    return;
  }
  if (result.two_factor_required) {
    showSecondStep(root, {
      challenge: result.challenge,
      after: [links],
      signedIn,
      // with a reason: the challenge expired (5 minutes, 5 codes); without: "Abbrechen"
      restart: (reason) => fail(reason ? `Die Anmeldung ist abgelaufen. ${NEXT_STEP}` : CANCELLED),
    });
    return;
  }
  await signedIn(result);
}

async function signedIn(result) {
  renderAccount(result.customer);
  // replace: "Zurück" in the browser must not lead to this page and its used link again
  location.replace(OVERVIEW_URL);
  await new Promise(() => {}); // keep showing progress until the Übersicht loads
}
