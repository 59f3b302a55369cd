// Übersicht: greeting, the customer's data and the areas of the Kundencenter that exist.

import { siteUrl } from "../api.js";
import { h } from "../ui.js";

export const access = "session";

// Areas the portal offers today; each later page adds its entry here.
const AREAS = [
  {
    href: "kundencenter/persoenliche-daten/",
    title: "Persönliche Daten",
    text: "Anschrift, Firma und Umfirmierung, Login-E-Mail-Adresse, Bankverbindung und Datenexport.",
  },
  {
    href: "kundencenter/weitere-kontaktdaten/",
    title: "Weitere Kontaktdaten",
    text: "Bis zu 10 weitere E-Mail-Adressen und 10 Telefonnummern Ihres Teams hinterlegen.",
  },
  {
    href: "kundencenter/vertragsdaten/",
    title: "Vertragsdaten",
    text: "Lizenz und Zusatzoptionen ansehen, upgraden oder downgraden, mit Preisvorschau vor jeder Änderung.",
  },
  {
    href: "kundencenter/statistik/",
    title: "Statistik",
    text: "Bestellungen und Umsatz als Diagramm, Umsatzanteil nach Verkaufskanal, Gesamtsummen und Auftragsliste.",
  },
  {
    href: "kundencenter/rechnungen/",
    title: "Rechnungen",
    text: "Rechnungen nach Jahr, Download als PDF mit E-Rechnung und alle Rechnungen eines Jahres als ZIP.",
  },
  {
    href: "kundencenter/sicherheit/",
    title: "Sicherheit",
    text: "Passwort ändern, angemeldete Geräte abmelden und das Sicherheitsprotokoll ansehen.",
  },
];

function greeting(customer) {
  const salutation = ["Frau", "Herr"].includes(customer.salutation) ? `${customer.salutation} ` : "";
  return customer.name ? `Guten Tag ${salutation}${customer.name}!` : "Guten Tag!";
}

function card({ href, title, text }) {
  return h(
    "li",
    { class: "kc-card" },
    h("a", { href, class: "kc-card__link" }, h("span", { class: "kc-card__title" }, title), h("span", { class: "kc-card__text" }, text)),
  );
}

export function mount(root, { customer }) {
  const rows = [
    ["Kundennummer", customer.customer_number],
    ["Name", customer.name],
    ["Firma", customer.company],
    ["E-Mail-Adresse", customer.email],
  ].filter(([, value]) => value);

  root.append(
    h("p", { class: "kc-greeting" }, greeting(customer)),
    h(
      "section",
      { class: "kc-section", "aria-labelledby": "kc-overview-data" },
      h("h2", { id: "kc-overview-data" }, "Ihre Kundendaten"),
      h(
        "dl",
        { class: "kc-facts" },
        rows.map(([term, value]) => h("div", { class: "kc-facts__row" }, h("dt", {}, term), h("dd", {}, value))),
      ),
      h(
        "p",
        { class: "kc-muted" },
        "Ihre Kundennummer ändert sich nie. Geben Sie sie bitte bei Fragen an unseren Support an.",
      ),
    ),
    h(
      "section",
      { class: "kc-section", "aria-labelledby": "kc-overview-areas" },
      h("h2", { id: "kc-overview-areas" }, "Was möchten Sie tun?"),
      h(
        "ul",
        { class: "kc-cards" },
        AREAS.map((area) => card({ ...area, href: siteUrl(area.href) })),
        card({
          href: siteUrl(""),
          title: "Hilfe-Center",
          text: "Antworten auf häufige Fragen zu Kundencenter, Vertrag, Rechnungen und Support.",
        }),
      ),
    ),
  );
}
