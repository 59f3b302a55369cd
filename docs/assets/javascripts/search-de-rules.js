/*
 * The German query rewriting of the help-center search, as an ES module.
 *
 * The rules come from assets/javascripts/search-de-data.json, which the build hook
 * overrides/hooks/search_de.py writes from overrides/hooks/search_synonyms.yml: the same
 * folding, suffix cutting, compound splitting and word list the hook applied to the index.
 * transform() mirrors search_de.transform_query(); tests/e2e/test_search.py compares both.
 *
 * Used by search-de.js (Material's search box) and portal/suggest.js (help suggestions on the
 * ticket form), so both rewrite a query the same way.
 */

const QUERY_SYNTAX = /["+~^*:]|(?:^|\s)-/

/** The address of the rules file the build writes next to this module. */
export const DATA_URL = new URL("search-de-data.json", import.meta.url)

export function rulesFrom(data) {
  const lexicon = data.lexicon
  const rules = {
    separator: new RegExp(data.separator),
    fold: data.fold,
    suffixes: data.suffixes,
    minStem: data.minStem,
    fuzzyMinLength: data.fuzzyMinLength,
    linkers: data.linkers,
    minPart: data.minPart,
    stopwords: new Set(data.stopwords),
    synonyms: data.synonyms || [],
    lexicon
  }
  rules.keys = new Set(lexicon.map(word => cutSuffix(word, rules)))
  return rules
}

/** Lower case, umlauts and their ASCII spellings folded alike: Geräte, geraete → gerate. */
export function fold(word, rules) {
  let result = word.toLowerCase()
  for (const [source, target] of rules.fold)
    result = result.split(source).join(target)
  return result
}

/** The longest inflection suffix cut that leaves at least minStem letters. */
export function cutSuffix(folded, rules) {
  for (const suffix of rules.suffixes)
    if (folded.endsWith(suffix) && folded.length - suffix.length >= rules.minStem)
      return folded.slice(0, folded.length - suffix.length)
  return folded
}

/** Lower-cased words as the search's tokenizer sees them (split at the search separator). */
export function splitWords(text, rules) {
  return text.toLowerCase().split(rules.separator).filter(word => word.length > 0)
}

function groupedNumber(parts) {
  return parts.length > 1 && /^[0-9]{1,3}$/.test(parts[0]) &&
    parts.slice(1).every(part => /^[0-9]{3}$/.test(part))
}

function knows(folded, rules) {
  return folded.length >= rules.minPart && rules.keys.has(cutSuffix(folded, rules))
}

function hasPrefix(prefix, rules) {
  const lexicon = rules.lexicon
  let low = 0
  let high = lexicon.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (lexicon[middle] < prefix)
      low = middle + 1
    else
      high = middle
  }
  return low < lexicon.length && lexicon[low].startsWith(prefix)
}

function splitCompound(folded, rules, depth = 0) {
  const minPart = rules.minPart
  if (depth > 3 || folded.length < 2 * minPart)
    return null
  for (let end = folded.length - minPart; end >= minPart; end--) {
    const head = folded.slice(0, end)
    if (!knows(head, rules))
      continue
    for (const linker of rules.linkers) {
      if (!folded.startsWith(linker, end))
        continue
      const tail = folded.slice(end + linker.length)
      if (tail.length < minPart)
        continue
      if (knows(tail, rules))
        return [head, tail]
      const rest = splitCompound(tail, rules, depth + 1)
      if (rest)
        return [head, ...rest]
    }
  }
  return null
}

/** The words of a query as the search takes them: "e-mail-adresse" and "19.000" as one word, filler
    words dropped when other words remain. */
export function queryWords(query, rules) {
  const words = []
  for (const chunk of query.trim().split(/\s+/).filter(Boolean)) {
    const parts = splitWords(chunk, rules)
    const joined = parts.join("")
    if (parts.length > 1 && (groupedNumber(parts) || hasPrefix(fold(joined, rules), rules)))
      words.push(joined)
    else
      words.push(...parts)
  }
  const content = words.filter(word => !rules.stopwords.has(word))
  return content.length ? content : words
}

/** The lunr query for what a customer typed (search_de.transform_query in Python). */
export function transform(query, rules) {
  if (QUERY_SYNTAX.test(query))
    return query
  const words = queryWords(query, rules)
  const typing = words.length > 0 && !/\s$/.test(query)
  const terms = []
  words.forEach((word, position) => {
    const folded = fold(word, rules)
    const key = cutSuffix(folded, rules)
    if (word.length === 1 && !(typing && position === words.length - 1)) {
      terms.push(`${word}^1`)
      return
    }
    terms.push(key)
    const number = /^[0-9]+$/.test(folded)
    if (folded.length >= rules.fuzzyMinLength && !number && !hasPrefix(key, rules)) {
      for (const part of splitCompound(folded, rules) || [])
        terms.push(cutSuffix(part, rules))
      terms.push(`${folded}~1`)
      if (key !== folded)
        terms.push(`${key}~1`)
    }
  })
  for (let i = 0; i + 1 < words.length; i++) {
    const joined = fold(words[i] + words[i + 1], rules)
    if (hasPrefix(joined, rules))
      terms.push(cutSuffix(joined, rules))
  }
  return [...new Set(terms)].join(" ")
}

/* ------------------------------------------------------------------------------------------------
 * What the result list shows
 *
 * Material's worker highlights the index terms lunr matched and lists the query terms a result lacks
 * ("Es fehlt: …"). With the rewritten query those are search keys ("ander" for "aendern"), and a key
 * highlights any word that merely starts with it ("anderes") but not the word the customer meant
 * ("ändern"). present() redoes both from what the customer typed: it marks the words as written that a
 * typed word stands for (same key, an inflected or umlaut spelling, a synonym, a compound part, one
 * typo), lists only typed words as missing, and takes the hidden index fields out of the result.
 * ------------------------------------------------------------------------------------------------ */

