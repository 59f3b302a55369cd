// Rechnungen: the invoices of one year (year picker), search by number or amount, a PDF per row and
// all invoices of the year as one ZIP. A Rechnungskorrektur (credit note) is a row of its own, named as
// such with its negative amount; the invoice it corrects says "korrigiert durch …".

import { apiUrl, request, siteUrl } from "../api.js";
import {
  berlinToday,
  downloadLink,
  field,
  focusElement,
  h,
  hiddenText,
  isUnavailable,
  loadingText,
  longDate,
  money,
  notice,
  retryNotice,
  selectField,
  stackedTable,
  unavailableNotice,
} from "../ui.js";

export const access = "session";

const YEARS_KEPT = 10; // invoices stay available for 10 years
const MAX_PAGES = 20; // a year holds a few dozen invoices at most; never loop on a broken cursor
const STATUS_LABELS = { offen: "offen", bezahlt: "bezahlt", erstattet: "erstattet", open: "offen", paid: "bezahlt" };
const CORRECTION = "rechnungskorrektur";
const UNAVAILABLE_MESSAGE =
  "Ihre Rechnungen können wir im Moment nicht anzeigen. Bitte versuchen Sie es später erneut. " +
  "Jede Rechnung schicken wir Ihnen außerdem per E-Mail.";

function first(object, ...names) {
  for (const name of names) {
    if (object && object[name] !== undefined && object[name] !== null) return object[name];
  }
  return null;
}

function normalizeInvoice(raw) {
  const period = first(raw, "period") || {};
  const gross = first(raw, "gross_cents", "total_gross_cents", "gross");
  const number = String(first(raw, "number", "invoice_number"));
  return {
    number,
    date: first(raw, "date", "issued_on", "invoice_date"),
    periodStart: first(raw, "period_start") || (typeof period === "string" ? null : first(period, "start", "from")),
    periodEnd: first(raw, "period_end") || (typeof period === "string" ? null : first(period, "end", "to")),
    periodText: typeof period === "string" ? period : null,
    gross: typeof gross === "number" ? gross : null,
    status: first(raw, "status") || "",
    correction: first(raw, "kind") === CORRECTION,
    corrects: first(raw, "corrects"),
    correctedBy: Array.isArray(raw.corrected_by) ? raw.corrected_by.map(String) : [],
    pdf: first(raw.links || {}, "pdf") || apiUrl(`/invoices/${encodeURIComponent(number)}/pdf`),
  };
}

export async function mount(root, { signal }) {
  const thisYear = Number(berlinToday().slice(0, 4));
  const page = { root, options: { signal, session: true }, year: thisYear, invoices: [], years: null };
  await load(page);
}

async function fetchYear(page, year) {
  const invoices = [];
  let cursor = null;
  let years = null;
  let archive = null;
  for (let count = 0; count < MAX_PAGES; count += 1) {
    const query = new URLSearchParams({ year: String(year) });
    if (cursor) query.set("cursor", cursor);
    const answer = await request("GET", `/invoices?${query}`, page.options);
    const items = Array.isArray(answer) ? answer : first(answer, "items", "invoices") || [];
    invoices.push(...items.map(normalizeInvoice));
    years = years || first(answer, "years");
    archive = archive || first(answer?.links || {}, "archive");
    cursor = Array.isArray(answer) ? null : first(answer, "next_cursor", "cursor");
    if (!cursor) break;
  }
  return { invoices, years, archive };
}

async function load(page, { focus = null } = {}) {
  const { root } = page;
  if (!page.element) root.replaceChildren(loadingText("Ihre Rechnungen werden geladen …"));
  else page.list.replaceChildren(loadingText(`Die Rechnungen ${page.year} werden geladen …`));
  try {
    const { invoices, years, archive } = await fetchYear(page, page.year);
    page.invoices = invoices;
    page.archive = archive;
    if (Array.isArray(years) && years.length) page.years = years.map(Number);
  } catch (error) {
    if (error?.name === "AbortError" || error?.redirecting) return;
    if (isUnavailable(error)) {
      page.element = null;
      root.replaceChildren(unavailableNotice(UNAVAILABLE_MESSAGE, { href: siteUrl("rechnungen/"), label: "Hilfe zu Rechnungen" }));
      return;
    }
    const retry = retryNotice(error.message, () => load(page, { focus }));
    if (page.element) page.list.replaceChildren(retry);
    else root.replaceChildren(retry);
    focusElement(retry.querySelector("button"));
    return;
  }
  if (!page.element) build(page);
  renderList(page);
  if (focus) focusElement(focus);
}

