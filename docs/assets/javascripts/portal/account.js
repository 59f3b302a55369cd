// The account element in the header (#kc-account): rendered by assets/javascripts/kc-header.js, which
// every page loads (help pages too, without portal code). Portal pages hand it the session they fetched:
// the customer's summary shows the button "Kundenbereich" (name, Kundennummer, menu with "Abmelden"),
// null shows "Anmelden". Instant navigation keeps the header, so this stays on help pages as well.

/** Show the signed-in customer (summary from the API) or the "Anmelden" link (null). */
export function renderAccount(customer) {
  window.kcHeader?.render(customer || null);
}

/** The session's state is unknown (the API did not answer): the header stops waiting for it. */
export function accountUnknown() {
  window.kcHeader?.settle();
}
