// Imports of the site's modules in the unit tests, from the virtual origin of site-loader.js.
export const ORIGIN = "http://kc.test/";

/** The ES module docs/<path> as the site serves it: siteModule("assets/javascripts/portal/api.js"). */
export function siteModule(path) {
  return import(new URL(path, ORIGIN).href);
}

/** Pretend the browser shows `path` of the site (location.pathname, .search, .origin …). */
export function visit(path) {
  globalThis.location = new URL(path, ORIGIN);
}
