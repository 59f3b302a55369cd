// Übersicht: greeting, the customer's data and a dashboard with a card per area (contract, next debit,
// newest invoice, open tickets, orders this month) from one request (GET /api/dashboard), then the
// other areas as link cards. Each card shows a skeleton until the answer is there; a card whose part
// could not be read says so and offers "Erneut versuchen" (the API answers the others all the same).

import { apiUrl, request, siteUrl } from "../api.js";
import { downloadLink, focusElement, h, hiddenText, longDate, money, notice, retryNotice } from "../ui.js";
import { STATUS_LABELS } from "./ticket-common.js";

export const access = "session";

// Areas without a card of their own: links only.
const LINK_AREAS = [
  {
    href: "kundencenter/persoenliche-daten/",
    title: "Persönliche Daten",
    text: "Anschrift, Firma und Umfirmierung, E-Mail-Adresse für die Anmeldung, Bankverbindung und Datenexport.",
  },
  {
    href: "kundencenter/weitere-kontaktdaten/",
    title: "Weitere Kontaktdaten",
    text: "Bis zu 10 weitere E-Mail-Adressen und 10 Telefonnummern Ihres Teams hinterlegen.",
  },
  {
    href: "kundencenter/sicherheit/",
    title: "Sicherheit",
    text: "Passwort ändern, Zwei-Faktor-Anmeldung, angemeldete Geräte und das Sicherheitsprotokoll.",
  },
  {
    href: "",
    title: "Hilfe-Center",
    text: "Antworten auf häufige Fragen zu Kundencenter, Vertrag, Rechnungen und Support.",
  },
];

// The dashboard's cards: API part, heading, its page and what a failed read says.
const CARDS = [
  {
    area: "contract",
    title: "Vertrag",
    link: ["kundencenter/vertragsdaten/", "Vertragsdaten ansehen"],
    failed: "Ihre Vertragsdaten konnten gerade nicht geladen werden.",
    render: contractBody,
  },
  {
    area: "debit",
    title: "Nächste Abbuchung",
    link: ["kundencenter/persoenliche-daten/", "Bankverbindung ansehen"],
    failed: "Die nächste Abbuchung konnte gerade nicht geladen werden.",
    render: debitBody,
  },
  {
    area: "invoice",
    title: "Neueste Rechnung",
    link: ["kundencenter/rechnungen/", "Alle Rechnungen"],
    failed: "Ihre neueste Rechnung konnte gerade nicht geladen werden.",
    render: invoiceBody,
  },
  {
    area: "tickets",
    title: "Tickets",
    link: ["kundencenter/tickets/", "Alle Tickets"],
    failed: "Ihre Tickets konnten gerade nicht geladen werden.",
    render: ticketsBody,
  },
  {
    area: "orders",
    title: "Bestellungen diesen Monat",
    link: ["kundencenter/statistik/", "Statistik ansehen"],
    failed: "Ihre Bestellzahlen konnten gerade nicht geladen werden.",
    render: ordersBody,
  },
];

const COUNT = new Intl.NumberFormat("de-DE");
const MONTH = new Intl.DateTimeFormat("de-DE", { timeZone: "UTC", month: "long", year: "numeric" });

function greeting(customer) {
  const salutation = ["Frau", "Herr"].includes(customer.salutation) ? `${customer.salutation} ` : "";
  return customer.name ? `Guten Tag ${salutation}${customer.name}!` : "Guten Tag!";
}

function linkCard({ href, title, text }) {
  return h(
    "li",
    { class: "kc-card" },
    h("a", { href, class: "kc-card__link" }, h("span", { class: "kc-card__title" }, title), h("span", { class: "kc-card__text" }, text)),
  );
}

function fact(label, value) {
  return h("div", { class: "kc-dash__fact" }, h("dt", {}, label), h("dd", {}, value));
}

function empty(text) {
  return h("p", { class: "kc-dash__empty" }, text);
}

// Card bodies: the part of the answer → elements.

