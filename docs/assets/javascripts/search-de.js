/*
 * German-aware search queries for Material's search box.
 *
 * Material for MkDocs 9 sends what the customer types to its search worker (lunr.js) as a
 * message {type: 2, data: "<query>"}; since 9.0 it has no query transform hook of its own.
 * This script wraps Worker.prototype.postMessage and rewrites that one message type, leaving
 * Material's search box, worker and result list untouched.
 *
 * The rewriting itself lives in the ES module search-de-rules.js next to this script (shared
 * with the help suggestions of the ticket form, portal/suggest.js); it is imported, with its
 * rules, on the first query, not on every page view. The wrapper is installed at once, so no
 * query can pass before it.
 */
(() => {
  "use strict"

  if (window.kcSearchDe || typeof Worker === "undefined")
    return

  const QUERY = 2                      /* Material's SearchMessageType.QUERY */

  const script = document.currentScript
  const moduleUrl = new URL("search-de-rules.js", script ? script.src : location.href)

  /* The rewriting function with its rules; a failed load leaves queries as typed */
  let loading = null
  function load() {
    loading ||= import(moduleUrl.href)
      .then(module => module.loadRules().then(rules => rules && (query => module.transform(query, rules))))
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
        .then(rewrite => {
          const data = rewrite ? rewrite(message.data) : message.data
          post.call(this, { ...message, data }, ...options)
        })
      return
    }
    return post.call(this, message, ...options)
  }

  window.kcSearchDe = {
    transform: query => load().then(rewrite => rewrite ? rewrite(query) : query)
  }
})()
