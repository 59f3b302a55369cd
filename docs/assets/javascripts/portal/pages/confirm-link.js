// Shared by E-Mail bestätigen and Kontakt bestätigen: read the token from the address (#token=…), take it
// out of the address at once, send it to the confirm route and say in German what happened.

import { request, siteUrl } from "../api.js";
import { h, loadingText, notice } from "../ui.js";

/** The token of a mailed link, removed from the address bar (and so from history and bookmarks). */
function takeToken() {
  const match = /^#token=([A-Za-z0-9_-]{16,128})$/.exec(location.hash);
  if (location.hash) history.replaceState(history.state, "", `${location.pathname}${location.search}`);
  return match ? match[1] : null;
}

/**
 * options: path (API route), success(answer) → text, failed → { text, link: [label, href] } for an
 * invalid, used or expired link, next → [label, href] after success, missing → text without a token.
 */
export async function confirmLink(root, { signal, customer }, options) {
  const token = takeToken();
  const message = notice("error");
  const done = notice("success");
  root.append(message.element, done.element);
  const links = h("ul", { class: "kc-links" });
  root.append(links);

  function showLinks(pairs) {
    links.replaceChildren(...pairs.map(([label, href]) => h("li", {}, h("a", { href }, label))));
  }

  if (!token) {
    message.show(options.missing, { tone: "error" });
    showLinks([options.failedLink(customer)]);
    return;
  }

  async function send() {
    message.clear();
    done.clear();
    links.replaceChildren();
    const waiting = loadingText("Ihr Link wird geprüft …");
    root.prepend(waiting);
    let answer;
    try {
      answer = await request("POST", options.path, { body: { token }, signal });
    } catch (error) {
      waiting.remove();
      if (error?.name === "AbortError") return;
      if (error.status === 0 || error.status >= 500) {
        const retry = h("button", { type: "button", class: "kc-button kc-button--secondary" }, "Erneut versuchen");
        retry.addEventListener("click", () => send());
        message.show(error.message, { tone: "error", extra: retry, focus: true });
        return;
      }
      message.show(error.message, { tone: "error", focus: true });
      showLinks([options.failedLink(customer)]);
      return;
    }
    waiting.remove();
    done.show(options.success(answer), { focus: true });
    showLinks([options.next(customer)]);
  }

  await send();
}

export { siteUrl };
