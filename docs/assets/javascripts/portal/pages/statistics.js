// Statistik: orders and revenue over time and the revenue share by channel as SVG charts (Chartist,
// served from our origin), a range picker and the granularity, totals for the range and for all time,
// and the order list (filters, search, "Weitere laden"). Each chart has a menu (Drucken, PNG/SVG
// herunterladen, Daten als CSV) and its numbers as a table ("Daten als Tabelle").

import { BarChart, LineChart, PieChart } from "../../vendor/chartist.js";
import {
  SERVER_MESSAGE,
  apiUrl,
  request,
  siteUrl,
} from "../api.js";
import {
  berlinToday,
  dateTime,
  downloadLink,
  field,
  focusElement,
  h,
  hiddenText,
  isUnavailable,
  loadingText,
  money,
  notice,
  retryNotice,
  saveBlob,
  selectField,
  stackedTable,
  uid,
  unavailableNotice,
} from "../ui.js";

export const access = "session";

const SVG_NS = "http://www.w3.org/2000/svg";
const LIST_LIMIT = 19000;
const UNAVAILABLE_MESSAGE =
  "Ihre Statistik können wir im Moment nicht anzeigen. Bitte versuchen Sie es später erneut.";

const RANGES = [
  ["month", "Dieser Monat"],
  ["30", "Letzte 30 Tage"],
  ["year", "Dieses Jahr"],
  ["lastyear", "Letztes Jahr"],
  ["custom", "Benutzerdefiniert"],
];
const GRANULARITIES = [
  ["day", "Tag"],
  ["week", "Woche"],
  ["month", "Monat"],
];
const PER = { day: "pro Tag", week: "pro Woche", month: "pro Monat" };
const STATUSES = [
  ["", "Alle Status"],
  ["neu", "Neu"],
  ["bezahlt", "Bezahlt"],
  ["versendet", "Versendet"],
  ["storniert", "Storniert"],
];
const STATUS_LABELS = Object.fromEntries(STATUSES.filter(([value]) => value));

// Numbers and dates: de-DE, days as the API names them (Europe/Berlin calendar days, ISO).
const INTEGER = new Intl.NumberFormat("de-DE");
const EURO_AXIS = new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
const PERCENT = new Intl.NumberFormat("de-DE", { style: "percent", maximumFractionDigits: 1 });
const CSV_NUMBER = new Intl.NumberFormat("de-DE", { useGrouping: false, minimumFractionDigits: 2, maximumFractionDigits: 2 });
const CSV_SHARE = new Intl.NumberFormat("de-DE", { useGrouping: false, maximumFractionDigits: 1 });
const MONTH_YEAR = new Intl.DateTimeFormat("de-DE", { timeZone: "UTC", month: "long", year: "numeric" });
const MONTH_SHORT = new Intl.DateTimeFormat("de-DE", { timeZone: "UTC", month: "short", year: "2-digit" });

function parseDay(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
}

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

function addDays(iso, days) {
  const date = parseDay(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDay(date);
}

/** "01.11.2026" for "2026-11-01". */
function germanDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return match ? `${match[3]}.${match[2]}.${match[1]}` : "–";
}

function isoWeek(date) {
  const thursday = new Date(date);
  thursday.setUTCDate(date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7));
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  return 1 + Math.round((thursday - firstThursday) / 86400000 / 7 - ((firstThursday.getUTCDay() + 6) % 7) / 7 + 3 / 7);
}

/** The period of a bucket in words: "01.11.2026", "KW 45/2026 (ab 02.11.2026)", "November 2026". */
function periodText(start, granularity) {
  const date = parseDay(start);
  if (!date) return "–";
  if (granularity === "month") return MONTH_YEAR.format(date);
  if (granularity === "week") return `KW ${isoWeek(date)}/${start.slice(0, 4)} (ab ${germanDate(start)})`;
  return germanDate(start);
}

/** A short axis label: "01.11.", "KW 45", "Nov. 26". */
function periodLabel(start, granularity) {
  const date = parseDay(start);
  if (!date) return "";
  if (granularity === "month") return MONTH_SHORT.format(date);
  if (granularity === "week") return `KW ${isoWeek(date)}`;
  return `${start.slice(8, 10)}.${start.slice(5, 7)}.`;
}

function euros(cents) {
  return cents / 100;
}

/** The range of a preset as ISO days (Europe/Berlin), "to" being today at the latest. */
function presetRange(preset, today) {
  const year = Number(today.slice(0, 4));
  if (preset === "month") return { from: `${today.slice(0, 7)}-01`, to: today };
  if (preset === "year") return { from: `${year}-01-01`, to: today };
  if (preset === "lastyear") return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
  return { from: addDays(today, -29), to: today };
}

function defaultGranularity(preset) {
  return preset === "year" || preset === "lastyear" ? "month" : "day";
}

function rangeText(page) {
  return `${germanDate(page.from)} bis ${germanDate(page.to)}`;
}

// The API's answer, tolerant of the names the contract left open.

function figures(raw) {
  return {
    orders: Number(raw?.orders) || 0,
    revenue: Number(raw?.revenue_cents) || 0,
    items: Number(raw?.items) || 0,
  };
}