const HIDDEN_FIELDS = ["title_de", "text_de"]
const MARK = /<\/?mark>/g
const TAG = /(<[^>]*>)/
const WORD = /&[#\w]+;|[\p{L}\p{N}]+/gu

/** True if b is a with at most one edit (insertion, deletion, substitution, swap), as lunr's ~1. */
function withinOneEdit(a, b) {
  if (a === b)
    return true
  if (Math.abs(a.length - b.length) > 1)
    return false
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i])
    i++
  if (a.length > b.length)
    return a.slice(i + 1) === b.slice(i)
  if (a.length < b.length)
    return a.slice(i) === b.slice(i + 1)
  return a.slice(i + 1) === b.slice(i + 1) ||
    (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2))
}

/** One typed word, with what counts as the same word in the text. */
function typedWord(word, rules) {
  const folded = fold(word, rules)
  const key = cutSuffix(folded, rules)
  /* As transform() does: a word the help center does not know also stands for its compound parts
     and, with one typo, for what it is close to */
  const fuzzy = folded.length >= rules.fuzzyMinLength && !/^[0-9]+$/.test(folded) && !hasPrefix(key, rules)
  const prefixes = new Set([key])
  if (fuzzy)
    for (const part of splitCompound(folded, rules) || [])
      prefixes.add(cutSuffix(part, rules))
  if (key.length >= rules.minPart)
    for (const group of rules.synonyms)
      if (group.some(member => member.startsWith(key) ||
          (fuzzy && (withinOneEdit(member, folded) || withinOneEdit(member, key)))))
        for (const member of group)
          prefixes.add(member)
  return { word, folded, key, prefixes: [...prefixes], fuzzy, filler: rules.stopwords.has(word) }
}

/** True if the word as written (folded) is what the typed word stands for. */
function standsFor(typed, folded, parts, rules) {
  if (typed.prefixes.some(prefix => folded.startsWith(prefix)))
    return true
  if (parts.some(part => typed.prefixes.some(prefix => prefix.length >= rules.minPart && part.startsWith(prefix))))
    return true
  if (typed.fuzzy)
    for (let length = typed.folded.length - 1; length <= typed.folded.length + 1; length++)
      if (length >= rules.minPart && withinOneEdit(folded.slice(0, length), typed.folded))
        return true
  return false
}

/** A marker for one query: marks words in a result's HTML and remembers which typed word found which. */
export function resultMarker(query, rules) {
  const typed = queryWords(query.replace(/["+~^*:]|(?:^|\s)-/g, " "), rules).map(word => typedWord(word, rules))
  const cache = new Map()
  const found = typed.map(() => new Set())
  function test(token) {
    const lower = token.toLowerCase()
    if (rules.stopwords.has(lower))
      return false
    let hits = cache.get(lower)
    if (hits === undefined) {
      const folded = fold(lower, rules)
      const parts = (splitCompound(folded, rules) || []).slice(1)
      hits = typed.flatMap((word, index) => !word.filler && standsFor(word, folded, parts, rules) ? [index] : [])
      cache.set(lower, hits)
    }
    for (const index of hits)
      found[index].add(lower)
    return hits.length > 0
  }
  return {
    typed,
    found,
    /** The HTML with Material's marks replaced by marks on the words as written. */
    mark(html) {
      return html.replace(MARK, "").split(TAG).map((part, index) => index % 2 ? part : part.replace(
        WORD, token => token[0] !== "&" && test(token) ? `<mark>${token}</mark>` : token
      )).join("")
    }
  }
}

/** Rewrite a worker result (Material's SearchResult) for what the customer typed, in place. */
export function present(result, query, rules) {
  for (const item of (result && result.items || []).flat()) {
    const marker = resultMarker(query, rules)
    for (const field of ["title", "text"])
      if (typeof item[field] === "string")
        item[field] = marker.mark(item[field])
    if (Array.isArray(item.tags))
      item.tags = item.tags.map(tag => marker.mark(String(tag)))
    for (const field of HIDDEN_FIELDS)
      delete item[field]
    /* Material's terms: the query's clauses, true if the result has them. They become the words
       as written that were marked (the ?h= highlighting on the article) and, as missing, the typed
       words the result has in no form (neither marked nor matched through a hidden field). */
    const clauses = item.terms || {}
    const matched = Object.keys(clauses).filter(term => clauses[term])
    const known = Object.keys(clauses).length > 0
    const terms = {}
    marker.typed.forEach((word, index) => {
      for (const written of marker.found[index])
        terms[written] = true
      const hidden = matched.some(term => word.folded.includes(term) || term.includes(word.key))
      if (known && !word.filler && marker.found[index].size === 0 && !hidden)
        terms[word.word] = false
    })
    item.terms = terms
  }
  return result
}

/* The rules, loaded once per page (on first use, not on every page view); a failed load
   resolves to null, and callers leave queries as typed */
let loading = null
export function loadRules() {
  loading ||= fetch(DATA_URL, { credentials: "same-origin" })
    .then(response => {
      if (!response.ok)
        throw new Error(`${DATA_URL}: ${response.status}`)
      return response.json()
    })
    .then(rulesFrom)
    .catch(error => {
      console.warn("search-de: rules not loaded, queries go to the search as typed", error)
      return null
    })
  return loading
}
