// Weitere Kontaktdaten: up to 10 further e-mail addresses and 10 phone numbers, what each is used for,
// confirmation links for addresses, delete with a confirmation dialog.

import { request } from "../api.js";
import {
  chipGroup,
  confirmDialog,
  field,
  focusElement,
  h,
  hiddenText,
  loadingText,
  notice,
  portalForm,
  retryNotice,
  setBusy,
} from "../ui.js";

export const access = "session";

const LIMIT = 10;
const PURPOSES = [
  ["rechnungen", "Rechnungen"],
  ["support", "Support"],
  ["technik", "Technik"],
];

const KINDS = {
  emails: {
    title: "E-Mail-Adressen",
    intro:
      "Anfragen von bestätigten Adressen ordnen wir sofort Ihrem Kundenkonto zu. Jede neue Adresse bestätigen " +
      "Sie über einen Link, den wir ihr schicken; er gilt 7 Tage.",
    noun: "E-Mail-Adresse",
    empty: "Sie haben noch keine weiteren E-Mail-Adressen hinterlegt.",
    addTitle: "E-Mail-Adresse hinzufügen",
    full: "Sie haben 10 von 10 weiteren E-Mail-Adressen hinterlegt. Löschen Sie zuerst eine Adresse, bevor Sie eine neue hinzufügen.",
    path: "/contacts/emails",
    valueName: "address",
  },
  phones: {
    title: "Telefonnummern",
    intro:
      "Anrufe von hinterlegten Nummern ordnen wir Ihrem Kundenkonto zu. Eine neue Nummer bestätigt unser " +
      "Support, zum Beispiel bei einem Anruf.",
    noun: "Telefonnummer",
    empty: "Sie haben noch keine weiteren Telefonnummern hinterlegt.",
    addTitle: "Telefonnummer hinzufügen",
    full: "Sie haben 10 von 10 weiteren Telefonnummern hinterlegt. Löschen Sie zuerst eine Nummer, bevor Sie eine neue hinzufügen.",
    path: "/contacts/phones",
    valueName: "number",
  },
};

export async function mount(root, { signal }) {
  const page = { root, options: { signal, session: true }, contacts: null, sections: {} };
  await load(page);
}

async function load(page, { focus = null } = {}) {
  const { root } = page;
  root.replaceChildren(loadingText("Ihre Kontaktdaten werden geladen …"));
  try {
    page.contacts = await request("GET", "/contacts", page.options);
  } catch (error) {
    if (error?.name === "AbortError" || error?.redirecting) return;
    const retry = retryNotice(error.message, () => load(page, { focus }));
    root.replaceChildren(retry);
    focusElement(retry.querySelector("button"));
    return;
  }
  page.sections = { emails: kindSection(page, "emails"), phones: kindSection(page, "phones") };
  root.replaceChildren(page.sections.emails.element, page.sections.phones.element);
  if (focus) focusElement(document.getElementById(focus));
}

/** The list of one kind again from the API, keeping the other list as it is. */
async function refresh(page, kind) {
  page.contacts = await request("GET", "/contacts", page.options);
  page.sections[kind].render();
}

function purposeText(values) {
  const labels = PURPOSES.filter(([value]) => values.includes(value)).map(([, label]) => label);
  return labels.length ? labels.join(", ") : "keine Angabe";
}