function normalizeStatistics(answer) {
  const buckets = new Map();
  const byChannel = new Map();
  for (const raw of answer?.series || []) {
    const start = String(raw.period_start ?? raw.start ?? "").slice(0, 10);
    const values = figures(raw);
    const bucket = buckets.get(start) || { start, orders: 0, revenue: 0, items: 0 };
    bucket.orders += values.orders;
    bucket.revenue += values.revenue;
    bucket.items += values.items;
    buckets.set(start, bucket);
    if (raw.channel) {
      const channel = byChannel.get(raw.channel) || { channel: raw.channel, orders: 0, revenue: 0, items: 0 };
      channel.orders += values.orders;
      channel.revenue += values.revenue;
      channel.items += values.items;
      byChannel.set(raw.channel, channel);
    }
  }
  const given = Array.isArray(answer?.by_channel)
    ? answer.by_channel.map((raw) => ({ channel: String(raw.channel), ...figures(raw) }))
    : byChannel.size
      ? [...byChannel.values()]
      : null;
  const channels = Array.isArray(answer?.channels)
    ? answer.channels.map(String)
    : (given || []).map((entry) => entry.channel);
  return {
    series: [...buckets.values()].sort((a, b) => a.start.localeCompare(b.start)),
    totals: figures(answer?.totals),
    allTime: figures(answer?.all_time),
    byChannel: given,
    channels: [...new Set(channels)].sort((a, b) => a.localeCompare(b, "de")),
  };
}

// The page

export async function mount(root, { signal }) {
  const today = berlinToday();
  const page = {
    root,
    signal,
    options: { signal, session: true },
    today,
    preset: "30",
    granularity: "day",
    ...presetRange("30", today),
    list: { channel: "", status: "", q: "", items: [], cursor: null, listed: null },
  };
  // Leaving the page (instant navigation): Chartist's resize listeners go with it.
  signal?.addEventListener("abort", () => {
    for (const view of Object.values(page.chartViews || {})) view.chart?.detach();
  });
  root.replaceChildren(loadingText("Ihre Statistik wird geladen …"));
  await loadStatistics(page, { first: true });
}

async function fetchStatistics(page) {
  const query = new URLSearchParams({ from: page.from, to: page.to, granularity: page.granularity });
  return normalizeStatistics(await request("GET", `/statistics?${query}`, page.options));
}

/** The share per channel: each channel's totals over the range (one request per channel, after the charts). */
async function loadShares(page, ticket) {
  const view = page.chartViews.share;
  if (page.stats.byChannel) {
    renderShare(page);
    return;
  }
  view.setBusy("Die Umsatzanteile werden geladen …");
  const query = new URLSearchParams({ from: page.from, to: page.to, granularity: "month" });
  try {
    const shares = await Promise.all(
      page.stats.channels.map(async (channel) => {
        query.set("channel", channel);
        const answer = await request("GET", `/statistics?${query}`, page.options);
        return { channel, ...figures(answer?.totals) };
      }),
    );
    if (ticket !== page.statisticsTicket) return;
    page.stats.byChannel = shares;
    renderShare(page);
  } catch (error) {
    if (error?.name === "AbortError" || error?.redirecting || ticket !== page.statisticsTicket) return;
    view.showError(error?.message, () => loadShares(page, ticket));
  }
}

async function loadStatistics(page, { first = false, focus = null } = {}) {
  // Only the newest request counts: a quick second change must not be overwritten by the first answer.
  page.statisticsTicket = (page.statisticsTicket || 0) + 1;
  const ticket = page.statisticsTicket;
  if (!first) {
    page.charts.setAttribute("aria-busy", "true");
    page.progress.textContent = "Die Statistik wird aktualisiert …";
  }
  let stats;
  try {
    stats = await fetchStatistics(page);
  } catch (error) {
    if (error?.name === "AbortError" || error?.redirecting || ticket !== page.statisticsTicket) return;
    if (first && isUnavailable(error)) {
      page.root.replaceChildren(
        unavailableNotice(UNAVAILABLE_MESSAGE, { href: siteUrl("statistik/"), label: "Hilfe zur Statistik" }),
      );
      return;
    }
    if (!first && error?.status === 400 && page.shown) {
      // A range the API refuses (too long for the granularity): say why, keep the charts of the last one.
      Object.assign(page, page.shown);
      page.granularitySelect.value = page.granularity;
      page.charts.removeAttribute("aria-busy");
      page.progress.textContent = "";
      const reason = Object.values(error.fields || {})[0] || error.message;
      page.rangeProblem.show(
        `${reason} Wählen Sie einen kürzeren Zeitraum oder eine gröbere Einteilung. ` +
          `Die Diagramme zeigen weiter ${rangeText(page)}.`,
        { focus: true },
      );
      return;
    }
    const retry = retryNotice(error?.message, () => {
      if (first) page.root.replaceChildren(loadingText("Ihre Statistik wird geladen …"));
      loadStatistics(page, { first, focus });
    });
    if (first) page.root.replaceChildren(retry);
    else {
      page.charts.removeAttribute("aria-busy");
      page.progress.textContent = "";
      page.chartArea.replaceChildren(retry);
    }
    focusElement(retry.querySelector("button"));
    return;
  }
  if (ticket !== page.statisticsTicket) return;
  page.stats = stats;
  page.shown = { from: page.from, to: page.to, granularity: page.granularity };
  page.rangeProblem?.clear();
  if (first) {
    if (!stats.allTime.orders && !(await hasListedOrders(page))) {
      page.root.replaceChildren(emptyState());
      return;
    }
    build(page);
  } else {
    page.charts.removeAttribute("aria-busy");
    page.progress.textContent = "Die Statistik ist aktualisiert.";
    updateChannelOptions(page);
  }
  // The two time charts first (the first chart as early as possible), then the shares and the list.
  renderStatistics(page);
  if (focus) focusElement(focus);
  const shares = loadShares(page, ticket);
  if (first) loadOrders(page);
  await shares;
}

/** Whether the list has orders although none count (all of them cancelled): then the page is not empty. */
async function hasListedOrders(page) {
  try {
    const answer = await request("GET", "/orders", page.options);
    return Boolean(answer?.items?.length);
  } catch {
    return true; // the list shows its own error
  }
}

