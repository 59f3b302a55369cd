/*
 * "War dieser Artikel hilfreich?" – the feedback widget under help articles
 * (markup: overrides/partials/kc-feedback.html, API: POST /api/feedback).
 *
 * Anonymous: sends the article path, the answer, a reason code and an optional comment;
 * sets no cookie and stores nothing in the browser. Each vote carries an Idempotency-Key
 * (a random UUID, reused when the same vote is sent again), so a retry after a lost answer
 * is counted once. Re-binds after each page change of
 * Material's instant navigation (document$).
 */
(function () {
  "use strict";

  var MAX_COMMENT = 500;
  var THANKS = "Vielen Dank für Ihre Rückmeldung!";
  var REASON_MISSING = "Bitte wählen Sie einen Grund aus.";
  var OFFLINE =
    "Ihre Rückmeldung konnte nicht gesendet werden. Bitte prüfen Sie Ihre Internetverbindung " +
    "und versuchen Sie es erneut.";
  var FAILED =
    "Ihre Rückmeldung konnte gerade nicht gespeichert werden. Bitte versuchen Sie es später erneut.";

  function apiBase() {
    var meta = document.querySelector('meta[name="kc-api"]');
    return ((meta && meta.getAttribute("content")) || "/api").replace(/\/$/, "");
  }

  function remaining(text) {
    return "noch " + Math.max(0, MAX_COMMENT - text.length) + " Zeichen";
  }

  /* The first German message of an error answer: a field message when there is one. */
  function errorMessage(body) {
    if (body && body.Fields) {
      for (var name in body.Fields) {
        if (Object.prototype.hasOwnProperty.call(body.Fields, name)) {
          return body.Fields[name];
        }
      }
    }
    return (body && body.Message) || FAILED;
  }

  /* A random UUID; crypto.randomUUID needs a secure context, getRandomValues does not. */
  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (b) {
        return (b + 0x100).toString(16).slice(1);
      })
      .join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function send(body, key) {
    return fetch(apiBase() + "/feedback", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "Idempotency-Key": key,
      },
      body: body,
    }).then(
      function (response) {
        return response
          .json()
          .catch(function () {
            return null;
          })
          .then(function (body) {
            return { ok: response.ok, body: body };
          });
      },
      function () {
        return { ok: false, body: { Message: OFFLINE } };
      }
    );
  }

  function bind(widget) {
    if (widget.getAttribute("data-kc-bound") === "1") {
      return;
    }
    widget.setAttribute("data-kc-bound", "1");

    var page = widget.getAttribute("data-kc-page");
    var answers = widget.querySelector("[data-kc-feedback-answers]");
    var yes = widget.querySelector('[data-kc-feedback-answer="ja"]');
    var no = widget.querySelector('[data-kc-feedback-answer="nein"]');
    var form = widget.querySelector("[data-kc-feedback-form]");
    var comment = form.querySelector("textarea");
    var counter = widget.querySelector("[data-kc-feedback-counter]");
    var counterLive = widget.querySelector("[data-kc-feedback-counter-live]");
    var submit = widget.querySelector("[data-kc-feedback-submit]");
    var reasonError = widget.querySelector("[data-kc-feedback-reason-error]");
    var status = widget.querySelector("[data-kc-feedback-status]");
    var error = widget.querySelector("[data-kc-feedback-error]");
    var reasons = form.querySelectorAll('input[name="reason"]');
    var support = widget.querySelector("[data-kc-feedback-support]");
    var announceTimer = null;
    /* The vote being sent: sent again (a retry) it keeps its key; a changed vote gets a new one. */
    var pending = null;

    function keyFor(body) {
      if (!pending || pending.body !== body) {
        pending = { body: body, key: newKey() };
      }
      return pending.key;
    }

    function setBusy(busy) {
      yes.disabled = busy;
      no.disabled = busy;
      submit.disabled = busy;
      widget.setAttribute("aria-busy", busy ? "true" : "false");
    }

    function showError(message) {
      error.textContent = message;
    }

    function clearErrors() {
      error.textContent = "";
      reasonError.textContent = "";
      for (var i = 0; i < reasons.length; i++) {
        reasons[i].removeAttribute("aria-invalid");
      }
    }

    function thank(message) {
      answers.hidden = true;
      form.hidden = true;
      status.textContent = message || THANKS;
      status.focus();
    }

    function submitVote(payload) {
      clearErrors();
      setBusy(true);
      var body = JSON.stringify(payload);
      return send(body, keyFor(body)).then(function (result) {
        setBusy(false);
        if (result.ok) {
          thank(result.body && result.body.Message);
          return;
        }
        var fields = (result.body && result.body.Fields) || {};
        if (fields.reason) {
          reasonError.textContent = fields.reason;
          return;
        }
        showError(errorMessage(result.body));
      });
    }

    yes.addEventListener("click", function () {
      form.hidden = true;
      if (support) support.hidden = true;
      no.setAttribute("aria-expanded", "false");
      submitVote({ page: page, helpful: true });
    });

    no.addEventListener("click", function () {
      clearErrors();
      form.hidden = false;
      if (support) support.hidden = false;
      no.setAttribute("aria-expanded", "true");
      reasons[0].focus();
    });

    function updateCounter() {
      var text = remaining(comment.value);
      counter.textContent = text;
      /* Screen readers hear the count once typing pauses, not at every key. */
      window.clearTimeout(announceTimer);
      announceTimer = window.setTimeout(function () {
        counterLive.textContent = text;
      }, 1000);
    }
    comment.addEventListener("input", updateCounter);
    for (var r = 0; r < reasons.length; r++) {
      reasons[r].addEventListener("change", clearErrors);
    }
    counter.textContent = remaining(comment.value);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var checked = form.querySelector('input[name="reason"]:checked');
      if (!checked) {
        clearErrors();
        reasonError.textContent = REASON_MISSING;
        for (var i = 0; i < reasons.length; i++) {
          reasons[i].setAttribute("aria-invalid", "true");
        }
        reasons[0].focus();
        return;
      }
      var payload = { page: page, helpful: false, reason: checked.value };
      if (comment.value.trim()) {
        payload.comment = comment.value;
      }
      submitVote(payload);
    });

    widget.hidden = false;
  }

  function init() {
    var widgets = document.querySelectorAll("[data-kc-feedback]");
    for (var i = 0; i < widgets.length; i++) {
      bind(widgets[i]);
    }
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