function yearOptions(page) {
  const thisYear = Number(berlinToday().slice(0, 4));
  const years = page.years?.length
    ? [...new Set([...page.years, page.year])].sort((a, b) => b - a)
    : Array.from({ length: YEARS_KEPT }, (_, index) => thisYear - index);
  return years.map((year) => [String(year), String(year)]);
}

function build(page) {
  const year = selectField({ name: "year", label: "Jahr", options: yearOptions(page), value: String(page.year) });
  const search = field({
    name: "search",
    label: "Suchen",
    type: "search",
    autocomplete: "off",
    hint: "Rechnungsnummer oder Betrag, zum Beispiel 2026-000123 oder 35,58",
  });
  page.count = h("p", { class: "kc-invoices__count", role: "status" });
  page.list = h("div", { class: "kc-invoices__list" });
  page.zip = h("p", { class: "kc-invoices__zip" });
  page.problem = notice("error");
  // PDF and ZIP come as binary only to a request that asks for their type (API Gateway), so a click
  // fetches them with that Accept header and saves the answer under the server's file name.
  const onDownload = (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[data-accept]") : null;
    if (!link) return;
    event.preventDefault();
    downloadLink(link, { problem: page.problem, signal: page.options.signal });
  };
  page.search = search;
  year.input.addEventListener("change", () => {
    page.year = Number(year.value);
    search.input.value = "";
    load(page);
  });
  search.input.addEventListener("input", () => renderList(page));
  page.element = h(
    "section",
    { class: "kc-section", id: "kc-invoices", "aria-labelledby": "kc-invoices-heading" },
    h("h2", { id: "kc-invoices-heading" }, "Ihre Rechnungen"),
    h(
      "p",
      { class: "kc-section__intro" },
      "Jede Rechnung ist ein PDF mit eingebetteter E-Rechnung (ZUGFeRD / Factur-X, Profil EN 16931). Geben Sie die heruntergeladene Datei unverändert an Ihre Buchhaltung weiter.",
    ),
    h(
      "div",
      { class: "kc-invoices__filters", role: "search", "aria-label": "Rechnungen filtern" },
      year.element,
      search.element,
    ),
    page.problem.element,
    page.count,
    page.list,
    page.zip,
  );
  page.element.addEventListener("click", onDownload);
  page.root.replaceChildren(page.element);
}

function compact(text) {
  return text.toLowerCase().replace(/[\s\u00a0€]/g, "");
}

function matches(invoice, query) {
  if (!query) return true;
  const texts = [invoice.number];
  if (invoice.gross !== null) {
    const formatted = money(invoice.gross); // "1.234,56 €"
    texts.push(formatted, formatted.replace(/\./g, ""), (invoice.gross / 100).toFixed(2));
  }
  return texts.some((text) => compact(text).includes(query));
}

function periodCell(invoice) {
  if (invoice.periodText) return invoice.periodText;
  if (!invoice.periodStart) return "–";
  const start = longDate(String(invoice.periodStart).slice(0, 10), { weekday: false });
  if (!invoice.periodEnd) return start;
  return h("span", {}, start, " bis ", longDate(String(invoice.periodEnd).slice(0, 10), { weekday: false }));
}

// "Rechnung 2026-000123" or "Rechnungskorrektur 2026-000124": the document's name in link texts.
function documentName(invoice) {
  return `${invoice.correction ? "Rechnungskorrektur" : "Rechnung"} ${invoice.number}`;
}

