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

/** The lunr query for what a customer typed (search_de.transform_query in Python). */
export function transform(query, rules) {
  if (QUERY_SYNTAX.test(query))
    return query
  let words = []
  for (const chunk of query.trim().split(/\s+/).filter(Boolean)) {
    const parts = splitWords(chunk, rules)
    const joined = parts.join("")
    if (parts.length > 1 && (groupedNumber(parts) || hasPrefix(fold(joined, rules), rules)))
      words.push(joined)
    else
      words.push(...parts)
  }
  const content = words.filter(word => !rules.stopwords.has(word))
  if (content.length)
    words = content
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
