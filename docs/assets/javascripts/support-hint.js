/*
 * Never a dead end on help pages:
 * - an empty search result ("Keine Suchergebnisse") gets the way to the support under it: the ticket
 *   form (in the Kundencenter or without signing in) and the support's phone, e-mail and hours, read from
 *   <script type="application/json" id="kc-support"> (overrides/main.html, from mkdocs.yml extra.support);
 * - a button with data-kc-open-search (the 404 page) opens Material's search, as on the home page.
 * Material's search stays as it is; this only watches its result element.
 */
(function () {
  "use strict";

  if (window.kcSupportHint) return;
  window.kcSupportHint = true;

  var SITE_ROOT = new URL("../../", document.currentScript ? document.currentScript.src : location.href);

  function contact() {
    try {
      var element = document.getElementById("kc-support");
      var data = JSON.parse((element && element.textContent) || "{}") || {};
      return { phone: String(data.phone || ""), email: String(data.email || ""), hours: String(data.hours || "") };
    } catch {
      return { phone: "", email: "", hours: "" };
    }
  }

  function link(href, text) {
    var element = document.createElement("a");
    element.href = href;
    element.textContent = text;
    return element;
  }

  function telHref(phone) {
    return "tel:" + phone.replace(/[^+\d]/g, "");
  }

  /* "Nichts Passendes gefunden? Schreiben Sie uns ein Ticket ..." as a paragraph (text nodes only). */
  function hint() {
    var support = contact();
    var box = document.createElement("div");
    box.className = "kc-search-support";
    box.setAttribute("data-kc-search-support", "");
    var p = document.createElement("p");
    p.append(
      "Nichts Passendes gefunden? Schreiben Sie uns ein Ticket: ",
      link(new URL("kundencenter/tickets/?neu", SITE_ROOT).href, "im Kundencenter"),
      " oder ",
      link(new URL("support/ticket/", SITE_ROOT).href, "ohne Anmeldung"),
      "."
    );
    box.append(p);
    if (support.phone || support.email) {
      var reach = document.createElement("p");
      reach.append("Sie erreichen unseren Support auch");
      if (support.phone) reach.append(" telefonisch unter ", link(telHref(support.phone), support.phone));
      if (support.email) {
        reach.append(support.phone ? " und" : "", " per E-Mail an ", link("mailto:" + support.email, support.email));
      }
      reach.append(support.hours ? " (Servicezeiten: " + support.hours + ")." : ".");
      box.append(reach);
    }
    return box;
  }

  /* Show the hint while a query is typed and the list of results is empty (after the worker answered). */
  function update(result) {
    var input = document.querySelector('[data-md-component="search-query"]');
    var list = result.querySelector(".md-search-result__list");
    var meta = result.querySelector(".md-search-result__meta");
    var existing = result.querySelector("[data-kc-search-support]");
    var empty =
      input && input.value.trim() !== "" && list && list.children.length === 0 &&
      meta && /keine/i.test(meta.textContent || "");
    if (empty && !existing) meta.after(hint());
    if (!empty && existing) existing.remove();
  }

  function watchSearch() {
    var result = document.querySelector('[data-md-component="search-result"]');
    if (!result || result.kcWatched) return;
    result.kcWatched = true;
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        update(result);
      });
    }).observe(result, { childList: true, subtree: true, characterData: true });
  }

  /* The 404 page's search button (the home page has its own script for the same markup). */
  var opener = null;
  function toggle() {
    return document.querySelector('[data-md-toggle="search"]');
  }
  document.addEventListener("click", function (event) {
    if (window.kcHomeSearch) return;
    var button = event.target instanceof Element && event.target.closest("[data-kc-open-search]");
    var input = document.querySelector('[data-md-component="search-query"]');
    if (!button || !toggle() || !input) return;
    opener = button;
    if (!toggle().checked) toggle().click();
    input.focus();
  });
  document.addEventListener("change", function (event) {
    if (window.kcHomeSearch || event.target !== toggle()) return;
    if (!event.target.checked && opener && opener.isConnected) opener.focus();
    if (!event.target.checked) opener = null;
  });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(watchSearch);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watchSearch);
  } else {
    watchSearch();
  }
})();