function emptyState() {
  return h(
    "section",
    { class: "kc-section", "aria-labelledby": "kc-statistics-empty" },
    h("h2", { id: "kc-statistics-empty" }, "Noch keine Bestellungen"),
    h(
      "p",
      {},
      "Ihre unicorn 2 Installation hat noch keine Bestellungen an das Kundencenter gemeldet. Sobald sie " +
        "die erste verarbeitete Bestellung meldet, sehen Sie hier Diagramme, Summen und die Auftragsliste.",
    ),
    h(
      "p",
      {},
      "Dafür tragen Sie in der Konfigurationsoberfläche Ihrer unicorn 2 Installation den Lizenzschlüssel " +
        "Ihres Kundenkontos ein. Den Lizenzschlüssel erhalten Sie unter ",
      h("a", { href: siteUrl("kundencenter/vertragsdaten/") }, "Vertragsdaten"),
      ". Danach meldet Ihre Installation jede verarbeitete Bestellung automatisch.",
    ),
    h(
      "p",
      {},
      h("a", { href: siteUrl("statistik/auftragsstatistik/#die-statistik-bleibt-leer") }, "Hilfe: Die Statistik bleibt leer"),
    ),
  );
}

function build(page) {
  const range = selectField({ name: "range", label: "Zeitraum", options: RANGES, value: page.preset });
  const granularity = selectField({
    name: "granularity",
    label: "Einteilung",
    options: GRANULARITIES,
    value: page.granularity,
  });
  const from = field({ name: "from", label: "Von", type: "date", value: page.from, max: page.today });
  const to = field({ name: "to", label: "Bis", type: "date", value: page.to, max: page.today });
  const apply = h("button", { type: "submit", class: "kc-button" }, "Anzeigen");
  const custom = h("div", { class: "kc-statistics__custom", hidden: true }, from.element, to.element, apply);
  const problem = notice("error");
  page.rangeProblem = problem;
  page.granularitySelect = granularity.input;
  const form = h(
    "form",
    { class: "kc-statistics__controls", "aria-label": "Zeitraum und Einteilung", novalidate: true },
    range.element,
    custom,
    granularity.element,
  );
  page.progress = h("p", { class: "kc-statistics__progress kc-muted", role: "status" });

  const reload = (focus = null) => loadStatistics(page, { focus });
  range.input.addEventListener("change", () => {
    page.preset = range.value;
    custom.hidden = page.preset !== "custom";
    problem.clear();
    if (page.preset === "custom") {
      from.input.value = page.from;
      to.input.value = page.to;
      return;
    }
    Object.assign(page, presetRange(page.preset, page.today));
    page.granularity = defaultGranularity(page.preset);
    granularity.input.value = page.granularity;
    reload();
  });
  granularity.input.addEventListener("change", () => {
    page.granularity = granularity.value;
    reload();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    from.setError(null);
    to.setError(null);
    if (page.preset !== "custom") return;
    const start = from.value;
    const end = to.value;
    const problem = !parseDay(start)
      ? [from, "Bitte geben Sie den Beginn als Datum an, z. B. 01.11.2026."]
      : !parseDay(end)
        ? [to, "Bitte geben Sie das Ende als Datum an, z. B. 30.11.2026."]
        : start > end
          ? [to, "Das Ende liegt vor dem Beginn. Bitte wählen Sie ein späteres Datum."]
          : null;
    if (problem) {
      problem[0].setError(problem[1]);
      problem[0].focus();
      return;
    }
    page.from = start;
    page.to = end;
    reload();
  });

  page.summary = h("div", { class: "kc-statistics__summary" });
  page.chartArea = h("div", { class: "kc-statistics__charts" });
  page.charts = h(
    "section",
    { class: "kc-section", id: "kc-statistics", "aria-labelledby": "kc-statistics-heading" },
    h("h2", { id: "kc-statistics-heading" }, "Bestellungen und Umsatz"),
    form,
    problem.element,
    page.progress,
    page.summary,
    page.chartArea,
  );
  page.chartViews = {
    orders: chartView(page, { key: "bestellungen", title: "Bestellungen" }),
    revenue: chartView(page, { key: "umsatz", title: "Umsatz" }),
    share: chartView(page, { key: "umsatzanteil", title: "Umsatzanteil nach Verkaufskanal" }),
  };
  page.chartArea.append(page.chartViews.orders.element, page.chartViews.revenue.element, page.chartViews.share.element);
  page.orders = buildOrders(page);
  page.root.replaceChildren(page.charts, page.orders.element);
}

function factsList(title, values) {
  return h(
    "div",
    { class: "kc-statistics__figures" },
    h("h3", {}, title),
    h(
      "dl",
      { class: "kc-facts" },
      [
        ["Bestellungen", INTEGER.format(values.orders)],
        ["Umsatz", money(values.revenue)],
        ["Artikel", INTEGER.format(values.items)],
      ].map(([term, value]) => h("div", { class: "kc-facts__row" }, h("dt", {}, term), h("dd", {}, value))),
    ),
  );
}

