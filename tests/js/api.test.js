import assert from "node:assert/strict";
import { test } from "node:test";

import { siteModule, visit } from "./site.js";

visit("/kundencenter/anmelden/");
const api = await siteModule("assets/javascripts/portal/api.js");

test("the site's root and the portal's addresses follow the module's own address", () => {
  assert.equal(api.SITE_ROOT.href, "http://kc.test/");
  assert.equal(api.SIGN_IN_URL, "http://kc.test/kundencenter/anmelden/");
  assert.equal(api.OVERVIEW_URL, "http://kc.test/kundencenter/");
  assert.equal(api.siteUrl("support/ticket/"), "http://kc.test/support/ticket/");
  assert.equal(api.apiUrl("/invoices/2026-000123/pdf"), "/api/invoices/2026-000123/pdf");
});

test("safeNext keeps a page of the Kundencenter with its query and fragment", () => {
  assert.equal(api.safeNext("/kundencenter/rechnungen/"), "/kundencenter/rechnungen/");
  assert.equal(api.safeNext("/kundencenter/tickets/?ticket=T-1#antwort"), "/kundencenter/tickets/?ticket=T-1#antwort");
  assert.equal(api.safeNext("/kundencenter/"), "/kundencenter/");
});

test("safeNext refuses other sites, help pages, the sign-in page and anything not a path", () => {
  for (const value of [
    "https://evil.example/kundencenter/",
    "//evil.example/kundencenter/",
    "/\\evil.example/kundencenter/",
    "\\\\evil.example",
    "javascript:alert(1)",
    "kundencenter/rechnungen/",
    "/zugang/anmelden/",
    "/kundencenter/anmelden/",
    "/kundencenter/anmelden/?next=/kundencenter/",
    "/kundencenterx/",
    "",
    null,
    undefined,
    42,
  ]) {
    assert.equal(api.safeNext(value), null, String(value));
  }
});

test("a flash message is shown once", () => {
  api.setFlash("Sie wurden abgemeldet.", "info");
  assert.deepEqual(api.takeFlash(), { message: "Sie wurden abgemeldet.", tone: "info" });
  assert.equal(api.takeFlash(), null);
});

test("only a 401 for an ended session explains itself", () => {
  const ended = new api.ApiError({ status: 401, code: "SessionEnded", message: "Sie wurden abgemeldet, weil …" });
  const expired = new api.ApiError({ status: 401, code: "SessionExpired", message: "Abgelaufen." });
  const other = new api.ApiError({ status: 401, code: "NotSignedIn", message: "Bitte anmelden." });
  const forbidden = new api.ApiError({ status: 403, code: "SessionEnded", message: "Nein." });
  assert.equal(api.endedMessage(ended), "Sie wurden abgemeldet, weil …");
  assert.equal(api.endedMessage(expired), "Abgelaufen.");
  assert.equal(api.endedMessage(other), null);
  assert.equal(api.endedMessage(forbidden), null);
  assert.equal(api.endedMessage(new Error("x")), null);
});
