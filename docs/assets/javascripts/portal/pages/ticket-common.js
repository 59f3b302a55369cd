// Shared by Tickets (signed in) and the public ticket pages: status and category labels, the message
// thread and the attachment picker (presigned S3 upload with progress per file).

import { request } from "../api.js";
import { dateTime, h, hiddenText, uid } from "../ui.js";

export const STATUS_LABELS = {
  offen: "Offen",
  in_bearbeitung: "In Bearbeitung",
  wartet_auf_sie: "Wartet auf Ihre Antwort",
  geschlossen: "Geschlossen",
};

export const CATEGORY_LABELS = {
  rechnung: "Rechnung",
  vertrag: "Vertrag",
  technik: "Technik",
  statistik: "Statistik",
  sonstiges: "Sonstiges",
};

export const SUPPORT_NAME = "unicorn 2 Support";
export const MESSAGE_MAX = 10000;

/** The status as a badge with its German label. */
export function statusBadge(status) {
  const tone = { wartet_auf_sie: "kc-badge--warning", geschlossen: "kc-badge--neutral" }[status] || "";
  return h("span", { class: `kc-badge kc-ticket-status ${tone}`.trim(), "data-status": status }, STATUS_LABELS[status] || status);
}

const SIZE = new Intl.NumberFormat("de-DE", { maximumFractionDigits: 1 });

/** "830 KB", "1,2 MB" */
export function fileSize(bytes) {
  if (bytes < 1024) return `${bytes} Byte`;
  if (bytes < 1024 * 1024) return `${SIZE.format(bytes / 1024)} KB`;
  return `${SIZE.format(bytes / (1024 * 1024))} MB`;
}

function authorLabel(message) {
  if (message.author === "customer") return "Sie";
  if (message.author === "team") return SUPPORT_NAME;
  return "Hinweis";
}

/**
 * The messages of a ticket, oldest first, as a list. `download(attachment)` (optional) is called by the
 * attachment buttons.
 */
export function messageList(messages, { download = null } = {}) {
  const sorted = [...messages].sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
  return h(
    "ol",
    { class: "kc-thread", "aria-label": "Verlauf" },
    sorted.map((message) => {
      const author = authorLabel(message);
      const team = message.author === "team" && message.author_name ? ` (${message.author_name})` : "";
      const attachments = message.attachments || [];
      return h(
        "li",
        { class: `kc-message kc-message--${message.author}`, "data-message": message.id },
        h(
          "p",
          { class: "kc-message__head" },
          h("span", { class: "kc-message__author" }, author, team),
          " ",
          h("span", { class: "kc-message__date" }, dateTime(message.created_at)),
        ),
        h("div", { class: "kc-message__text" }, message.text),
        attachments.length
          ? h(
              "ul",
              { class: "kc-message__attachments", "aria-label": "Angehängte Dateien" },
              attachments.map((attachment) =>
                h("li", {}, attachmentButton(attachment, download)),
              ),
            )
          : null,
      );
    }),
  );
}

function attachmentButton(attachment, download) {
  const label = `${attachment.filename} (${fileSize(attachment.size)})`;
  if (!download) return h("span", {}, label);
  const button = h(
    "button",
    { type: "button", class: "kc-button kc-button--secondary kc-attachment__download", "data-attachment": attachment.id },
    hiddenText("Anhang herunterladen: "),
    label,
  );
  button.addEventListener("click", () => download(attachment, button));
  return button;
}

// Attachments

export const ATTACHMENT_LIMIT = 5;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
const ALLOWED = /\.(pdf|png|jpe?g|txt|csv|zip)$/i;
const ACCEPT = ".pdf,.png,.jpg,.jpeg,.txt,.csv,.zip,application/pdf,image/png,image/jpeg,text/plain,text/csv,application/zip";

/**
 * The "Anhänge" part of a form: a file input, and per chosen file its upload state (progress, done,
 * error) with "Entfernen". Each file is uploaded at once: POST /tickets/attachments for a presigned
 * POST, then the form with `fields` and `file` to `upload.url`.
 * Returns { element, ids(), pending(), failed(), reset(), focus(), setError(message) }.
 */