function renderStatistics(page) {
  const { stats } = page;
  const per = PER[page.granularity];
  page.summary.replaceChildren(
    factsList(`Im Zeitraum ${rangeText(page)}`, stats.totals),
    factsList("Gesamt seit Beginn", stats.allTime),
  );
  if (!page.chartArea.contains(page.chartViews.orders.element)) {
    page.chartArea.replaceChildren(page.chartViews.orders.element, page.chartViews.revenue.element, page.chartViews.share.element);
  }
  const range = `${rangeText(page)}, ${per}`;
  const periodColumns = [
    { label: "Zeitraum", text: (row) => periodText(row.start, page.granularity), csv: (row) => periodText(row.start, page.granularity) },
    { label: "Bestellungen", numeric: true, text: (row) => INTEGER.format(row.orders), csv: (row) => String(row.orders) },
    { label: "Umsatz", csvLabel: "Umsatz (EUR)", numeric: true, text: (row) => money(row.revenue), csv: (row) => CSV_NUMBER.format(euros(row.revenue)) },
    { label: "Artikel", numeric: true, text: (row) => INTEGER.format(row.items), csv: (row) => String(row.items) },
  ];
  const totalsRows = [
    { label: "Summe im Zeitraum", values: stats.totals },
    { label: "Gesamt seit Beginn", values: stats.allTime },
  ];
  const empty = !stats.totals.orders ? "Im gewählten Zeitraum gibt es keine Bestellungen." : null;
  page.chartViews.orders.render({
    kind: "line",
    range,
    rows: stats.series,
    labels: stats.series.map((row) => row.start),
    values: stats.series.map((row) => row.orders),
    valueText: (value) => `${INTEGER.format(value)} Bestellungen`,
    axis: (value) => INTEGER.format(value),
    columns: periodColumns,
    totals: totalsRows,
    description: `Liniendiagramm: Bestellungen ${per} vom ${rangeText(page)}, zusammen ${INTEGER.format(stats.totals.orders)}.`,
    empty,
  });
  page.chartViews.revenue.render({
    kind: "bar",
    range,
    rows: stats.series,
    labels: stats.series.map((row) => row.start),
    values: stats.series.map((row) => euros(row.revenue)),
    valueText: (value) => money(Math.round(value * 100)),
    axis: (value) => EURO_AXIS.format(value),
    columns: periodColumns,
    totals: totalsRows,
    description: `Säulendiagramm: Umsatz ${per} vom ${rangeText(page)}, zusammen ${money(stats.totals.revenue)}.`,
    empty,
  });
}

function renderShare(page) {
  const { stats } = page;
  const shares = stats.byChannel.filter((entry) => entry.revenue > 0).sort((a, b) => b.revenue - a.revenue);
  const revenue = shares.reduce((sum, entry) => sum + entry.revenue, 0);
  const share = (entry) => (revenue ? entry.revenue / revenue : 0);
  page.chartViews.share.render({
    kind: "pie",
    range: rangeText(page),
    rows: shares,
    labels: shares.map((entry) => entry.channel),
    values: shares.map((entry) => euros(entry.revenue)),
    valueText: (value, index) => `${shares[index].channel}: ${money(shares[index].revenue)} (${PERCENT.format(share(shares[index]))})`,
    columns: [
      { label: "Verkaufskanal", text: (row) => row.channel, csv: (row) => row.channel },
      { label: "Umsatz", csvLabel: "Umsatz (EUR)", numeric: true, text: (row) => money(row.revenue), csv: (row) => CSV_NUMBER.format(euros(row.revenue)) },
      { label: "Anteil", csvLabel: "Anteil (%)", numeric: true, text: (row) => PERCENT.format(share(row)), csv: (row) => CSV_SHARE.format(share(row) * 100) },
      { label: "Bestellungen", numeric: true, text: (row) => INTEGER.format(row.orders), csv: (row) => String(row.orders) },
    ],
    totals: [{ label: "Summe im Zeitraum", values: { revenue, orders: shares.reduce((sum, entry) => sum + entry.orders, 0), share: 1 } }],
    description:
      `Kreisdiagramm: Umsatzanteil nach Verkaufskanal vom ${rangeText(page)}: ` +
      shares.map((entry) => `${entry.channel} ${PERCENT.format(share(entry))}`).join(", ") +
      ".",
    empty: revenue ? null : "Im gewählten Zeitraum gibt es keinen Umsatz.",
  });
}

// A chart: heading, menu, the SVG, its table and downloads

let openMenu = null; // the one open chart menu: { close(focusButton) }

document.addEventListener("click", (event) => {
  if (openMenu && !(event.target instanceof Node && openMenu.contains(event.target))) openMenu.close(false);
});

