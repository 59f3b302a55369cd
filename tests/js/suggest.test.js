// The ranking of portal/suggest.js (help suggestions under a ticket's subject) on a small index
// (tests/js/suggest-index.json) as the build writes it, with the hidden fields and the search rules of
// the Python hook (both in tests/js/generated/search-de-vectors.json, from write_search_vectors.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { ORIGIN, siteModule } from "./site.js";

const vectors = JSON.parse(readFileSync(new URL("generated/search-de-vectors.json", import.meta.url), "utf8"));
const INDEX = vectors.suggest_index; // tests/js/suggest-index.json with the hook's hidden fields
const requested = [];
globalThis.fetch = async (url) => {
  const href = String(url);
  requested.push(href);
  const body = {
    [`${ORIGIN}search/search_index.json`]: INDEX,
    [`${ORIGIN}assets/javascripts/search-de-data.json`]: vectors.data,
  }[href];
  return body ? new Response(JSON.stringify(body)) : new Response("", { status: 404 });
};
const { suggest, MAX_SUGGESTIONS } = await siteModule("assets/javascripts/portal/suggest.js");
const paths = async (query, options) => (await suggest(query, options)).map((article) => article.path);

test("the article itself ranks above a section of another; each article once", async () => {
  const found = await paths("Rechnungen");
  assert.equal(found[0], "rechnungen/rechnungen-finden/");
  assert.equal(new Set(found).size, found.length);
  assert.ok(found.length <= MAX_SUGGESTIONS);
});

test("only help articles: no portal page, tag list or home page", async () => {
  const found = await paths("Rechnungen", { limit: 10 });
  assert.deepEqual(found.filter((path) => /^(kundencenter\/|tags\/|$)/.test(path)), []);
  assert.ok(found.includes("vertragsdaten/vertrag-kuendigen/"), found);
});

test("umlauts typed either way and inflected forms find the same article", async () => {
  for (const query of ["Kündigung", "kuendigung", "Vertrag kündigen", "kündigen"])
    assert.equal((await paths(query))[0], "vertragsdaten/vertrag-kuendigen/", query);
});

test("a subject is no search syntax", async () => {
  assert.deepEqual(await paths("AW: Passwort +vergessen"), await paths("AW Passwort vergessen"));
  assert.equal((await paths("AW: Passwort +vergessen"))[0], "zugang/passwort-vergessen/");
  assert.deepEqual(await paths("-Rechnung"), await paths("Rechnung"));
});

test("short input and words no article has suggest nothing", async () => {
  assert.deepEqual(await suggest("Re"), []);
  assert.deepEqual(await suggest("   "), []);
  assert.deepEqual(await suggest("Xylophonunterricht"), []);
});

test("a summary is plain text of at most 140 characters, cut at a word", async () => {
  const [first] = await suggest("Rechnungen finden");
  assert.equal(first.title, "Rechnungen finden");
  assert.ok(first.summary.length <= 142, first.summary);
  assert.match(first.summary, /^Ihre Rechnungen finden Sie .* …$/);
  assert.doesNotMatch(first.summary, /[<>]/);
});

test("index and rules are loaded once", async () => {
  await suggest("Rechnung");
  await suggest("Passwort");
  assert.equal(requested.filter((url) => url.endsWith("search_index.json")).length, 1);
  assert.equal(requested.filter((url) => url.endsWith("search-de-data.json")).length, 1);
});
