// search-de-rules.js (the query rewriting of search-de.js and of the ticket form's suggestions)
// against the vectors of the Python hook overrides/hooks/search_de.py, written by
// tests/js/write_search_vectors.py (`make js-check` runs it first).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { siteModule } from "./site.js";

const VECTORS = new URL("generated/search-de-vectors.json", import.meta.url);
let vectors;
try {
  vectors = JSON.parse(readFileSync(VECTORS, "utf8"));
} catch (error) {
  throw new Error(`${VECTORS.pathname} fehlt: .venv/bin/python -m tests.js.write_search_vectors`, { cause: error });
}
const search = await siteModule("assets/javascripts/search-de-rules.js");
const rules = search.rulesFrom(vectors.data);

function differences(pairs, rewrite) {
  return pairs
    .map(([input, expected]) => [input, expected, rewrite(input)])
    .filter(([, expected, actual]) => actual !== expected)
    .map(([input, expected, actual]) => `${JSON.stringify(input)}: JS ${JSON.stringify(actual)}, Python ${JSON.stringify(expected)}`);
}

test("the vectors cover the query set and the prefixes typed on the way", () => {
  assert.ok(vectors.transform.length > 1000, vectors.transform.length);
  assert.ok(vectors.data.lexicon.length > 500, vectors.data.lexicon.length);
});

test("words fold as in Python (umlauts and their ASCII spellings alike)", () => {
  assert.deepEqual(differences(vectors.fold, (word) => search.fold(word, rules)).slice(0, 20), []);
});

test("words get the same search key as in Python (folded, one suffix cut)", () => {
  const keys = (word) => search.cutSuffix(search.fold(word, rules), rules);
  assert.deepEqual(differences(vectors.normalise, keys).slice(0, 20), []);
});

test("every query and prefix becomes the same lunr query as search_de.transform_query", () => {
  assert.deepEqual(differences(vectors.transform, (query) => search.transform(query, rules)).slice(0, 20), []);
});

test("the rules file is looked for next to the module", () => {
  assert.equal(search.DATA_URL.href, "http://kc.test/assets/javascripts/search-de-data.json");
});