function chartView(page, { key, title }) {
  const titleId = uid(`chart-${key}`);
  const rangeId = `${titleId}-range`;
  const menuId = `${titleId}-menu`;
  const button = h(
    "button",
    {
      type: "button",
      class: "kc-chart__menu-button",
      id: `${titleId}-button`,
      "aria-haspopup": "menu",
      "aria-expanded": "false",
      "aria-controls": menuId,
    },
    h("span", { "aria-hidden": "true", class: "kc-chart__menu-icon" }, "⋮"),
    "Menü",
    hiddenText(` zum Diagramm ${title}`),
  );
  const entries = [
    ["print", "Drucken"],
    ["png", "PNG herunterladen"],
    ["svg", "SVG herunterladen"],
    ["csv", "Daten als CSV"],
  ];
  const items = entries.map(([action, label]) =>
    h("button", { type: "button", role: "menuitem", tabindex: "-1", class: "kc-chart__menu-item", "data-action": action }, label),
  );
  const menu = h(
    "ul",
    { class: "kc-chart__menu", role: "menu", id: menuId, "aria-labelledby": button.id, hidden: true },
    items.map((item) => h("li", { role: "none" }, item)),
  );
  const canvas = h("div", { class: "kc-chart__canvas", role: "img", "aria-label": title });
  const legend = h("ul", { class: "kc-chart__legend", "aria-hidden": "true", hidden: true });
  const message = h("p", { class: "kc-muted kc-chart__empty", hidden: true });
  const busy = h("div", { class: "kc-chart__busy" });
  const table = h("div", { class: "kc-chart__table" });
  const problem = notice("error");
  const rangeLine = h("p", { class: "kc-chart__range", id: rangeId });
  const element = h(
    "section",
    { class: "kc-chart", "aria-labelledby": titleId, "data-chart": key },
    h(
      "div",
      { class: "kc-chart__head" },
      h("h3", { id: titleId, class: "kc-chart__title" }, title),
      h("div", { class: "kc-chart__menu-wrap" }, button, menu),
    ),
    rangeLine,
    problem.element,
    busy,
    message,
    canvas,
    legend,
    h("details", { class: "kc-chart__data" }, h("summary", {}, "Daten als Tabelle"), table),
  );
  const view = { element, spec: null, chart: null };

  function isOpen() {
    return !menu.hidden;
  }
  function open(index = 0) {
    if (openMenu && openMenu !== control) openMenu.close(false);
    menu.hidden = false;
    button.setAttribute("aria-expanded", "true");
    openMenu = control;
    items[(index + items.length) % items.length].focus();
  }
  function close(focusButton = true) {
    if (!isOpen()) return;
    menu.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (openMenu === control) openMenu = null;
    if (focusButton) button.focus();
  }
  const control = { close, contains: (node) => button.contains(node) || menu.contains(node) };

  button.addEventListener("click", () => (isOpen() ? close() : open(0)));
  button.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      open(0);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      open(items.length - 1);
    }
  });
  menu.addEventListener("keydown", (event) => {
    const index = items.indexOf(document.activeElement);
    const moves = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: items.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      items[(moves[event.key] + items.length) % items.length].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") {
      close(false);
    }
  });
  menu.addEventListener("click", async (event) => {
    const item = event.target instanceof Element ? event.target.closest("[data-action]") : null;
    if (!item || !view.spec) return;
    close(true);
    problem.clear();
    try {
      await runAction(view, item.dataset.action);
    } catch (error) {
      problem.show(
        error?.message ||
          "Die Datei konnte nicht erstellt werden. Bitte versuchen Sie es erneut oder nutzen Sie „Daten als CSV“.",
        { focus: true },
      );
    }
  });

  view.element = element;
  view.title = title;
  view.key = key;
  view.page = page;
  view.canvas = canvas;
  view.legend = legend;
  view.setBusy = (text) => {
    view.spec = null;
    view.chart?.detach();
    view.chart = null;
    element.setAttribute("aria-busy", "true");
    problem.clear();
    message.hidden = true;
    legend.hidden = true;
    canvas.replaceChildren();
    canvas.hidden = true;
    busy.replaceChildren(loadingText(text));
    table.replaceChildren();
  };
  view.showError = (text, retry) => {
    element.removeAttribute("aria-busy");
    busy.replaceChildren(retryNotice(text, retry));
  };
  view.render = (spec) => {
    element.removeAttribute("aria-busy");
    busy.replaceChildren();
    canvas.hidden = false;
    view.spec = spec;
    rangeLine.textContent = `Zeitraum: ${spec.range}`;
    canvas.setAttribute("aria-label", spec.description);
    message.textContent = spec.empty || "";
    message.hidden = !spec.empty;
    table.replaceChildren(dataTable(view, spec));
    drawChart(view, spec);
  };
  return view;
}

function dataTable(view, spec) {
  const captionId = uid(`${view.key}-caption`);
  return h(
    "div",
    { class: "kc-table-wrapper", tabindex: "0", role: "region", "aria-labelledby": captionId },
    stackedTable(h(
      "table",
      { class: "kc-table kc-chart__numbers" },
      h("caption", { id: captionId }, `${view.title}, ${spec.range}`),
      h(
        "thead",
        {},
        h("tr", {}, spec.columns.map((column) => h("th", { scope: "col", class: column.numeric ? "kc-number" : null }, column.label))),
      ),
      h(
        "tbody",
        {},
        spec.rows.length
          ? spec.rows.map((row) =>
              h(
                "tr",
                {},
                spec.columns.map((column, index) =>
                  index === 0
                    ? h("th", { scope: "row" }, column.text(row))
                    : h("td", { class: column.numeric ? "kc-number" : null }, column.text(row)),
                ),
              ),
            )
          : h("tr", {}, h("td", { colspan: String(spec.columns.length) }, "Keine Daten im gewählten Zeitraum.")),
      ),
      h(
        "tfoot",
        {},
        spec.totals.map((total) =>
          h(
            "tr",
            {},
            spec.columns.map((column, index) =>
              index === 0
                ? h("th", { scope: "row" }, total.label)
                : h("td", { class: "kc-number" }, totalText(column, total.values)),
            ),
          ),
        ),
      ),
    )),
  );
}

function totalText(column, values) {
  if (column.label === "Bestellungen") return INTEGER.format(values.orders);
  if (column.label === "Umsatz") return money(values.revenue);
  if (column.label === "Artikel") return values.items === undefined ? "" : INTEGER.format(values.items);
  if (column.label === "Anteil") return values.share === undefined ? "" : PERCENT.format(values.share);
  return "";
}

function totalCsv(column, values) {
  if (column.label === "Bestellungen") return String(values.orders);
  if (column.label === "Umsatz") return CSV_NUMBER.format(euros(values.revenue));
  if (column.label === "Artikel") return values.items === undefined ? "" : String(values.items);
  if (column.label === "Anteil") return values.share === undefined ? "" : CSV_SHARE.format(values.share * 100);
  return "";
}

/** Every nth x label, so labels do not overlap (about 64 px per label). */
function labelStep(view, count) {
  const width = view.canvas.clientWidth || 600;
  return Math.max(1, Math.ceil(count / Math.max(2, Math.floor(width / 64))));
}