function kindSection(page, kind) {
  const config = KINDS[kind];
  const headingId = `kc-${kind}-heading`;
  const counter = h("span", { class: "kc-counter" });
  const heading = h("h2", { id: headingId }, config.title, " ", counter);
  const status = notice("success");
  const list = h("ul", { class: "kc-contacts", "aria-labelledby": headingId });
  const full = h("p", { class: "kc-notice kc-notice--info" });
  const element = h(
    "section",
    { class: "kc-section", id: `kc-${kind}`, "aria-labelledby": headingId },
    heading,
    h("p", { class: "kc-section__intro" }, config.intro),
    status.element,
    list,
    addForm(),
  );

  function render() {
    const items = page.contacts[kind];
    counter.textContent = `${items.length} von ${LIMIT}`;
    list.replaceChildren(...(items.length ? items.map(item) : [h("li", { class: "kc-contact kc-contact--empty" }, config.empty)]));
    full.hidden = items.length < LIMIT;
    full.textContent = items.length >= LIMIT ? config.full : "";
  }

  function item(contact) {
    const itemStatus = notice("success");
    const purposes = chipGroup({
      name: `purposes-${contact.id}`,
      legend: `Verwenden für ${contact.value}`,
      options: PURPOSES,
      values: contact.purposes,
      legendHidden: true,
    });
    let saving = Promise.resolve();
    let saved = [...contact.purposes];
    for (const input of purposes.inputs) {
      input.addEventListener("change", () => {
        itemStatus.clear();
        saving = saving.then(() => savePurposes());
      });
    }
    async function savePurposes() {
      const wanted = purposes.values();
      if (wanted.join() === saved.join()) return;
      try {
        const updated = await request("PATCH", `/contacts/${kind}/${encodeURIComponent(contact.id)}`, {
          ...page.options,
          body: { purposes: wanted },
        });
        saved = updated.purposes;
        contact.purposes = updated.purposes;
        itemStatus.show(`Gespeichert: verwendet für ${purposeText(updated.purposes)}.`);
      } catch (error) {
        if (error?.name === "AbortError" || error?.redirecting) return;
        purposes.set(saved);
        itemStatus.show(error.message, { tone: "error" });
      }
    }

    const remove = h(
      "button",
      { type: "button", class: "kc-button kc-button--secondary kc-contact__delete" },
      "Löschen",
      hiddenText(`: ${contact.value}`),
    );
    remove.addEventListener("click", () => removeContact(contact, remove));

    const badge = contact.verified ? null : h("span", { class: "kc-badge kc-badge--warning" }, "nicht bestätigt");
    let resend = null;
    if (!contact.verified && kind === "emails") {
      resend = h(
        "button",
        { type: "button", class: "kc-link-button" },
        "Link erneut senden",
        hiddenText(` an ${contact.value}`),
      );
      resend.addEventListener("click", async () => {
        itemStatus.clear();
        const restore = setBusy(resend);
        try {
          const answer = await request("POST", `/contacts/emails/${encodeURIComponent(contact.id)}/resend`, page.options);
          restore();
          itemStatus.show(answer?.Message || `Wir haben den Bestätigungslink erneut an ${contact.value} geschickt.`, {
            focus: true,
          });
        } catch (error) {
          if (error?.name === "AbortError" || error?.redirecting) return;
          restore();
          itemStatus.show(error.message, { tone: "error", focus: true });
        }
      });
    }
    return h(
      "li",
      { class: "kc-contact", "data-contact-id": contact.id },
      h(
        "div",
        { class: "kc-contact__head" },
        h("span", { class: "kc-contact__value" }, contact.value),
        badge,
        resend,
      ),
      h("div", { class: "kc-contact__purposes" }, h("span", { class: "kc-contact__label", "aria-hidden": "true" }, "Verwenden für:"), purposes.element),
      itemStatus.element,
      h("div", { class: "kc-contact__actions" }, remove),
    );
  }

  async function removeContact(contact, button) {
    status.clear();
    const confirmed = await confirmDialog({
      title: `${config.noun} löschen?`,
      text:
        `„${contact.value}“ wird aus Ihren weiteren Kontaktdaten gelöscht. Anfragen ` +
        (kind === "emails" ? "von dieser Adresse" : "von dieser Nummer") +
        " ordnen wir Ihrem Kundenkonto danach nicht mehr automatisch zu.",
      confirmLabel: "Löschen",
      container: page.root,
    });
    if (!confirmed) return;
    const restore = setBusy(button);
    try {
      await request("DELETE", `/contacts/${kind}/${encodeURIComponent(contact.id)}`, page.options);
    } catch (error) {
      if (error?.name === "AbortError" || error?.redirecting) return;
      restore();
      if (error.status !== 404) {
        status.show(error.message, { tone: "error", focus: true });
        return;
      }
    }
    try {
      await refresh(page, kind);
    } catch (error) {
      if (error?.name === "AbortError" || error?.redirecting) return;
      page.contacts = { ...page.contacts, [kind]: page.contacts[kind].filter((entry) => entry.id !== contact.id) };
      render();
    }
    status.show(`Die ${config.noun} ${contact.value} wurde gelöscht.`, { focus: true });
  }

  function addForm() {
    const value =
      kind === "emails"
        ? field({ name: "address", label: "E-Mail-Adresse", type: "email", autocomplete: "off", required: true, maxlength: "254", spellcheck: "false", autocapitalize: "none" })
        : field({
            name: "number",
            label: "Telefonnummer",
            type: "tel",
            autocomplete: "off",
            required: true,
            maxlength: "40",
            hint: "Mit Vorwahl, zum Beispiel 0151 23456789 oder +43 664 1234567.",
          });
    const purposes = chipGroup({
      name: "purposes",
      legend: "Verwenden für",
      options: PURPOSES,
      hint: "Optional. Sie können das später jederzeit ändern.",
    });
    const formHeadingId = `kc-${kind}-add-heading`;
    const { form, alert } = portalForm({
      labelledBy: formHeadingId,
      className: "kc-contacts__add",
      head: [h("h3", { id: formHeadingId }, config.addTitle), full],
      submitLabel: "Hinzufügen",
      fields: [value, purposes],
      validate() {
        const text = value.value.trim();
        if (!text) return { [config.valueName]: kind === "emails" ? "Bitte geben Sie eine E-Mail-Adresse ein." : "Bitte geben Sie eine Telefonnummer ein." };
        if (kind === "emails" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text))
          return { address: "Bitte geben Sie eine gültige E-Mail-Adresse ein." };
        return {};
      },
      async submit() {
        status.clear();
        const created = await request("POST", config.path, {
          ...page.options,
          body: { [config.valueName]: value.value.trim(), purposes: purposes.values() },
        });
        form.reset();
        try {
          await refresh(page, kind);
        } catch (error) {
          if (error?.name === "AbortError" || error?.redirecting) return;
          page.contacts = { ...page.contacts, [kind]: [...page.contacts[kind], created] };
          render();
        }
        status.show(
          kind === "emails"
            ? `Wir haben einen Bestätigungslink an ${created.value} geschickt. Bitte öffnen Sie ihn innerhalb von 7 Tagen.`
            : `Die Telefonnummer ${created.value} wurde hinzugefügt.`,
          { focus: true },
        );
      },
      onError(error) {
        if (error.status === 409 && !Object.keys(error.fields || {}).length) {
          alert.show(error.message, { focus: true });
          return true;
        }
        return false;
      },
    });
    return form;
  }

  render();
  return { element, render };
}
