// Help suggestions while a customer types a ticket subject: "Vielleicht hilft Ihnen das:".
//
// attachSuggestions(input, container, { signal }) shows up to three help articles under the field,
// found in the site's own search index (search/search_index.json, loaded on the first keystroke,
// once) the way the help search finds them: the query rewritten by the same function
// (search-de-rules.js: umlauts folded, inflections cut, compounds split, typos allowed; the index
// carries the matching keys in title_de/text_de, written by overrides/hooks/search_de.py) and
// ranked by lunr (vendored, the version Material's search worker bundles) with the index's own
// fields, boosts and Material's ranking rules, then one entry per article. Links open in a new
// tab, so the started ticket stays; a click is counted as a deflection (POST /api/help/deflections).
// bench/ticket_suggestions.py measures how often the right article is among the three.
//
// Its styles are the "Help suggestions" block at the end of assets/stylesheets/portal.css.

import lunr from "../vendor/lunr.js";
import { loadRules, transform } from "../search-de-rules.js";
import { api, SITE_ROOT } from "./api.js";

export const HEADING = "Vielleicht hilft Ihnen das:";
export const NEW_TAB_HINT = "(öffnet in einem neuen Tab)";
export const MAX_SUGGESTIONS = 3;
export const MIN_QUERY_LENGTH = 3;
export const DEBOUNCE_MS = 250;