function drawChart(view, spec) {
  view.chart?.detach();
  view.chart = null;
  view.canvas.replaceChildren();
  view.legend.replaceChildren();
  view.legend.hidden = true;
  view.canvas.hidden = Boolean(spec.empty) && spec.kind === "pie";
  if (view.canvas.hidden) return;
  const granularity = view.page.granularity;
  const count = spec.labels.length;
  const common = {
    height: "15rem",
    chartPadding: { top: 12, right: 28, bottom: 4, left: 8 },
    axisX: {
      showGrid: false,
      labelInterpolationFnc: (value, index) =>
        index % labelStep(view, count) === 0 ? periodLabel(value, granularity) : null,
    },
    axisY: { labelInterpolationFnc: spec.axis, onlyInteger: true, scaleMinSpace: 28, offset: spec.kind === "bar" ? 64 : 44 },
  };
  if (spec.kind === "line") {
    view.chart = new LineChart(
      view.canvas,
      { labels: spec.labels, series: [spec.values] },
      { ...common, low: 0, showArea: true, showPoint: count <= 62, fullWidth: true, lineSmooth: false },
    );
  } else if (spec.kind === "bar") {
    view.chart = new BarChart(view.canvas, { labels: spec.labels, series: [spec.values] }, { ...common, low: 0 });
  } else {
    const total = spec.values.reduce((sum, value) => sum + value, 0);
    view.chart = new PieChart(
      view.canvas,
      { labels: spec.labels, series: spec.values },
      {
        height: "15rem",
        donut: true,
        donutWidth: "45%",
        showLabel: true,
        labelInterpolationFnc: (_label, index) =>
          total && spec.values[index] / total >= 0.06 ? PERCENT.format(spec.values[index] / total) : "",
      },
    );
    view.legend.hidden = false;
    view.legend.replaceChildren(
      ...spec.labels.map((label, index) =>
        h(
          "li",
          { class: `kc-chart__legend-item kc-chart__legend-item--${String.fromCharCode(97 + (index % 26))}` },
          h("span", { class: "kc-chart__swatch" }),
          `${label}: ${spec.valueText(spec.values[index], index)}`.replace(`${label}: ${label}: `, `${label}: `),
        ),
      ),
    );
  }
  view.chart.on("draw", (data) => {
    if (data.type === "bar") {
      // Bars as wide as 60 % of their step, so 30 days fit a phone and 12 months do not look thin.
      const step = data.chartRect.width() / Math.max(1, count);
      data.element.getNode().style.strokeWidth = `${Math.max(2, Math.min(32, Math.round(step * 0.6)))}px`;
    }
    // A tooltip (the SVG's own <title>) on every point, bar and slice.
    if (data.type === "point" || data.type === "bar" || data.type === "slice") {
      const { index } = data;
      const value = spec.values[index];
      const label =
        spec.kind === "pie"
          ? spec.valueText(value, index)
          : `${periodText(spec.labels[index], granularity)}: ${spec.valueText(value, index)}`;
      const titleNode = document.createElementNS(SVG_NS, "title");
      titleNode.textContent = label;
      data.element.getNode().append(titleNode);
    }
  });
  view.chart.on("created", () => textLabels(view.canvas));
}

/** Chartist draws axis labels as HTML in <foreignObject>; SVG <text> instead keeps the file a plain SVG. */
function textLabels(container) {
  for (const object of container.querySelectorAll("foreignObject")) {
    const span = object.firstElementChild;
    const x = Number(object.getAttribute("x"));
    const y = Number(object.getAttribute("y"));
    const width = Number(object.getAttribute("width"));
    const height = Number(object.getAttribute("height"));
    const text = document.createElementNS(SVG_NS, "text");
    const vertical = span?.classList.contains("ct-vertical");
    text.setAttribute("class", `ct-label ${vertical ? "ct-vertical" : "ct-horizontal"}`);
    if (vertical) {
      text.setAttribute("x", String(x + width));
      text.setAttribute("y", String(y + height));
      text.setAttribute("text-anchor", "end");
      text.setAttribute("dominant-baseline", "middle");
    } else {
      const bar = container.querySelector(".ct-bar");
      text.setAttribute("x", String(bar ? x + width / 2 : x));
      text.setAttribute("y", String(y + 4));
      text.setAttribute("text-anchor", bar ? "middle" : "start");
      text.setAttribute("dominant-baseline", "hanging");
    }
    text.textContent = span?.textContent || "";
    object.replaceWith(text);
  }
}

// Menu actions

const EXPORT_CSS = `
svg { font-family: "Helvetica Neue", Arial, sans-serif; }
.kc-export-title { font-size: 18px; font-weight: 700; fill: #1f1f1f; }
.kc-export-range, .kc-export-legend { font-size: 13px; fill: #444; }
.ct-label { font-size: 12px; fill: #555; }
.ct-grid { stroke: #d0d0d0; stroke-width: 1px; stroke-dasharray: 2px; }
.ct-point { stroke-width: 8px; stroke-linecap: round; }
.ct-line { fill: none; stroke-width: 2.5px; }
.ct-area { stroke: none; fill-opacity: 0.12; }
.ct-bar { fill: none; }
.ct-slice-donut { fill: none; }
.ct-chart-donut .ct-label, .ct-chart-pie .ct-label { fill: #fff; font-size: 13px; font-weight: 700; }
${["#3949ab", "#00796b", "#c2410c", "#6a1b9a", "#5d4037", "#ad1457", "#455a64", "#2e7d32"]
  .map((color, index) => {
    const series = `.ct-series-${String.fromCharCode(97 + index)}`;
    return `${series} .ct-point, ${series} .ct-line, ${series} .ct-bar, ${series} .ct-slice-donut { stroke: ${color}; }
${series} .ct-area, ${series} .ct-slice-pie { fill: ${color}; }
.kc-export-swatch-${index} { fill: ${color}; }`;
  })
  .join("\n")}
`;

function fileBase(view) {
  return `statistik-${view.key}-${view.page.from}-bis-${view.page.to}`;
}