export function attachmentPicker({ signal }) {
  const id = uid("attachments");
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const items = [];
  const input = h("input", {
    id,
    type: "file",
    name: "attachments",
    multiple: true,
    accept: ACCEPT,
    class: "kc-attachments__input",
    "aria-describedby": hintId,
  });
  const error = h("p", { id: errorId, class: "kc-field__error", hidden: true, role: "alert" });
  const list = h("ul", { class: "kc-attachments__list", "aria-label": "Gewählte Dateien" });
  const element = h(
    "div",
    { class: "kc-field kc-attachments" },
    h("label", { for: id, class: "kc-field__label" }, "Anhänge (freiwillig)"),
    h(
      "p",
      { id: hintId, class: "kc-field__hint" },
      "Bis zu 5 Dateien, je höchstens 10 MB: PDF, PNG, JPEG, TXT, CSV oder ZIP.",
    ),
    error,
    input,
    list,
  );

  function setError(message) {
    error.replaceChildren(...(message ? [hiddenText("Fehler: "), message] : []));
    error.hidden = !message;
    if (message) input.setAttribute("aria-describedby", `${errorId} ${hintId}`);
    else input.setAttribute("aria-describedby", hintId);
  }

  input.addEventListener("change", () => {
    const files = [...input.files];
    input.value = "";
    const problems = [];
    for (const file of files) {
      if (items.length >= ATTACHMENT_LIMIT) {
        problems.push(`${file.name}: Sie können höchstens 5 Dateien anhängen.`);
        continue;
      }
      if (!ALLOWED.test(file.name)) {
        problems.push(`${file.name}: Dieser Dateityp ist nicht erlaubt. Erlaubt sind PDF, PNG, JPEG, TXT, CSV und ZIP.`);
        continue;
      }
      if (file.size === 0) {
        problems.push(`${file.name}: Die Datei ist leer.`);
        continue;
      }
      if (file.size > ATTACHMENT_MAX_BYTES) {
        problems.push(`${file.name}: Die Datei ist ${fileSize(file.size)} groß; erlaubt sind höchstens 10 MB.`);
        continue;
      }
      add(file);
    }
    setError(problems.length ? problems.join(" ") : null);
    updateInput();
  });

  function updateInput() {
    input.disabled = items.length >= ATTACHMENT_LIMIT;
  }

  function add(file) {
    const item = { file, id: null, state: "uploading", controller: new AbortController(), xhr: null };
    const progress = h("progress", { max: "100", value: "0", "aria-label": `Fortschritt für ${file.name}` });
    const state = h("span", { class: "kc-attachment__state", role: "status" }, "Wird hochgeladen …");
    const remove = h(
      "button",
      { type: "button", class: "kc-link-button kc-attachment__remove", "aria-label": `${file.name} entfernen` },
      "Entfernen",
    );
    item.element = h(
      "li",
      { class: "kc-attachment", "data-state": "uploading" },
      h("span", { class: "kc-attachment__name" }, file.name, " ", h("span", { class: "kc-muted" }, `(${fileSize(file.size)})`)),
      progress,
      state,
      remove,
    );
    item.setState = (name, text) => {
      item.state = name;
      item.element.dataset.state = name;
      state.textContent = text;
      progress.hidden = name !== "uploading";
    };
    item.progress = progress;
    remove.addEventListener("click", () => {
      item.controller.abort();
      item.xhr?.abort();
      items.splice(items.indexOf(item), 1);
      item.element.remove();
      updateInput();
      setError(null);
      input.focus();
    });
    items.push(item);
    list.append(item.element);
    upload(item);
  }

  async function upload(item) {
    try {
      const answer = await request("POST", "/tickets/attachments", {
        body: { filename: item.file.name, size: item.file.size },
        signal: item.controller.signal,
        session: true,
      });
      await postForm(item, answer.upload);
      item.id = answer.id;
      item.setState("done", "Hochgeladen");
    } catch (problem) {
      if (problem?.name === "AbortError" || item.controller.signal.aborted) return;
      item.setState("failed", `Fehler: ${problem?.message || "Die Datei konnte nicht hochgeladen werden."}`);
    }
  }

  function postForm(item, upload) {
    return new Promise((resolve, reject) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(upload.fields || {})) form.append(name, value);
      form.append("file", item.file);
      const xhr = new XMLHttpRequest();
      item.xhr = xhr;
      xhr.open("POST", upload.url);
      xhr.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) item.progress.value = Math.round((event.loaded / event.total) * 100);
      });
      xhr.addEventListener("load", () => {
        if (xhr.status >= 200 && xhr.status < 300) resolve();
        else reject(new Error("Die Datei konnte nicht hochgeladen werden. Bitte entfernen Sie sie und versuchen Sie es erneut."));
      });
      xhr.addEventListener("error", () =>
        reject(new Error("Die Datei konnte nicht hochgeladen werden. Bitte prüfen Sie Ihre Internetverbindung.")),
      );
      xhr.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      xhr.send(form);
    });
  }

  signal?.addEventListener("abort", () => {
    for (const item of items) {
      item.controller.abort();
      item.xhr?.abort();
    }
  });

  return {
    element,
    name: "attachments",
    ids: () => items.filter((item) => item.state === "done").map((item) => item.id),
    pending: () => items.some((item) => item.state === "uploading"),
    failed: () => items.some((item) => item.state === "failed"),
    reset() {
      items.splice(0).forEach((item) => item.element.remove());
      setError(null);
      updateInput();
    },
    focus() {
      (list.querySelector("[data-state=failed] button") || input).focus();
    },
    setError,
  };
}

/** Problems of the attachments before sending, as a field message (or null). */
export function attachmentProblem(picker) {
  if (picker.pending()) return "Bitte warten Sie, bis alle Anhänge hochgeladen sind.";
  if (picker.failed()) return "Ein Anhang konnte nicht hochgeladen werden. Bitte entfernen Sie ihn oder wählen Sie ihn erneut.";
  return null;
}
