/*
 * German-aware search queries for Material's search box.
 *
 * Material for MkDocs 9 sends what the customer types to its search worker (lunr.js) as a
 * message {type: 2, data: "<query>"}; since 9.0 it has no query transform hook of its own.
 * This script wraps Worker.prototype.postMessage and rewrites that one message type, leaving
 * Material's search box, worker and result list untouched.
 *
 * The rules come from assets/javascripts/search-de-data.json, which the build hook
 * overrides/hooks/search_de.py writes from overrides/hooks/search_synonyms.yml: the same
 * folding, suffix cutting, compound splitting and word list the hook applied to the index.
 * transform() mirrors search_de.transform_query(); tests/e2e/test_search.py compares both.
 */
(() => {
  "use strict"

  if (window.kcSearchDe || typeof Worker === "undefined")
    return

  const QUERY = 2                      /* Material's SearchMessageType.QUERY */
  const QUERY_SYNTAX = /["+~^*:]|(?:^|\s)-/

  const script = document.currentScript
  const dataUrl = new URL("search-de-data.json", script ? script.src : location.href)

  function rulesFrom(data) {
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

  function fold(word, rules) {
    let result = word.toLowerCase()
    for (const [source, target] of rules.fold)
      result = result.split(source).join(target)
    return result
  }

  function cutSuffix(folded, rules) {
    for (const suffix of rules.suffixes)
      if (folded.endsWith(suffix) && folded.length - suffix.length >= rules.minStem)
        return folded.slice(0, folded.length - suffix.length)
    return folded
  }

  function splitWords(text, rules) {
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

  function transform(query, rules) {
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

  /* Rules, loaded with the first query (not on every page view); a failed load leaves
     queries as typed */
  let loading = null
  function load() {
    loading ||= fetch(dataUrl, { credentials: "same-origin" })
      .then(response => {
        if (!response.ok)
          throw new Error(`${dataUrl}: ${response.status}`)
        return response.json()
      })
      .then(rulesFrom)
      .catch(error => {
        console.warn("search-de: rules not loaded, queries go to the search as typed", error)
        return null
      })
    return loading
  }

  /* Rewrite search queries on their way to Material's search worker, in order */
  const post = Worker.prototype.postMessage
  let queue = Promise.resolve()
  Worker.prototype.postMessage = function (message, ...options) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      queue = queue
        .then(load)
        .then(rules => {
          const data = rules ? transform(message.data, rules) : message.data
          post.call(this, { ...message, data }, ...options)
        })
      return
    }
    return post.call(this, message, ...options)
  }

  window.kcSearchDe = {
    transform: query => load().then(rules => rules ? transform(query, rules) : query)
  }
})()