/** The chart as a standalone SVG document: white background, title and range on top, own styles. */
function exportSvg(view) {
  const source = view.canvas.querySelector("svg");
  if (!source) throw new Error("Für diesen Zeitraum gibt es kein Diagramm zum Herunterladen.");
  const box = source.getBoundingClientRect();
  const width = Math.max(320, Math.round(box.width));
  const chartHeight = Math.round(box.height);
  const head = 56;
  const legendLines = view.spec.kind === "pie" ? view.spec.labels.length : 0;
  const height = head + chartHeight + (legendLines ? 12 + legendLines * 20 : 0) + 8;
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("xmlns", SVG_NS);
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const add = (parent, name, attributes = {}, text = null) => {
    const node = document.createElementNS(SVG_NS, name);
    for (const [attribute, value] of Object.entries(attributes)) node.setAttribute(attribute, String(value));
    if (text !== null) node.textContent = text;
    parent.append(node);
    return node;
  };
  add(svg, "title", {}, `${view.title}, ${view.spec.range}`);
  add(svg, "style", {}, EXPORT_CSS);
  add(svg, "rect", { x: 0, y: 0, width, height, fill: "#ffffff" });
  add(svg, "text", { x: 12, y: 24, class: "kc-export-title" }, view.title);
  add(svg, "text", { x: 12, y: 44, class: "kc-export-range" }, `Zeitraum: ${view.spec.range}`);
  const chart = source.cloneNode(true);
  chart.removeAttribute("style");
  chart.setAttribute("x", "0");
  chart.setAttribute("y", String(head));
  chart.setAttribute("width", String(width));
  chart.setAttribute("height", String(chartHeight));
  for (const node of chart.querySelectorAll("title")) node.remove();
  svg.append(chart);
  view.spec.labels.slice(0, legendLines).forEach((label, index) => {
    const y = head + chartHeight + 12 + index * 20;
    add(svg, "rect", { x: 12, y, width: 12, height: 12, class: `kc-export-swatch-${index % 8}` });
    add(svg, "text", { x: 30, y: y + 10, class: "kc-export-legend" }, view.spec.valueText(view.spec.values[index], index));
  });
  return { markup: `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}`, width, height };
}

async function exportPng(view) {
  const { markup, width, height } = exportSvg(view);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  await image.decode();
  const scale = 2; // sharp on high-resolution screens and in print
  const canvas = document.createElement("canvas");
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext("2d");
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("Das Bild konnte nicht erstellt werden."))), "image/png"),
  );
}

function csvField(value) {
  const text = String(value ?? "");
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The chart's numbers as CSV for Excel in German: ";" between fields, decimal comma, UTF-8 with BOM. */
function exportCsv(view) {
  const { spec } = view;
  const lines = [
    spec.columns.map((column) => column.csvLabel || column.label),
    ...spec.rows.map((row) => spec.columns.map((column) => column.csv(row))),
    [],
    ...spec.totals.map((total) => spec.columns.map((column, index) => (index === 0 ? total.label : totalCsv(column, total.values)))),
  ];
  const text = lines.map((line) => line.map(csvField).join(";")).join("\r\n");
  return new Blob([`\ufeff${text}\r\n`], { type: "text/csv;charset=utf-8" });
}

/** Print only this chart, with its title and range (the print styles hide everything else). */
function printChart(view) {
  const root = document.documentElement;
  for (const node of document.querySelectorAll(".kc-print-path, .kc-chart--printing")) {
    node.classList.remove("kc-print-path", "kc-chart--printing"); // a print whose afterprint never came
  }
  const path = [];
  for (let node = view.element.parentElement; node && node !== document.body; node = node.parentElement) path.push(node);
  for (const node of path) node.classList.add("kc-print-path");
  view.element.classList.add("kc-chart--printing");
  root.classList.add("kc-printing-chart");
  const done = () => {
    for (const node of path) node.classList.remove("kc-print-path");
    view.element.classList.remove("kc-chart--printing");
    root.classList.remove("kc-printing-chart");
  };
  window.addEventListener("afterprint", done, { once: true });
  window.print();
}

async function runAction(view, action) {
  if (action === "print") return printChart(view);
  if (action === "csv") return saveBlob(exportCsv(view), `${fileBase(view)}.csv`);
  if (action === "svg") {
    const { markup } = exportSvg(view);
    return saveBlob(new Blob([markup], { type: "image/svg+xml" }), `${fileBase(view)}.svg`);
  }
  if (action === "png") return saveBlob(await exportPng(view), `${fileBase(view)}.png`);
  return undefined;
}

// The order list

function buildOrders(page) {
  const channel = selectField({ name: "channel", label: "Verkaufskanal", options: channelOptions(page), value: "" });
  const status = selectField({ name: "status", label: "Status", options: STATUSES, value: "" });
  const search = field({
    name: "q",
    label: "Bestellnummer",
    type: "search",
    autocomplete: "off",
    hint: "Die ganze Bestellnummer oder ihr Anfang",
  });
  const submit = h("button", { type: "submit", class: "kc-button kc-button--secondary" }, "Suchen");
  const form = h(
    "form",
    { class: "kc-invoices__filters kc-orders__filters", role: "search", "aria-label": "Bestellungen filtern", novalidate: true },
    channel.element,
    status.element,
    search.element,
    h("div", { class: "kc-orders__submit" }, submit),
  );
  const count = h("p", { class: "kc-orders__count", role: "status" });
  const list = h("div", { class: "kc-orders__list" });
  const more = h("button", { type: "button", class: "kc-button kc-button--secondary", hidden: true }, "Weitere laden");
  const exportLink = h("a", { href: apiUrl("/orders/export.csv"), class: "kc-orders__export" }, "Bestellungen im Zeitraum als CSV herunterladen");
  const problem = notice("error");
  const element = h(
    "section",
    { class: "kc-section", id: "kc-orders", "aria-labelledby": "kc-orders-heading" },
    h("h2", { id: "kc-orders-heading" }, "Auftragsliste"),
    h(
      "p",
      { class: "kc-section__intro" },
      `Die Liste zeigt höchstens die letzten ${INTEGER.format(LIST_LIMIT)} Bestellungen, die neueste zuerst. ` +
        "Die Summen umfassen alle Bestellungen.",
    ),
    form,
    problem.element,
    count,
    list,
    h("p", { class: "kc-orders__more" }, more),
    h("p", { class: "kc-orders__download" }, exportLink),
  );
  const orders = { element, channel, status, search, count, list, more, problem, exportLink, loading: false };
  const refilter = () => {
    page.list.channel = channel.value;
    page.list.status = status.value;
    page.list.q = search.value.trim();
    loadOrders(page);
  };
  channel.input.addEventListener("change", refilter);
  status.input.addEventListener("change", refilter);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    refilter();
  });
  more.addEventListener("click", () => loadOrders(page, { more: true }));
  exportLink.addEventListener("click", (event) => {
    event.preventDefault();
    downloadLink(exportLink, { accept: "text/csv", name: `bestellungen-${page.from}-bis-${page.to}.csv`, problem: page.orders.problem, signal: page.signal });
  });
  return orders;
}

