// The JSON API: same origin, cookies sent, one error type with a German message to show as is.

const API_BASE = (document.querySelector('meta[name="kc-api"]')?.getAttribute("content") || "/api").replace(
  /\/+$/,
  "",
);

/** The address of an API path for a link (downloads): apiUrl("/invoices/2026-000123/pdf"). */
export function apiUrl(path) {
  return `${API_BASE}${path}`;
}

/** Site root, derived from this file's address (assets/javascripts/portal/api.js). */
export const SITE_ROOT = new URL("../../../", import.meta.url);

export const NETWORK_MESSAGE =
  "Das Kundencenter ist gerade nicht erreichbar. Bitte prüfen Sie Ihre Internetverbindung und " +
  "versuchen Sie es erneut.";
export const SERVER_MESSAGE =
  "Im Kundencenter ist ein Fehler aufgetreten. Bitte versuchen Sie es in einigen Minuten erneut.";
export const UNREADABLE_MESSAGE =
  "Die Anfrage konnte nicht bearbeitet werden. Bitte laden Sie die Seite neu und versuchen Sie es erneut.";
export const SESSION_ENDED_MESSAGE = "Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.";

/** An absolute URL of a page of this site: siteUrl("kundencenter/anmelden/"). */
export function siteUrl(path = "") {
  return new URL(path, SITE_ROOT).href;
}

export const PORTAL_ROOT = new URL("kundencenter/", SITE_ROOT);
export const SIGN_IN_URL = siteUrl("kundencenter/anmelden/");
export const OVERVIEW_URL = PORTAL_ROOT.href;

export class ApiError extends Error {
  constructor({ status, code, message, fields = {}, retryAfter = null }) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfter = retryAfter;
    this.redirecting = false;
  }
}

/**
 * Call the API. `body` is sent as JSON. With `session: true` a 401 (the session ended) sends the
 * customer to Anmelden and back here afterwards; the error then has `redirecting` set. `headers` adds
 * request headers (e.g. Idempotency-Key). `keepalive: true` lets the request finish when the page is left
 * (a click counted while a link opens).
 * Resolves with the parsed JSON (null for an empty answer); rejects with ApiError or AbortError.
 */
export async function request(
  method,
  path,
  { body, signal, session = false, headers: extra = {}, keepalive = false } = {},
) {
  const headers = { ...extra, Accept: "application/json" };
  const init = { method, headers, credentials: "same-origin", cache: "no-store", signal, keepalive };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  let text;
  try {
    response = await fetch(`${API_BASE}${path}`, init);
    text = await response.text();
  } catch (error) {
    if (error?.name === "AbortError") throw error;
    throw new ApiError({ status: 0, code: "NetworkError", message: NETWORK_MESSAGE });
  }
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (response.ok && data !== undefined) return data;
  const error = new ApiError({
    status: response.status,
    code: data?.Code || `Http${response.status}`,
    message: errorMessage(response, data),
    fields: data?.Fields || {},
    retryAfter: Number(response.headers.get("Retry-After")) || null,
  });
  if (response.status === 401 && session) {
    error.redirecting = true;
    redirectToSignIn({ message: endedMessage(error) || SESSION_ENDED_MESSAGE });
  }
  throw error;
}

// 401 codes for a cookie whose session is over (the API says so once, then the cookie is gone):
// signed out on another device or by a password change, or timed out.
const ENDED_CODES = new Set(["SessionEnded", "SessionExpired"]);

/** The API's explanation when a session ended without this page (null for any other error). */
export function endedMessage(error) {
  return error instanceof ApiError && error.status === 401 && ENDED_CODES.has(error.code) ? error.message : null;
}

function errorMessage(response, data) {
  if (response.status >= 500) return SERVER_MESSAGE;
  if (response.ok || typeof data?.Message !== "string" || !data.Message) return UNREADABLE_MESSAGE;
  return data.Message;
}

export const api = {
  get: (path, options) => request("GET", path, options),
  post: (path, body, options) => request("POST", path, { ...options, body }),
  delete: (path, options) => request("DELETE", path, options),
};

let sessionEnd = null;

/**
 * The signed-in customer's summary, or null when nobody is signed in. When the session behind the
 * browser's cookie was ended elsewhere (or timed out), the API's message is kept for takeSessionEnd().
 */
export async function fetchSession({ signal } = {}) {
  try {
    return await api.get("/session", { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      sessionEnd = endedMessage(error) || sessionEnd;
      return null;
    }
    throw error;
  }
}

/** Why the last session of this browser ended ("Sie wurden abgemeldet, weil …"), once; null if unknown. */
export function takeSessionEnd() {
  const message = sessionEnd;
  sessionEnd = null;
  return message;
}

// Navigation helpers

const FLASH_KEY = "kc-flash";

/** A message for the next portal page this tab shows (e.g. "Sie wurden abgemeldet."). */
export function setFlash(message, tone = "success") {
  try {
    sessionStorage.setItem(FLASH_KEY, JSON.stringify({ message, tone }));
  } catch {
    // Storage unavailable (private mode): the message is a courtesy, the flow works without it.
  }
}

export function takeFlash() {
  try {
    const raw = sessionStorage.getItem(FLASH_KEY);
    sessionStorage.removeItem(FLASH_KEY);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

/** Go to Anmelden, coming back to the current page after signing in. */
export function redirectToSignIn({ message } = {}) {
  if (message) setFlash(message, "info");
  const url = new URL(SIGN_IN_URL);
  const here = `${location.pathname}${location.search}`;
  if (safeNext(here)) url.searchParams.set("next", here);
  location.replace(url.href);
}

/**
 * The `next` target if it is a page of the Kundencenter on this site (never another origin,
 * never the sign-in page itself); null otherwise.
 */
export function safeNext(value) {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\"))
    return null;
  let url;
  try {
    url = new URL(value, location.origin);
  } catch {
    return null;
  }
  if (url.origin !== location.origin || !url.pathname.startsWith(PORTAL_ROOT.pathname)) return null;
  if (url.pathname.startsWith(new URL(SIGN_IN_URL).pathname)) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
