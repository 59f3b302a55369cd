// The header on every page, help and portal alike (overrides/partials/header.html, loaded by main.html).
// A classic script without imports, so help pages stay light and load no portal code:
//
// - #kc-account: "Anmelden", or the button "Kundenbereich" with the customer's name and Kundennummer
//   and its menu (the portal's sections from mkdocs.yml extra.portal_nav and "Abmelden"): a disclosure
//   button (aria-expanded) that opens on click and, with a mouse, on hover; Escape closes it and returns
//   focus to the button. Portal pages hand the session to render() (portal/account.js); help pages ask
//   /api/session themselves, only when the non-secret hint in localStorage says a session may exist
//   (the session cookie is HttpOnly), so a visitor who never signed in causes no API call.
// - "Abmelden" anywhere: ends the session and opens Anmelden with a confirmation.
// - Material's search hotkeys (/, s, f, p, n …) never act on keys typed in the portal or the account
//   menu, nor on a portal page before the customer clicked or pressed Tab there.
// - On a phone the drawer opens on the top level with every section (navigation.sections and the
//   active tab would open it inside the current section).
// - The header's area name ("Hilfe-Center" or "Kundencenter") follows instant navigation.
(() => {
  if (window.kcHeader) return;

  const HINT_KEY = "kc-session-hint"; // "1" while a session may exist; never anything secret
  const FLASH_KEY = "kc-flash"; // read by the portal (api.js takeFlash)
  const MENU_ID = "kc-account-menu";
  const TEAM_PAGES = new Set(["team-login", "team"]); // they never show the customer's session
  const SIGNED_OUT_MESSAGE = "Sie wurden abgemeldet.";
  const SIGN_OUT_FAILED =
    "Die Abmeldung hat nicht geklappt. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.";

  // This file is assets/javascripts/kc-header.js: the site root is two folders up.
  const SITE_ROOT = new URL("../../", document.currentScript?.src || location.href);
  const SIGN_IN_URL = new URL("kundencenter/anmelden/", SITE_ROOT);
  const PORTAL_PATH = new URL("kundencenter/", SITE_ROOT).pathname;
  const API_BASE = (document.querySelector('meta[name="kc-api"]')?.getAttribute("content") || "/api").replace(
    /\/+$/,
    "",
  );

  function readSections() {
    try {
      const list = JSON.parse(document.getElementById("kc-portal-nav")?.textContent || "[]");
      return Array.isArray(list) ? list.filter((entry) => entry && entry.label) : [];
    } catch {
      return [];
    }
  }
  const sections = readSections();

  const box = document.getElementById("kc-account");
  const icon = box?.querySelector("svg")?.cloneNode(true) || null;

  function el(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      element.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      element.append(child instanceof Node ? child : String(child));
    }
    return element;
  }

  function accountIcon() {
    if (!icon) return null;
    const copy = icon.cloneNode(true);
    copy.setAttribute("aria-hidden", "true");
    copy.setAttribute("focusable", "false");
    return copy;
  }

  function hidden(text) {
    return el("span", { class: "kc-visually-hidden" }, text);
  }

  function setHint(on) {
    try {
      if (on) localStorage.setItem(HINT_KEY, "1");
      else localStorage.removeItem(HINT_KEY);
    } catch {
      // No storage (private mode): help pages then show "Anmelden"; the portal still knows the session.
    }
  }

  function hasHint() {
    try {
      return Boolean(localStorage.getItem(HINT_KEY));
    } catch {
      return false;
    }
  }

  /** The header no longer waits for a session check ("Anmelden" may show). */
  function settle() {
    delete document.documentElement.dataset.kcSession;
  }

  let customer = null;
  let menu = null; // { button, panel, error }
  let openedByHover = false;
  let closeTimer = 0;

  function isCurrent(path) {
    return location.pathname === new URL(path, SITE_ROOT).pathname;
  }

  function markCurrent() {
    if (!menu) return;
    for (const link of menu.panel.querySelectorAll("a[data-kc-path]")) {
      if (isCurrent(link.dataset.kcPath)) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  }

  /** Show the signed-in customer (the API's session summary) or "Anmelden" (null). */
  function render(summary) {
    if (!box) return;
    closeMenu();
    customer = summary || null;
    setHint(Boolean(customer));
    settle();
    if (!customer) {
      menu = null;
      const here = location.pathname === SIGN_IN_URL.pathname;
      box.replaceChildren(
        el(
          "a",
          { href: SIGN_IN_URL.href, class: "kc-account__link kc-account__signin", "aria-current": here ? "page" : null },
          accountIcon(),
          el("span", { class: "kc-account__label" }, "Anmelden"),
        ),
      );
      box.dataset.kcState = "signed-out";
      return;
    }
    const number = String(customer.customer_number || "");
    const name = customer.name || customer.company || `Kunde ${number}`;
    const button = el(
      "button",
      {
        type: "button",
        class: "kc-account__link kc-account__button",
        "aria-expanded": "false",
        "aria-controls": MENU_ID,
      },
      accountIcon(),
      el(
        "span",
        { class: "kc-account__label" },
        hidden("Kundenbereich: "),
        el("span", { class: "kc-account__name" }, name),
        el("span", { class: "kc-account__number" }, hidden(", "), `Kd.-Nr. ${number}`),
      ),
      el("span", { class: "kc-account__chevron", "aria-hidden": "true" }),
    );
    const error = el("p", { class: "kc-account__error", role: "alert" });
    const panel = el(
      "div",
      { class: "kc-account__menu", id: MENU_ID, hidden: true },
      el("p", { class: "kc-account__menu-title", id: `${MENU_ID}-title` }, "Kundenbereich"),
      el("p", { class: "kc-account__who" }, name, el("br"), `Kundennummer ${number}`),
      el(
        "ul",
        { class: "kc-account__sections", "aria-labelledby": `${MENU_ID}-title` },
        sections.map((entry) =>
          el(
            "li",
            {},
            el(
              "a",
              { href: new URL(entry.path, SITE_ROOT).href, class: "kc-account__section", "data-kc-path": entry.path },
              entry.label,
            ),
          ),
        ),
      ),
      el("button", { type: "button", class: "kc-account__logout", "data-kc-logout": true }, "Abmelden"),
      error,
    );
    box.replaceChildren(button, panel);
    box.dataset.kcState = "signed-in";
    menu = { button, panel, error };
    markCurrent();
  }

  // The menu: a disclosure (button + panel that follows it, so Tab walks from the button into the menu).

  function openMenu({ hover = false } = {}) {
    if (!menu) return;
    clearTimeout(closeTimer);
    openedByHover = hover;
    menu.panel.hidden = false;
    menu.button.setAttribute("aria-expanded", "true");
  }

  function closeMenu({ focus = false } = {}) {
    clearTimeout(closeTimer);
    openedByHover = false;
    if (!menu || menu.panel.hidden) return;
    menu.panel.hidden = true;
    menu.button.setAttribute("aria-expanded", "false");
    menu.error.replaceChildren();
    if (focus) menu.button.focus();
  }

  const hoverable = window.matchMedia?.("(hover: hover) and (pointer: fine)");

  if (box) {
    box.addEventListener("click", (event) => {
      if (!menu || !(event.target instanceof Element) || !menu.button.contains(event.target)) return;
      if (menu.panel.hidden) openMenu();
      else if (openedByHover) openedByHover = false; // opened by pointing at it: the click keeps it open
      else closeMenu();
    });
    box.addEventListener("keydown", (event) => {
      if (!menu) return;
      if (event.key === "Escape" && !menu.panel.hidden) {
        event.preventDefault();
        closeMenu({ focus: true });
      } else if (event.key === "ArrowDown" && event.target === menu.button) {
        event.preventDefault();
        openMenu();
        menu.panel.querySelector("a, button")?.focus();
      }
    });
    box.addEventListener("focusout", (event) => {
      if (event.relatedTarget instanceof Node && !box.contains(event.relatedTarget)) closeMenu();
    });
    box.addEventListener("mouseenter", () => {
      if (!menu || !hoverable?.matches) return;
      clearTimeout(closeTimer);
      if (menu.panel.hidden) openMenu({ hover: true });
    });
    box.addEventListener("mouseleave", () => {
      if (!menu || !openedByHover) return;
      closeTimer = setTimeout(() => {
        if (openedByHover && !box.contains(document.activeElement)) closeMenu();
      }, 300);
    });
    document.addEventListener(
      "pointerdown",
      (event) => {
        if (menu && !menu.panel.hidden && event.target instanceof Node && !box.contains(event.target)) closeMenu();
      },
      true,
    );
  }

  // Abmelden, on any page.

  function setFlash(message, tone) {
    try {
      sessionStorage.setItem(FLASH_KEY, JSON.stringify({ message, tone }));
    } catch {
      // The confirmation is a courtesy.
    }
  }

  async function signOut(button) {
    if (button.disabled) return;
    const label = button.textContent;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    button.textContent = "Wird abgemeldet …";
    menu?.error.replaceChildren();
    let message = null;
    try {
      const response = await fetch(`${API_BASE}/auth/logout`, {
        method: "POST",
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      });
      if (!response.ok && response.status !== 401) {
        const data = await response.json().catch(() => null);
        message = response.status < 500 && typeof data?.Message === "string" ? data.Message : SIGN_OUT_FAILED;
      }
    } catch {
      message = SIGN_OUT_FAILED;
    }
    if (message) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      button.textContent = label;
      if (menu) menu.error.textContent = message;
      button.focus();
      return;
    }
    setHint(false);
    setFlash(SIGNED_OUT_MESSAGE, "success");
    location.assign(SIGN_IN_URL.href);
  }

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-kc-logout]") : null;
    if (!button) return;
    event.preventDefault();
    signOut(button);
  });

  // The session on pages whose scripts do not ask for it (help pages, the team's pages).

  function portalAsksForSession() {
    const root = document.getElementById("kc-portal");
    return Boolean(root && !TEAM_PAGES.has(root.dataset.portalPage));
  }

  async function checkSession() {
    let response;
    try {
      response = await fetch(`${API_BASE}/session`, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      });
    } catch {
      settle(); // unknown: keep the hint, show "Anmelden"
      return;
    }
    if (response.ok) {
      const summary = await response.json().catch(() => null);
      if (summary) render(summary);
      else settle();
      return;
    }
    if (response.status === 401) {
      // A session that ended elsewhere says so once: keep the words for the next portal page.
      const data = await response.json().catch(() => null);
      if (data && /^Session(Ended|Expired)$/.test(data.Code || "") && data.Message) setFlash(data.Message, "info");
      render(null);
      return;
    }
    settle();
  }

  if (!portalAsksForSession()) {
    if (hasHint()) checkSession();
    else if (box) render(null);
  } else {
    // The portal's page module calls render(); should it never (its script failed), show "Anmelden".
    setTimeout(settle, 10000);
  }

  // Another tab signed in or out.
  window.addEventListener("storage", (event) => {
    if (event.key !== HINT_KEY && event.key !== null) return;
    if (!hasHint() && customer) render(null);
    else if (hasHint() && !customer && !portalAsksForSession()) checkSession();
  });

  // Material's search hotkeys, kept out of the portal.

  const HOTKEYS = new Set(["/", "s", "S", "f", "F", "p", ",", "n", "."]);
  let interacted = false;
  document.addEventListener(
    "pointerdown",
    () => {
      interacted = true;
    },
    true,
  );
  // Bubble phase on the document: after the portal's own handlers on the field, before Material's
  // handler on the window.
  document.addEventListener("keydown", (event) => {
    const searching = document.getElementById("__search")?.checked;
    const target = event.target instanceof Element ? event.target : null;
    if (event.key === "Tab") interacted = true;
    if (searching || !target) return;
    if (target.closest("#kc-portal, #kc-account")) {
      event.stopPropagation();
      return;
    }
    const portalPage = document.getElementById("kc-portal");
    if (!portalPage || interacted || !HOTKEYS.has(event.key)) return;
    if (target === document.body || target === document.documentElement || target.closest(".md-content")) {
      event.stopPropagation();
    }
  });

  // The drawer on a phone opens on the top level.

  const drawer = document.getElementById("__drawer");
  const narrow = window.matchMedia?.("(max-width: 76.234375em)");
  let closedToggles = [];
  drawer?.addEventListener("change", () => {
    if (drawer.checked && narrow?.matches) {
      closedToggles = [...document.querySelectorAll(".md-nav--primary .md-nav__toggle:checked")];
      for (const toggle of closedToggles) toggle.checked = false;
    } else if (!drawer.checked) {
      for (const toggle of closedToggles) if (toggle.isConnected) toggle.checked = true;
      closedToggles = [];
    }
  });

  // The closed search of a phone is a zero-sized layer: its field is no Tab stop until the search opens
  // (focus() still works, so the search button and the hotkeys open it as before).

  const searchToggle = document.getElementById("__search");
  const searchField = document.querySelector("[data-md-component=search-query]");
  const phone = window.matchMedia?.("(max-width: 59.984375em)");
  function syncSearchField() {
    if (!searchToggle || !searchField) return;
    if (phone?.matches && !searchToggle.checked) searchField.setAttribute("tabindex", "-1");
    else searchField.removeAttribute("tabindex");
  }
  searchToggle?.addEventListener("change", syncSearchField);
  phone?.addEventListener?.("change", syncSearchField);
  syncSearchField();

  // After every page switch (and once now): the area name, the menu's current entry, a fresh start.

  function pageShown() {
    const area = document.querySelector("[data-kc-area]");
    const inPortal = location.pathname.startsWith(PORTAL_PATH);
    if (area) area.textContent = inPortal ? "Kundencenter" : "Hilfe-Center";
    interacted = false;
    closeMenu();
    markCurrent();
    if (!customer && box?.dataset.kcState === "signed-out") {
      const link = box.querySelector(".kc-account__signin");
      if (link) {
        if (location.pathname === SIGN_IN_URL.pathname) link.setAttribute("aria-current", "page");
        else link.removeAttribute("aria-current");
      }
    }
  }

  const documents = window.document$;
  if (documents && typeof documents.subscribe === "function") documents.subscribe(pageShown);
  else pageShown();

  window.kcHeader = { render, settle, closeMenu, hasHint };
})();
