// Portal entry point: mounts the page module named by #kc-portal[data-portal-page].
//
// Material's instant navigation swaps pages without a reload and re-inserts this script, but a
// module is evaluated only once per document. So mounting follows Material's `document$`
// (a ReplaySubject that emits the current document after every page switch); without it (the
// theme's script failed or instant navigation is off) the page mounts once, when it is ready.

import {
  OVERVIEW_URL,
  SESSION_ENDED_MESSAGE,
  fetchSession,
  redirectToSignIn,
  safeNext,
  setFlash,
  takeFlash,
  takeSessionEnd,
} from "./api.js";
import { accountUnknown, renderAccount } from "./account.js";
import { focusElement, h, loadingText, notice, setSignedIn, supportHint } from "./ui.js";

const PAGES = {
  login: () => import("./pages/login.js"),
  "forgot-password": () => import("./pages/forgot-password.js"),
  "reset-password": () => import("./pages/reset-password.js"),
  "forgot-login": () => import("./pages/forgot-login.js"),
  overview: () => import("./pages/overview.js"),
  security: () => import("./pages/security.js"),
  "personal-data": () => import("./pages/personal-data.js"),
  contacts: () => import("./pages/contacts.js"),
  contract: () => import("./pages/contract.js"),
  invoices: () => import("./pages/invoices.js"),
  statistics: () => import("./pages/statistics.js"),
  tickets: () => import("./pages/tickets.js"),
  "public-ticket": () => import("./pages/public-ticket.js"),
  "public-ticket-confirm": () => import("./pages/public-ticket-confirm.js"),
  "public-ticket-view": () => import("./pages/public-ticket-view.js"),
  "confirm-email": () => import("./pages/confirm-email.js"),
  "confirm-contact": () => import("./pages/confirm-contact.js"),
  sso: () => import("./pages/sso.js"),
  "team-login": () => import("./pages/team-login.js"),
  team: () => import("./pages/team.js"),
};
// Pages of the support team: they ask for the staff session themselves, never for the customer's.
const TEAM_PAGES = new Set(["team-login", "team"]);

const RESET_TOKEN_KEY = "kc-reset-token";
// The path this document was loaded with: a mount elsewhere came by instant navigation.
const initialPath = new URL(performance.getEntriesByType?.("navigation")?.[0]?.name || location.href).pathname;
let mounted = null; // { root, controller }
let mountCount = 0;
let signedIn = false; // a page of this document had a session: a 401 now means it ended
let ssoToken = null; // the one-time link's token from unicorn 2, kept in memory only until its page uses it

/** Take the reset token out of the address (#token=...) at once, before anything can log or share it. */
function captureResetToken() {
  const match = /^#token=([A-Za-z0-9_-]{16,128})$/.exec(location.hash);
  if (!match) return;
  try {
    sessionStorage.setItem(RESET_TOKEN_KEY, match[1]);
  } catch {
    window.kcResetToken = match[1];
  }
  history.replaceState(history.state, "", `${location.pathname}${location.search}`);
}

/** The same for the one-time link from unicorn 2 (/kundencenter/sso/#token=...): held in memory only. */
function captureSsoToken() {
  const match = /^#token=([A-Za-z0-9_-]{16,128})$/.exec(location.hash);
  if (location.hash) history.replaceState(history.state, "", `${location.pathname}${location.search}`);
  if (match) ssoToken = match[1];
}

function takeSsoToken() {
  const token = ssoToken;
  ssoToken = null;
  return token;
}

