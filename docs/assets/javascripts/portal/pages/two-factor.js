// Sicherheit › Zwei-Faktor-Anmeldung: status, switching on (password → QR code/key → code → recovery
// codes shown once), switching off, new recovery codes. Each step moves the focus to its first field
// (or, for the recovery codes, to their heading).

import { api } from "../api.js";
import { encode } from "../../vendor/uqr.js";
import { codeField, field, focusElement, h, loadingText, notice, portalForm, retryNotice, uid } from "../ui.js";

const SVG = "http://www.w3.org/2000/svg";

/** The section; `afterChange` runs after every change (the audit log reloads). */
export function twoFactorSection(options, afterChange) {
  const headingId = "kc-two-factor-heading";
  const element = h(
    "section",
    { class: "kc-section", id: "kc-two-factor", "aria-labelledby": headingId },
    h("h2", { id: headingId }, "Zwei-Faktor-Anmeldung"),
    h(
      "p",
      { class: "kc-section__intro" },
      "Mit der Zwei-Faktor-Anmeldung fragen wir bei jeder Anmeldung zusätzlich zum Passwort einen Code " +
        "aus einer Authenticator-App auf Ihrem Smartphone ab. Wer nur Ihr Passwort kennt, kommt dann " +
        "nicht in Ihr Konto.",
    ),
  );
  const done = notice("success");
  const problem = notice("error");
  const loading = "Der Status der Zwei-Faktor-Anmeldung wird geladen …";
  const body = h("div", { class: "kc-two-factor" }, loadingText(loading));
  element.append(done.element, problem.element, body);
  let status = null;

  async function reload({ focus = null, retried = false } = {}) {
    problem.clear();
    if (retried) body.replaceChildren(loadingText(loading));
    body.setAttribute("aria-busy", "true");
    try {
      status = await api.get("/auth/two-factor", options);
    } catch (error) {
      if (error?.name === "AbortError" || error?.redirecting) return;
      // Only this part failed: its own "Erneut versuchen" loads just this part again.
      const retry = retryNotice(error.message, () => reload({ retried: true }));
      body.replaceChildren(retry);
      if (retried) focusElement(retry);
      return;
    } finally {
      body.removeAttribute("aria-busy");
    }
    showStatus(focus);
  }

  function showStatus(focus) {
    const actions = h("div", { class: "kc-form__actions" });
    const summary = h(
      "p",
      { class: "kc-two-factor__status" },
      "Status: ",
      h("strong", {}, status.enabled ? "Eingeschaltet" : "Ausgeschaltet"),
    );
    const children = [summary];
    if (status.enabled) {
      const left = status.recovery_codes_left;
      children.push(
        h(
          "p",
          {},
          left === 1
            ? "Sie haben noch 1 unbenutzten Wiederherstellungscode."
            : `Sie haben noch ${left} unbenutzte Wiederherstellungscodes.`,
          left <= 3 ? " Erzeugen Sie bitte neue Codes, bevor alle verbraucht sind." : "",
        ),
      );
      actions.append(
        button("Neue Wiederherstellungscodes", () => showConfirm("renew"), "secondary"),
        button("Ausschalten", () => showConfirm("disable"), "secondary"),
      );
    } else {
      actions.append(button("Einschalten", showPassword));
    }
    children.push(actions);
    body.replaceChildren(...children);
    if (focus) focus(actions);
  }

  function button(label, onClick, kind = "primary") {
    const element = h(
      "button",
      { type: "button", class: `kc-button${kind === "secondary" ? " kc-button--secondary" : ""}` },
      label,
    );
    element.addEventListener("click", () => {
      done.clear();
      onClick();
    });
    return element;
  }

  function cancelButton() {
    return button("Abbrechen", () => showStatus((actions) => actions.querySelector("button")?.focus()), "secondary");
  }

  function passwordField() {
    return field({
      name: "password",
      label: "Passwort",
      type: "password",
      autocomplete: "current-password",
      required: true,
      hint: "Zur Sicherheit bestätigen Sie die Änderung mit Ihrem Passwort.",
    });
  }

  // Einschalten, Schritt 1: Passwort

  function showPassword() {
    const password = passwordField();
    const alert = notice("error");
    const { form } = portalForm({
      alert,
      label: "Zwei-Faktor-Anmeldung einschalten",
      head: h("h3", {}, "Schritt 1 von 3: Passwort bestätigen"),
      submitLabel: "Weiter",
      actions: cancelButton(),
      fields: [password],
      validate: () => (password.value ? {} : { password: "Bitte geben Sie Ihr Passwort ein." }),
      async submit() {
        const setup = await api.post("/auth/two-factor/setup", { password: password.value }, options);
        showSetup(setup);
      },
      onError: tooManyOrConflict(alert),
    });
    body.replaceChildren(form);
    password.focus();
  }

  // Einschalten, Schritt 2: App einrichten und Code eingeben

  function showSetup(setup) {
    const stepsId = uid("two-factor-steps");
    const code = codeField({ describedBy: [stepsId] });
    const alert = notice("error");
    const head = [
      h("h3", {}, "Schritt 2 von 3: Authenticator-App einrichten"),
      h(
        "ol",
        { id: stepsId, class: "kc-two-factor__steps" },
        h(
          "li",
          {},
          "Öffnen Sie Ihre Authenticator-App (zum Beispiel FreeOTP, Aegis oder die App Ihres " +
            "Passwort-Managers) und fügen Sie ein neues Konto hinzu.",
        ),
        h("li", {}, "Scannen Sie den QR-Code oder tippen Sie den Schlüssel ein."),
        h("li", {}, "Geben Sie den 6-stelligen Code ein, den die App anzeigt."),
      ),
      qrCode(setup.otpauth_uri),
      h(
        "p",
        { class: "kc-two-factor__secret" },
        "Schlüssel zum Eintippen: ",
        h("code", { class: "kc-two-factor__key" }, setup.secret),
      ),
      h(
        "p",
        { class: "kc-muted" },
        "Die Einrichtung ist 10 Minuten gültig. Art: zeitbasiert (TOTP), 6 Stellen, alle 30 Sekunden.",
      ),
    ];
    const { form } = portalForm({
      alert,
      label: "Authenticator-App einrichten",
      head,
      submitLabel: "Einschalten",
      actions: cancelButton(),
      fields: [code],
      validate: () => (code.value.trim() ? {} : { code: "Bitte geben Sie den Code aus Ihrer App ein." }),
      async submit() {
        const result = await api.post(
          "/auth/two-factor/enable",
          { code: code.value.replace(/\s+/g, ""), version: setup.version },
          options,
        );
        showCodes(result.recovery_codes, "Die Zwei-Faktor-Anmeldung ist eingeschaltet.");
        afterChange();
      },
      onError(error) {
        if (error.code === "StaleWrite" || error.code === "TwoFactorSetupExpired") {
          reload().then(() => problem.show(error.message, { focus: true }));
          return true;
        }
        return tooManyOrConflict(alert)(error);
      },
    });
    body.replaceChildren(form);
    code.focus();
  }

  // Schritt 3 (und neue Codes): Wiederherstellungscodes, einmal angezeigt

  function showCodes(codes, title) {
    const headingId = uid("recovery-heading");
    const heading = h("h3", { id: headingId }, "Ihre Wiederherstellungscodes");
    const saved = button("Ich habe die Codes gespeichert", () =>
      reload({ focus: () => done.show(`${title} Ihre Wiederherstellungscodes sind gespeichert.`, { focus: true }) }),
    );
    const download = button("Codes herunterladen", () => downloadCodes(codes), "secondary");
    const box = h(
      "div",
      { class: "kc-two-factor__codes", role: "group", "aria-labelledby": headingId },
      h("p", { class: "kc-notice kc-notice--success" }, title),
      heading,
      h(
        "p",
        {},
        "Mit jedem dieser Codes können Sie sich einmal anmelden, wenn Sie Ihr Smartphone nicht zur Hand " +
          "haben. Bewahren Sie sie sicher auf, zum Beispiel ausgedruckt oder in Ihrem Passwort-Manager. " +
          "Wir zeigen sie nur jetzt an.",
      ),
      h("ol", { class: "kc-two-factor__list" }, codes.map((item) => h("li", {}, h("code", {}, item)))),
      h("div", { class: "kc-form__actions" }, download, saved),
    );
    body.replaceChildren(box);
    focusElement(heading);
  }

  function downloadCodes(codes) {
    const text =
      "unicorn 2 Kundencenter – Wiederherstellungscodes\r\n" +
      "Jeder Code gilt für eine Anmeldung.\r\n\r\n" +
      codes.join("\r\n") +
      "\r\n";
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const link = h("a", { href: url, download: "unicorn2-wiederherstellungscodes.txt", hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // Ausschalten, neue Codes: Passwort und ein Code

  function showConfirm(kind) {
    const renew = kind === "renew";
    const password = passwordField();
    const code = field({
      name: "code",
      label: "Code aus der App oder Wiederherstellungscode",
      autocomplete: "one-time-code",
      autocapitalize: "none",
      spellcheck: "false",
      required: true,
      maxlength: "32",
    });
    const alert = notice("error");
    const title = renew ? "Neue Wiederherstellungscodes erzeugen" : "Zwei-Faktor-Anmeldung ausschalten";
    const { form } = portalForm({
      alert,
      label: title,
      head: [
        h("h3", {}, title),
        h(
          "p",
          {},
          renew
            ? "Ihre bisherigen Wiederherstellungscodes gelten danach nicht mehr."
            : "Danach melden Sie sich wieder nur mit Ihrem Passwort an; Ihre Wiederherstellungscodes gelten nicht mehr.",
        ),
      ],
      submitLabel: renew ? "Neue Codes erzeugen" : "Ausschalten",
      actions: cancelButton(),
      fields: [password, code],
      validate() {
        const problems = {};
        if (!password.value) problems.password = "Bitte geben Sie Ihr Passwort ein.";
        if (!code.value.trim()) problems.code = "Bitte geben Sie einen Code ein.";
        return problems;
      },
      async submit() {
        const payload = { password: password.value, code: code.value.trim() };
        if (renew) {
          const result = await api.post("/auth/two-factor/recovery-codes", payload, options);
          showCodes(result.recovery_codes, "Neue Wiederherstellungscodes wurden erzeugt.");
        } else {
          await api.post("/auth/two-factor/disable", payload, options);
          await reload({ focus: () => done.show("Die Zwei-Faktor-Anmeldung ist ausgeschaltet.", { focus: true }) });
        }
        afterChange();
      },
      onError: tooManyOrConflict(alert),
    });
    body.replaceChildren(form);
    password.focus();
  }

  function tooManyOrConflict(alert) {
    return (error) => {
      if (error.status === 409) {
        reload().then(() => problem.show(error.message, { focus: true }));
        return true;
      }
      if (error.status === 429) {
        alert.show(error.message, { focus: true });
        return true;
      }
      return false;
    };
  }

  return { element, reload };
}

/** The otpauth URI as a QR code: an SVG built from the module matrix (no markup, no inline styles). */
function qrCode(uri) {
  const { data, size } = encode(uri, { ecc: "M", border: 4 });
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("class", "kc-two-factor__qr");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "QR-Code für Ihre Authenticator-App. Alternativ tippen Sie den Schlüssel darunter ein.");
  svg.setAttribute("shape-rendering", "crispEdges");
  const background = document.createElementNS(SVG, "rect");
  background.setAttribute("width", String(size));
  background.setAttribute("height", String(size));
  background.setAttribute("fill", "#fff");
  let path = "";
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    }),
  );
  const modules = document.createElementNS(SVG, "path");
  modules.setAttribute("d", path);
  modules.setAttribute("fill", "#000");
  svg.append(background, modules);
  return h("div", { class: "kc-two-factor__qr-frame" }, svg);
}