function contractBody(contract) {
  if (!contract) return [empty("Zu Ihrem Kundenkonto gibt es noch keinen Vertrag.")];
  const product = contract.options.length ? `${contract.licence} mit ${contract.options.join(", ")}` : contract.licence;
  return [
    h("p", { class: "kc-dash__headline" }, product),
    h(
      "dl",
      { class: "kc-dash__facts" },
      fact("Monatlich", [money(contract.monthly_gross_cents), h("span", { class: "kc-dash__note" }, ` (${money(contract.monthly_net_cents)} zzgl. USt.)`)]),
    ),
  ];
}

function debitBody(debit) {
  if (!debit) return [empty("Es ist keine Abbuchung geplant.")];
  return [
    h("p", { class: "kc-dash__headline" }, longDate(debit.date)),
    h(
      "dl",
      { class: "kc-dash__facts" },
      fact("Betrag", debit.estimated ? [money(debit.amount_cents), h("span", { class: "kc-dash__note" }, " (voraussichtlich)")] : money(debit.amount_cents)),
      debit.invoice_number ? fact("Für", `Rechnung ${debit.invoice_number}`) : fact("Für", "die nächste Monatsrechnung"),
    ),
  ];
}

function invoiceBody(invoice, { signal }) {
  if (!invoice) return [empty("Sie haben noch keine Rechnung.")];
  const name = `Rechnung ${invoice.number}`;
  const problem = notice("error");
  const pdf = h(
    "a",
    {
      href: apiUrl(`/invoices/${encodeURIComponent(invoice.number)}/pdf`),
      class: "kc-button kc-button--secondary kc-dash__download",
      "data-name": `Rechnung-${invoice.number}.pdf`,
    },
    "PDF herunterladen",
    hiddenText(` (${name})`),
  );
  pdf.addEventListener("click", (event) => {
    event.preventDefault();
    downloadLink(pdf, { accept: "application/pdf", problem, signal });
  });
  const status = invoice.status === "bezahlt" ? "bezahlt" : ["offen, fällig am ", longDate(invoice.due_date, { weekday: false })];
  return [
    h("p", { class: "kc-dash__headline" }, name),
    h(
      "dl",
      { class: "kc-dash__facts" },
      fact("Datum", longDate(invoice.issue_date, { weekday: false })),
      fact("Betrag", money(invoice.gross_cents)),
      fact("Status", status),
    ),
    pdf,
    problem.element,
  ];
}

function ticketsBody(tickets) {
  const count = tickets.open === 1 ? "1 offenes Ticket" : `${COUNT.format(tickets.open)} offene Tickets`;
  const body = [h("p", { class: "kc-dash__headline" }, tickets.open ? count : "Keine offenen Tickets")];
  if (tickets.waiting_for_you) {
    body.push(h("p", { class: "kc-dash__attention" }, tickets.waiting_for_you === 1 ? "1 Ticket wartet auf Ihre Antwort." : `${COUNT.format(tickets.waiting_for_you)} Tickets warten auf Ihre Antwort.`));
  }
  if (tickets.newest.length) {
    body.push(
      h(
        "ul",
        { class: "kc-dash__list" },
        tickets.newest.map((ticket) =>
          h(
            "li",
            {},
            h("a", { href: siteUrl(`kundencenter/tickets/?ticket=${encodeURIComponent(ticket.id)}`) }, ticket.subject),
            h("span", { class: "kc-dash__note" }, ` – ${STATUS_LABELS[ticket.status] || ticket.status}`),
          ),
        ),
      ),
    );
  }
  body.push(h("p", {}, h("a", { href: siteUrl("kundencenter/tickets/?neu") }, "Neues Ticket erstellen")));
  return body;
}

function ordersBody(orders) {
  const [year, month] = orders.month.split("-").map(Number);
  const label = MONTH.format(new Date(Date.UTC(year, month - 1, 1)));
  return [
    h("p", { class: "kc-dash__headline" }, orders.orders === 1 ? "1 Bestellung" : `${COUNT.format(orders.orders)} Bestellungen`),
    h("dl", { class: "kc-dash__facts" }, fact("Zeitraum", `${label} bis heute`), fact("Umsatz", money(orders.revenue_cents))),
  ];
}