// A number in a note never breaks at its hyphen.
function numbers(list) {
  return list.flatMap((number, index) => [index ? ", " : "", h("span", { class: "kc-invoices__number" }, number)]);
}

function numberCell(invoice) {
  let note = null;
  if (invoice.correction) {
    note = ["Rechnungskorrektur zu ", numbers([invoice.corrects || "–"])];
  } else if (invoice.correctedBy.length) {
    note = ["korrigiert durch ", numbers(invoice.correctedBy)];
  }
  if (!note) return h("th", { scope: "row" }, invoice.number);
  return h("th", { scope: "row" }, invoice.number, " ", h("span", { class: "kc-invoices__note" }, note));
}

function countText(documents, year) {
  const corrections = documents.filter((invoice) => invoice.correction).length;
  const invoices = documents.length - corrections;
  const parts = [invoices === 1 ? "1 Rechnung" : `${invoices} Rechnungen`];
  if (corrections) parts.push(corrections === 1 ? "1 Rechnungskorrektur" : `${corrections} Rechnungskorrekturen`);
  return `${parts.join(" und ")} aus ${year}`;
}

function renderList(page) {
  const query = compact(page.search.value);
  const shown = page.invoices.filter((invoice) => matches(invoice, query));
  const total = page.invoices.length;
  if (!total) page.count.textContent = `Für ${page.year} gibt es keine Rechnungen.`;
  else if (query) page.count.textContent = `${shown.length} von ${total} Rechnungen aus ${page.year} passen zu Ihrer Suche.`;
  else page.count.textContent = `${countText(page.invoices, page.year)}.`;

  if (!shown.length) {
    page.list.replaceChildren(
      total ? h("p", { class: "kc-muted" }, "Keine Rechnung passt zu Ihrer Suche. Prüfen Sie die Rechnungsnummer oder den Betrag, oder wählen Sie ein anderes Jahr.") : "",
    );
  } else {
    const captionId = "kc-invoices-caption";
    page.list.replaceChildren(
      h(
        "div",
        { class: "kc-table-wrapper", tabindex: "0", role: "region", "aria-labelledby": captionId },
        stackedTable(h(
          "table",
          { class: "kc-table kc-invoices" },
          h("caption", { id: captionId, class: "kc-visually-hidden" }, `Rechnungen ${page.year}`),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["Rechnungsnummer", "Datum", "Zeitraum", "Betrag (brutto)", "Status", "Download"].map((label) =>
                h("th", { scope: "col", class: label.startsWith("Betrag") ? "kc-invoices__amount" : null }, label),
              ),
            ),
          ),
          h(
            "tbody",
            {},
            shown.map((invoice) =>
              h(
                "tr",
                { "data-invoice": invoice.number, class: invoice.correction ? "kc-invoices__correction" : null },
                numberCell(invoice),
                h("td", {}, invoice.date ? longDate(String(invoice.date).slice(0, 10), { weekday: false }) : "–"),
                h("td", {}, periodCell(invoice)),
                h("td", { class: "kc-invoices__amount" }, invoice.gross === null ? "–" : money(invoice.gross)),
                h("td", {}, STATUS_LABELS[invoice.status] || invoice.status || "–"),
                h(
                  "td",
                  {},
                  h("a", { href: invoice.pdf, "data-accept": "application/pdf", "data-name": `${documentName(invoice).replace(" ", "-")}.pdf`, class: "kc-invoices__pdf" }, "PDF", hiddenText(` der ${documentName(invoice)}`)),
                ),
              ),
            ),
          ),
        )),
      ),
    );
  }
  page.zip.replaceChildren(
    total
      ? h(
          "a",
          {
            href: page.archive || apiUrl(`/invoices/archive?year=${encodeURIComponent(page.year)}`),
            "data-accept": "application/zip",
            "data-name": `Rechnungen-${page.year}.zip`,
            class: "kc-button kc-button--secondary",
          },
          `Alle Rechnungen ${page.year} als ZIP`,
        )
      : "",
  );
}

