/*
 * German-aware search for Material's search box: the query on its way in, the result on its way out.
 *
 * Material for MkDocs 9 talks to its search worker (lunr.js) with messages: it sends what the
 * customer types as {type: 2, data: "<query>"} and renders the {type: 3, data: result} it gets
 * back; since 9.0 it has no hook of its own for either. This script
 *
 * - wraps Worker.prototype.postMessage and rewrites the query (search keys for umlauts,
 *   inflections, compounds, typos), and
 * - wraps the worker's "message" listeners, so that before Material renders a result its marks and
 *   its "Es fehlt: …" line speak of the words as written and typed, never of the search keys, and
 *   the hidden index fields are gone from it (present() in search-de-rules.js).
 *
 * Material's search box, worker and result list stay as they are. The build hook
 * (overrides/hooks/search_de.py) puts this script into the <head> of every page, before Material's
 * bundle creates its worker and listens to it. The rewriting lives in the ES module search-de-rules.js
 * next to this script (shared with the help suggestions of the ticket form, portal/suggest.js); it is
 * imported, with its rules, on the first query, not on every page view.
 */
(() => {
  "use strict"

  if (window.kcSearchDe || typeof Worker === "undefined")
    return

  const QUERY = 2                      /* Material's SearchMessageType.QUERY */
  const RESULT = 3                     /* Material's SearchMessageType.RESULT */

  const script = document.currentScript
  const moduleUrl = new URL("search-de-rules.js", script ? script.src : location.href)

  /* The rewriting functions with their rules; a failed load leaves queries and results as they are */
  let loading = null
  let presenter = null
  function load() {
    loading ||= import(moduleUrl.href)
      .then(module => module.loadRules().then(rules => {
        if (!rules)
          return null
        presenter = (result, query) => module.present(result, query, rules)
        return query => module.transform(query, rules)
      }))
      .catch(error => {
        console.warn("search-de: rules not loaded, queries go to the search as typed", error)
        return null
      })
    return loading
  }

  /* Rewrite search queries on their way to Material's search worker, in order; remember what was
     typed for each, since the worker answers them in the same order */
  const typed = []
  const post = Worker.prototype.postMessage
  let queue = Promise.resolve()
  Worker.prototype.postMessage = function (message, ...options) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      queue = queue
        .then(load)
        .then(rewrite => {
          const data = rewrite ? rewrite(message.data) : message.data
          typed.push(message.data)
          post.call(this, { ...message, data }, ...options)
        })
      return
    }
    return post.call(this, message, ...options)
  }

  /* Present each result once, before the first listener sees it (the listeners share its data) */
  const presented = new WeakSet()
  function presentResult(event) {
    const message = event.data
    if (!message || message.type !== RESULT || typeof message.data !== "object" || presented.has(message))
      return
    presented.add(message)
    const query = typed.shift()
    if (presenter && query !== undefined)
      try {
        presenter(message.data, query)
      } catch (error) {
        console.warn("search-de: result shown as the search returned it", error)
      }
  }

  const add = Worker.prototype.addEventListener
  const remove = Worker.prototype.removeEventListener
  const wrappers = new WeakMap()
  Worker.prototype.addEventListener = function (type, listener, ...options) {
    if (type !== "message" || !listener)
      return add.call(this, type, listener, ...options)
    let wrapper = wrappers.get(listener)
    if (!wrapper) {
      wrapper = function (event) {
        presentResult(event)
        return typeof listener === "function" ? listener.call(this, event) : listener.handleEvent(event)
      }
      wrappers.set(listener, wrapper)
    }
    return add.call(this, type, wrapper, ...options)
  }
  Worker.prototype.removeEventListener = function (type, listener, ...options) {
    const wrapper = type === "message" && listener ? wrappers.get(listener) : undefined
    return remove.call(this, type, wrapper || listener, ...options)
  }

  window.kcSearchDe = {
    transform: query => load().then(rewrite => rewrite ? rewrite(query) : query)
  }
})()