function skeleton() {
  return h(
    "div",
    { class: "kc-dash__skeleton", "aria-hidden": "true" },
    h("span", { class: "kc-skeleton kc-skeleton--wide" }),
    h("span", { class: "kc-skeleton" }),
    h("span", { class: "kc-skeleton kc-skeleton--short" }),
  );
}

function dashboard(root, { signal }) {
  const status = h("p", { class: "kc-visually-hidden", role: "status" });
  const cards = new Map();
  const list = h(
    "ul",
    { class: "kc-dash" },
    CARDS.map((card) => {
      const titleId = `kc-dash-${card.area}`;
      const body = h("div", { class: "kc-dash__body" });
      const element = h(
        "li",
        { class: "kc-dash__card", "data-area": card.area },
        h(
          "section",
          { "aria-labelledby": titleId },
          h("h3", { id: titleId, class: "kc-dash__title" }, card.title),
          body,
          h("p", { class: "kc-dash__more" }, h("a", { href: siteUrl(card.link[0]) }, card.link[1])),
        ),
      );
      cards.set(card.area, { card, element, body });
      return element;
    }),
  );
  root.append(
    h("section", { class: "kc-section", "aria-labelledby": "kc-overview-dashboard" }, h("h2", { id: "kc-overview-dashboard" }, "Auf einen Blick"), status, list),
  );

  async function load(areas, { retried = false } = {}) {
    for (const area of areas) {
      const { element, body } = cards.get(area);
      element.setAttribute("aria-busy", "true");
      body.replaceChildren(skeleton());
    }
    // The clicked "Erneut versuchen" is gone with the skeleton: focus goes to the first card asked again.
    if (retried) focusElement(cards.get(areas[0]).element.querySelector("h3"), { scroll: false });
    status.textContent = "Übersicht wird geladen …";
    let data = null;
    try {
      data = await request("GET", "/dashboard", { signal, session: true });
    } catch (error) {
      if (error?.name === "AbortError" || signal.aborted || error?.redirecting) return;
    }
    if (signal.aborted) return;
    const failed = data ? new Set(data.unavailable) : new Set(areas);
    for (const area of areas) {
      const { card, element, body } = cards.get(area);
      element.removeAttribute("aria-busy");
      if (failed.has(area)) {
        body.replaceChildren(retryNotice(card.failed, () => load([...cards.keys()].filter((name) => cards.get(name).broken), { retried: true })));
        cards.get(area).broken = true;
      } else {
        body.replaceChildren(...card.render(data[area], { signal }));
        cards.get(area).broken = false;
      }
    }
    status.textContent = failed.size ? "Übersicht geladen, nicht alle Bereiche sind verfügbar." : "Übersicht geladen.";
  }

  return load(CARDS.map((card) => card.area));
}

export async function mount(root, { customer, signal }) {
  const rows = [
    ["Kundennummer", customer.customer_number],
    ["Name", customer.name],
    ["Firma", customer.company],
    ["E-Mail-Adresse", customer.email],
  ].filter(([, value]) => value);

  root.append(h("p", { class: "kc-greeting" }, greeting(customer)));
  const loaded = dashboard(root, { signal });
  root.append(
    h(
      "section",
      { class: "kc-section", "aria-labelledby": "kc-overview-areas" },
      h("h2", { id: "kc-overview-areas" }, "Weitere Bereiche"),
      h(
        "ul",
        { class: "kc-cards" },
        LINK_AREAS.map((area) => linkCard({ ...area, href: siteUrl(area.href) })),
      ),
    ),
    h(
      "section",
      { class: "kc-section", "aria-labelledby": "kc-overview-data" },
      h("h2", { id: "kc-overview-data" }, "Ihre Kundendaten"),
      h(
        "dl",
        { class: "kc-facts" },
        rows.map(([term, value]) => h("div", { class: "kc-facts__row" }, h("dt", {}, term), h("dd", {}, value))),
      ),
      h("p", { class: "kc-muted" }, "Ihre Kundennummer ändert sich nie. Geben Sie sie bitte bei Fragen an unseren Support an."),
    ),
  );
  await loaded;
}