const INDEX_URL = new URL("search/search_index.json", SITE_ROOT);
// Pages in the index that are no help articles: the help home, the tag list, the portal.
const NOT_ARTICLES = /^(?:$|tags\/|kundencenter\/|support\/ticket\/)/;
const SUMMARY_LENGTH = 140;
// lunr's query syntax (search-de-rules.js leaves a query containing it as typed)
const SEARCH_SYNTAX = /["+~^*:]/g;
const LEADING_MINUS = /(^|\s)-+/g;
const TAG = /<[^>]+>/g;
const BLOCK_TAG = /<\/?(?:p|li|ul|ol|br|div|h[1-6]|table|tr|td|th|dl|dt|dd|blockquote|pre)\b[^>]*>/g;

// Search index and rules

let loading = null;

/** The lunr index of the help articles' entries, their titles and summaries; loaded once. */
function loadSearch() {
  loading ||= Promise.all([
    fetch(INDEX_URL, { credentials: "same-origin" }).then((response) => {
      if (!response.ok) throw new Error(`${INDEX_URL}: ${response.status}`);
      return response.json();
    }),
    loadRules(),
  ])
    .then(([index, rules]) => (rules ? { rules, ...searchFrom(index) } : null))
    .catch((error) => {
      console.warn("suggest: search index not loaded, no suggestions", error);
      loading = null; // try again with the next keystroke
      return null;
    });
  return loading;
}

function plainText(html, { inline = " " } = {}) {
  return html
    .replace(BLOCK_TAG, " ")
    .replace(TAG, inline)
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

function summaryOf(text) {
  if (text.length <= SUMMARY_LENGTH) return text;
  const cut = text.slice(0, SUMMARY_LENGTH);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), SUMMARY_LENGTH / 2))} …`;
}

/**
 * The index as Material's search worker builds it (its Search constructor): the config's fields and
 * boosts, the separator, no pipeline (config.pipeline is empty), no field length normalisation
 * (b = 0), each entry with its own boost (overviews 0.5). Only help articles' entries go in.
 */
function searchFrom({ config, docs }) {
  const articles = new Map();
  const entries = docs.filter((doc) => !NOT_ARTICLES.test(doc.location.split("#")[0]));
  for (const doc of entries) {
    if (doc.location.includes("#")) continue;
    const text = plainText(doc.text || "", { inline: "" }); // "<code>100001</code>," → "100001,"
    articles.set(doc.location, { path: doc.location, title: doc.title, summary: summaryOf(text) });
  }
  lunr.tokenizer.separator = new RegExp(config.separator);
  const index = lunr(function () {
    this.b(0);
    this.pipeline.reset();
    this.searchPipeline.reset();
    this.ref("location");
    for (const [name, spec] of Object.entries(config.fields))
      this.field(name, {
        boost: spec.boost,
        extractor: (doc) => (typeof doc[name] === "string" ? plainText(doc[name]) : doc[name]),
      });
    for (const doc of entries) this.add(doc, { boost: doc.boost });
  });
  return { index, articles };
}

// Ranking

/** Material's transformSearchQuery: a trailing wildcard for every term without ~n or ^n. */
function withWildcards(query) {
  return query
    .split(/\s+/)
    .filter(Boolean)
    .map((term) => (/([~^]$)/.test(term) ? `${term}1` : term))
    .map((term) => (/(^[+-]|[~^]\d+$)/.test(term) ? term : `${term}*`))
    .join(" ");
}

/** The terms of the query without wildcard and modifiers (Material's parseSearchQuery). */
function clauseTerms(query) {
  const parsed = new lunr.Query(["title", "text", "tags"]);
  new lunr.QueryParser(query, parsed).parse();
  return [...new Set(parsed.clauses.map((clause) => clause.term.replace(/^\*|\*$/g, "")))];
}

/** Up to `limit` articles for what the customer typed, best first: [{path, title, summary, score}]. */
export async function suggest(query, { limit = MAX_SUGGESTIONS } = {}) {
  if (query.trim().length < MIN_QUERY_LENGTH) return [];
  const loaded = await loadSearch();
  if (!loaded) return [];
  const { rules, index, articles } = loaded;
  // A subject is no search syntax: "AW: Rechnung" or "Frage zu +Multishop" mean the words only.
  const words = query.replace(SEARCH_SYNTAX, " ").replace(LEADING_MINUS, "$1");
  const rewritten = withWildcards(transform(words, rules));
  if (!rewritten) return [];
  let results;
  let terms;
  try {
    results = index.search(rewritten);
    terms = clauseTerms(rewritten);
  } catch {
    return []; // lunr.QueryParseError: nothing to suggest for this input
  }
  // Material's post-query boost: an article's own entry counts more than a section of it, and an
  // entry that matches more of the query's terms more than one that matches fewer.
  const best = new Map();
  for (const { ref, score, matchData } of results) {
    const [path] = ref.split("#");
    const article = articles.get(path);
    if (!article) continue;
    const found = Object.keys(matchData.metadata);
    const matched = terms.filter((term) => found.some((key) => key.startsWith(term))).length;
    const share = terms.length ? matched / terms.length : 0;
    const boosted = score * (1 + (+!ref.includes("#") + share) ** 2);
    if (boosted > (best.get(article) || 0)) best.set(article, boosted);
  }
  return [...best.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].path.localeCompare(b[0].path))
    .slice(0, limit)
    .map(([article, score]) => ({ ...article, score }));
}

// The list under the field

function element(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

let regions = 0;

/**
 * Suggest help articles under `input` (the ticket subject) in `container`, debounced while typing.
 * `signal` (an AbortSignal) detaches everything. The container gets a live region ("polite") that
 * holds the list; it is empty for fewer than three characters or when nothing matches.
 * The container's `data-kc-suggest-query` names the query its content answers (for tests).
 */
export function attachSuggestions(input, container, { signal } = {}) {
  regions += 1;
  const headingId = `kc-suggest-heading-${regions}`;
  const region = element("div", "kc-suggest");
  region.setAttribute("aria-live", "polite");
  container.append(region);
  let timer = null;
  let sequence = 0;
  let shown = "";

  function render(query, suggestions) {
    container.dataset.kcSuggestQuery = query;
    const key = suggestions.map((item) => item.path).join(" ");
    if (key === shown) return; // the same list: nothing to announce again
    shown = key;
    if (!suggestions.length) {
      region.replaceChildren();
      return;
    }
    const heading = element("p", "kc-suggest__heading", HEADING);
    heading.id = headingId;
    const list = element("ul", "kc-suggest__list");
    list.setAttribute("aria-labelledby", headingId);
    for (const item of suggestions) {
      const link = element(
        "a",
        "kc-suggest__link",
        element("span", "kc-suggest__title", item.title),
        element("span", "kc-suggest__summary", item.summary),
        element("span", "kc-visually-hidden", ` ${NEW_TAB_HINT}`),
      );
      link.href = new URL(item.path, SITE_ROOT).href;
      link.target = "_blank";
      link.rel = "noopener";
      link.dataset.kcPage = item.path;
      list.append(element("li", "kc-suggest__item", link));
    }
    region.replaceChildren(heading, list);
  }

  async function update() {
    const query = input.value.trim();
    const current = ++sequence;
    const suggestions = query.length >= MIN_QUERY_LENGTH ? await suggest(query) : [];
    if (current !== sequence || signal?.aborted) return; // a newer keystroke answers instead
    render(query, suggestions);
  }

  input.addEventListener(
    "input",
    () => {
      clearTimeout(timer);
      if (input.value.trim().length < MIN_QUERY_LENGTH) {
        sequence += 1;
        render(input.value.trim(), []);
        return;
      }
      loadSearch(); // the index loads while the debounce waits (once; later calls reuse it)
      timer = setTimeout(update, DEBOUNCE_MS);
    },
    { signal },
  );

  // A suggestion opened (click, middle click, Enter) before sending: count it, fire and forget.
  const opened = (event) => {
    const link = event.target instanceof Element ? event.target.closest("a.kc-suggest__link") : null;
    if (!link || (event.type === "auxclick" && event.button !== 1)) return;
    recordDeflection(link.dataset.kcPage);
  };
  region.addEventListener("click", opened, { signal });
  region.addEventListener("auxclick", opened, { signal });

  signal?.addEventListener("abort", () => {
    clearTimeout(timer);
    region.remove();
  });
  if (input.value.trim().length >= MIN_QUERY_LENGTH) timer = setTimeout(update, 0);
}

/** Count a click on a suggested article; survives the tab going on (keepalive), errors ignored. */
export function recordDeflection(page) {
  if (!page) return;
  api.post("/help/deflections", { page }, { keepalive: true }).catch(() => {});
}