async function mount() {
  const root = document.getElementById("kc-portal");
  if (root?.dataset.portalPage === "reset-password") captureResetToken();
  if (root?.dataset.portalPage === "sso") captureSsoToken();
  if (mounted && mounted.root === root) return; // the same page announced twice
  if (mounted) {
    mounted.controller.abort();
    mounted = null;
  }
  if (!root) return; // a help page: the header keeps what it shows
  const controller = new AbortController();
  mounted = { root, controller };
  mountCount += 1;
  const navigated = mountCount > 1 || location.pathname !== initialPath;
  const loader = PAGES[root.dataset.portalPage];
  const status = loadingText("Wird geladen …");
  root.replaceChildren(status);
  root.setAttribute("aria-busy", "true");
  if (!loader) {
    root.replaceChildren(h("p", { class: "kc-notice kc-notice--error" }, "Diese Seite gibt es nicht."));
    root.removeAttribute("aria-busy");
    return;
  }
  try {
    const team = TEAM_PAGES.has(root.dataset.portalPage);
    // Anmelden without the header's hint that a session may exist (never signed in on this browser, or
    // signed out): no session request, whose 401 would only put an error into the browser's console.
    const noSession = root.dataset.portalPage === "login" && window.kcHeader?.hasHint?.() === false;
    const [page, customer] = await Promise.all([
      loader(),
      team || noSession ? null : fetchSession({ signal: controller.signal }),
    ]);
    if (controller.signal.aborted) return;
    if (!team) renderAccount(customer);
    // A session ended on another device or by a password change: the API says so once (SessionEnded).
    const ended = team ? null : takeSessionEnd();
    if (page.access === "session" && !customer) {
      redirectToSignIn(ended || signedIn ? { message: ended || SESSION_ENDED_MESSAGE } : {});
      return;
    }
    if (ended) setFlash(ended, "info"); // shown right below, on Anmelden or any other open page
    signedIn = Boolean(customer);
    if (!team) setSignedIn(signedIn);
    if (page.access === "anonymous" && customer) {
      const next = new URLSearchParams(location.search).get("next");
      location.replace(safeNext(next) || OVERVIEW_URL);
      return;
    }
    const flash = takeFlash();
    root.replaceChildren();
    if (flash) {
      const message = notice(flash.tone === "info" ? "info" : "success");
      root.append(message.element);
      message.show(flash.message, { tone: flash.tone });
    }
    const focusBefore = document.activeElement;
    await page.mount(root, {
      customer,
      signal: controller.signal,
      resetTokenKey: RESET_TOKEN_KEY,
      takeSsoToken,
    });
    if (!controller.signal.aborted) focusAfterMount(root, { focusBefore, navigated });
  } catch (error) {
    if (error?.name === "AbortError" || controller.signal.aborted) return;
    showMountError(root, error);
  } finally {
    if (!controller.signal.aborted) root.removeAttribute("aria-busy");
  }
}

const FIELDS = "input:not([type=hidden]), select, textarea";

/** An element the customer can see and reach: shown, not disabled, not inside a closed or hidden part. */
function usable(element) {
  if (!(element instanceof HTMLElement) || element.disabled || element.closest("[hidden], [inert]")) return false;
  if (!element.getClientRects().length) return false;
  const style = getComputedStyle(element);
  return style.visibility !== "hidden" && style.display !== "none";
}

/**
 * After a page mounted: the first field of its first form gets the focus (so typing goes into the form,
 * never into Material's search hotkeys), unless the page moved the focus itself (an error notice, a
 * field it chose). A page reached by instant
 * navigation without a visible form focuses its heading, as a new page's start.
 */
function focusAfterMount(root, { focusBefore, navigated }) {
  const active = document.activeElement;
  if (active && active !== document.body && active !== focusBefore && active.isConnected) return;
  const field = [...root.querySelectorAll("form")]
    .map((form) => [...form.querySelectorAll(FIELDS)].find(usable))
    .find(Boolean);
  if (field) {
    // A field below the fold gets the focus without scrolling: the page keeps its top (intro text),
    // and the first key typed brings the field into view.
    field.focus({ preventScroll: field.getBoundingClientRect().top >= window.innerHeight });
    return;
  }
  if (navigated) focusElement(document.querySelector(".md-content h1"), { scroll: false });
}

function showMountError(root, error) {
  accountUnknown();
  const message = notice("error");
  const retry = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Erneut versuchen");
  retry.addEventListener("click", () => {
    mounted = null;
    mount();
  });
  root.replaceChildren(message.element);
  message.show(error?.message || "Die Seite konnte nicht geladen werden.", {
    extra: [retry, supportHint({ lead: "Klappt es auch dann nicht?" })],
  });
}

// "Abmelden" in the header is handled by assets/javascripts/kc-header.js, on every page.

// Back/forward cache: a restored page may show a state that has changed since (signed out,
// "Bitte warten …" of a finished sign-in): mount it afresh.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  mounted = null;
  mount();
});

const documents = window.document$;
if (documents && typeof documents.subscribe === "function") {
  documents.subscribe(() => {
    mount();
  });
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => mount(), { once: true });
} else {
  mount();
}