function channelOptions(page) {
  return [["", "Alle Verkaufskanäle"], ...page.stats.channels.map((name) => [name, name])];
}

function updateChannelOptions(page) {
  const select = page.orders.channel.input;
  const current = select.value;
  select.replaceChildren(...channelOptions(page).map(([value, text]) => h("option", { value }, text)));
  select.value = page.stats.channels.includes(current) ? current : "";
}

async function loadOrders(page, { more = false } = {}) {
  const { orders, list: state } = page;
  if (more && orders.loading) return;
  // A new filter or search replaces a load under way: only the newest answer is shown.
  orders.ticket = (orders.ticket || 0) + 1;
  const ticket = orders.ticket;
  orders.loading = true;
  orders.problem.clear();
  const query = new URLSearchParams();
  if (more && state.cursor) query.set("cursor", state.cursor);
  if (state.channel) query.set("channel", state.channel);
  if (state.status) query.set("status", state.status);
  if (state.q) query.set("q", state.q);
  orders.list.setAttribute("aria-busy", "true");
  if (more) {
    orders.more.disabled = true;
    orders.more.textContent = "Weitere Bestellungen werden geladen …";
  } else {
    orders.count.replaceChildren(h("span", { class: "kc-spinner", "aria-hidden": "true" }), "Die Bestellungen werden geladen …");
  }
  let answer;
  try {
    answer = await request("GET", `/orders${query.size ? `?${query}` : ""}`, page.options);
  } catch (error) {
    if (error?.name === "AbortError" || error?.redirecting || ticket !== orders.ticket) return;
    orders.count.textContent = "";
    const retry = retryNotice(error?.message, () => loadOrders(page, { more }));
    if (more) orders.problem.show(error?.message || SERVER_MESSAGE, { focus: true });
    else orders.list.replaceChildren(retry);
    return;
  } finally {
    if (ticket === orders.ticket) {
      orders.loading = false;
      orders.list.removeAttribute("aria-busy");
      orders.more.disabled = false;
      orders.more.textContent = "Weitere laden";
    }
  }
  if (ticket !== orders.ticket) return;
  const items = Array.isArray(answer?.items) ? answer.items : [];
  const firstNew = state.items.length;
  state.items = more ? [...state.items, ...items] : items;
  state.cursor = answer?.next_cursor || null;
  if (typeof answer?.listed === "number") state.listed = answer.listed;
  renderOrders(page);
  if (more) focusElement(orders.list.querySelectorAll("tbody tr")[firstNew]);
}

function renderOrders(page) {
  const { orders, list: state } = page;
  const filtered = Boolean(state.channel || state.status || state.q);
  const shown = state.items.length;
  if (!shown) {
    orders.count.textContent = filtered
      ? "Keine Bestellung passt zu Ihrer Auswahl."
      : "In der Auftragsliste sind noch keine Bestellungen.";
  } else if (filtered) {
    orders.count.textContent = `${INTEGER.format(shown)} passende Bestellungen angezeigt${state.cursor ? ", weitere vorhanden" : ""}.`;
  } else {
    const of = state.listed !== null ? ` von ${INTEGER.format(state.listed)}` : "";
    orders.count.textContent = `${INTEGER.format(shown)}${of} Bestellungen angezeigt.`;
  }
  orders.more.hidden = !state.cursor;
  orders.exportLink.href = apiUrl(`/orders/export.csv?${new URLSearchParams({ from: page.from, to: page.to })}`);
  if (!shown) {
    orders.list.replaceChildren(
      filtered
        ? h("p", { class: "kc-muted" }, "Prüfen Sie die Bestellnummer oder wählen Sie einen anderen Verkaufskanal oder Status.")
        : "",
    );
    return;
  }
  const captionId = "kc-orders-caption";
  orders.list.replaceChildren(
    h(
      "div",
      { class: "kc-table-wrapper", tabindex: "0", role: "region", "aria-labelledby": captionId },
      stackedTable(h(
        "table",
        { class: "kc-table kc-orders" },
        h("caption", { id: captionId, class: "kc-visually-hidden" }, "Bestellungen, die neueste zuerst"),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["Bestellnummer", "Datum", "Verkaufskanal", "Status", "Artikel", "Betrag"].map((label) =>
              h("th", { scope: "col", class: ["Artikel", "Betrag"].includes(label) ? "kc-number" : null }, label),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          state.items.map((order) =>
            h(
              "tr",
              { "data-order": order.order_id },
              h("th", { scope: "row" }, order.order_id),
              h("td", {}, dateTime(order.placed_at)),
              h("td", {}, order.channel || "–"),
              h("td", {}, STATUS_LABELS[order.status] || order.status || "–"),
              h("td", { class: "kc-number" }, INTEGER.format(Number(order.items) || 0)),
              h("td", { class: "kc-number" }, money(Number(order.gross_cents) || 0)),
            ),
          ),
        ),
      )),
    ),
  );
}

