// Node module hooks for the unit tests: the site's ES modules load from a virtual origin,
// http://kc.test/, mapped to docs/ (so import.meta.url, SITE_ROOT and same-origin checks behave as on
// the real site), and ../vendor/<name>.js from node_modules as overrides/hooks/vendor_modules.py
// serves them. Registered by setup.js.
import { readFile } from "node:fs/promises";

export const ORIGIN = "http://kc.test/";
const ROOT = new URL("../../", import.meta.url);
const DOCS = new URL("docs/", ROOT);
// The modules vendor_modules.py serves under assets/javascripts/vendor/: [file, UMD wrapped].
const VENDOR = {
  "lunr.js": ["lunr/lunr.min.js", true],
  "chartist.js": ["chartist/dist/index.js", false],
  "uqr.js": ["uqr/dist/index.mjs", false],
};
const UMD_HEAD = "const module = { exports: {} };\nconst exports = module.exports;\n";
const UMD_TAIL = "\nexport default module.exports;\n";

export async function resolve(specifier, context, nextResolve) {
  const base = context.parentURL?.startsWith(ORIGIN) ? context.parentURL : null;
  if (specifier.startsWith(ORIGIN) || (base && /^\.{1,2}\//.test(specifier))) {
    return { url: new URL(specifier, base ?? undefined).href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith(ORIGIN)) return nextLoad(url, context);
  const path = new URL(url).pathname.slice(1);
  const vendor = /^assets\/javascripts\/vendor\/([^/]+)$/.exec(path);
  let source;
  if (vendor) {
    const [file, umd] = VENDOR[vendor[1]];
    source = await readFile(new URL(`node_modules/${file}`, ROOT), "utf8");
    if (umd) source = UMD_HEAD + source + UMD_TAIL;
  } else {
    source = await readFile(new URL(path, DOCS), "utf8");
  }
  return { format: "module", source, shortCircuit: true };
}
