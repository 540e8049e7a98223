// The zone page (我的片区): for a quarter, each member institution's gaps, spot-checks, ratings and
// rectification orders as a league table, a four-quarter trend, and the quarterly Excel report.
import { api } from "../api.js";
import { h, table } from "../dom.js";
import { currentLanguage, formatDate, t, todayInShanghai } from "../i18n.js";
import { ICONS } from "./status.js";
import { landingSummary } from "./landing_summary.js";
import { updatingNotice } from "./updating.js";

const MATRIX_FILTERS = "drillbook.matrix.filters";  // the matrix page's own filter state
const SVG = "http://www.w3.org/2000/svg";

function quarterOf(isoDate) {
  const [y, m] = isoDate.split("-").map(Number);
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

function quartersBack(label, count) {
  let [y, q] = [Number(label.slice(0, 4)), Number(label.slice(6))];
  const found = [];
  for (let i = 0; i < count; i += 1) {
    found.push(`${y}-Q${q}`);
    [y, q] = q === 1 ? [y - 1, 4] : [y, q - 1];
  }
  return found;
}

const english = () => currentLanguage() === "en";
const nameOf = (thing) => (english() && thing.name_en) || thing.name_zh;

// The zones this session may open from "我的片区": the reviewer's own; others pick by id.
async function zonesFor(session) {
  const zones = await api("/api/zones");
  if (session.role === "reviewer") return zones.filter((z) => z.lead_institution_id === session.institution_id);
  return zones;
}

export async function render(view, [zoneText, quarterText], app) {
  const zones = await zonesFor(app.session);
  const zoneId = Number(zoneText) || zones[0]?.id;
  if (!zoneId) {
    view.replaceChildren(h("section.page", { testid: "zone-page" },
      h("h1", {}, t("zone.title")), h("p.empty", {}, t("zone.none"))));
    return;
  }
  const quarter = /^\d{4}-Q[1-4]$/.test(quarterText || "") ? quarterText : quarterOf(todayInShanghai());
  const data = await api(`/api/zones/${zoneId}/overview`, { query: { quarter } });
  const go = (z, q) => app.go(`#/zone/${z}/${q}`);

  const picker = h("div.filters", {},
    zones.length > 1 ? h("select", { testid: "zone-select", "aria-label": t("zones.zone"), onchange: (e) => go(e.target.value, quarter) },
      zones.map((z) => h("option", { value: z.id, selected: z.id === zoneId }, nameOf(z)))) : null,
    h("label", {}, t("zones.quarter"), " ",
      h("select", { testid: "zone-quarter", onchange: (e) => go(zoneId, e.target.value) },
        quartersBack(quarterOf(todayInShanghai()), 8).concat(
          quartersBack(quarterOf(todayInShanghai()), 8).includes(quarter) ? [] : [quarter])
          .map((q) => h("option", { value: q, selected: q === quarter }, q)))));
  const download = h("a.button", {
    href: `/api/zones/${zoneId}/overview.xlsx?quarter=${encodeURIComponent(quarter)}`,
    download: true, testid: "zone-download",
  }, t("zones.download"));

  view.replaceChildren(h("section.page.wide", { testid: "zone-page" },
    h("div.page-head", {}, h("h1", {}, t("zone.title")), download),
    updatingNotice(data, `/api/zones/${zoneId}/overview`, { quarter }, () => render(view, [zoneText, quarterText], app)),
    // names as the hospitals write them; the English name beside it for English readers
    h("h2", { testid: "zone-name" }, data.zone.name_zh, english() && data.zone.name_en ? h("span.muted", {}, ` (${data.zone.name_en})`) : null),
    h("p.muted", {}, t("zone.lead", { name: data.zone.lead_institution_name, count: data.institutions.length }),
      " · ", t("zones.as_of", { date: formatDate(data.as_of) })),
    zoneSummary(data),
    picker,
    h("h2", {}, t("zones.league", { quarter: data.quarter })),
    h("p.muted", {}, t("zones.league_intro")),
    league(data),
    h("h2", {}, t("zones.trend")),
    trendTable(data),
    h("h2", {}, t("zones.spot_checks", { quarter: data.quarter })),
    drawsTable(data),
    h("h2", {}, t("zones.orders")),
    ordersTable(data)));
}

function matrixLink(row, data) {
  const period = data.quarter.slice(5);
  return h("a", {
    href: `#/matrix/${row.jurisdiction_id}/${data.quarter.slice(0, 4)}/${period}?institution=${row.id}`,
    testid: `zone-matrix-${row.code}`,
    title: t("zones.open_matrix"),
    // open the matrix on this institution's county, filters cleared, its row marked and in view
    onclick: () => sessionStorage.setItem(MATRIX_FILTERS, JSON.stringify({ county: row.jurisdiction_name, kind: "", status: "" })),
  }, String(row.gaps));
}

function sampleCell(row) {
  const s = row.sample;
  if (!s.drawn) return h("span.muted", {}, t("zones.not_drawn"));
  if (!s.draws) return h("span.muted", {}, t("zones.not_in_sample"));
  return h("span", {}, t("zones.sample_counts", { draws: s.draws, reviewed: s.reviewed }),
    s.drafts ? h("span.muted", {}, ` ${t("zones.drafts", { count: s.drafts })}`) : null);
}

function ratingsCell(row) {
  if (!row.ratings.length) return h("span.muted", {}, "—");
  return row.ratings.map((r) => h("span", { class: `tag${r.poor ? " poor" : ""}` }, `${english() ? r.name_en : r.name_zh}×${r.count}`));
}

function ordersCell(row) {
  const o = row.orders;
  const parts = [h("span", {}, t("zones.orders_open", { count: o.open }))];
  if (o.overdue) parts.push(h("span.tag.overdue", { testid: `zone-overdue-${row.code}` }, t("zones.orders_overdue", { count: o.overdue })));
  if (o.accepted) parts.push(h("span.muted", {}, ` ${t("zones.orders_accepted", { count: o.accepted })}`));
  return parts;
}

// A small line of the gap counts over the quarters: drawn in SVG (no inline styles: CSP).
function sparkline(points) {
  const max = Math.max(1, ...points.map((p) => p.gaps));
  const [w, hgt, step] = [64, 20, 64 / Math.max(1, points.length - 1)];
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${hgt}`);
  svg.setAttribute("width", w);
  svg.setAttribute("height", hgt);
  svg.setAttribute("class", "sparkline");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", points.map((p) => `${p.quarter}: ${p.gaps}`).join(", "));
  const line = document.createElementNS(SVG, "polyline");
  line.setAttribute("points", points.map((p, i) => `${(i * step).toFixed(1)},${(hgt - 2 - (p.gaps / max) * (hgt - 4)).toFixed(1)}`).join(" "));
  line.setAttribute("fill", "none");
  line.setAttribute("stroke", "currentColor");
  line.setAttribute("stroke-width", "1.5");
  svg.append(line);
  const title = document.createElementNS(SVG, "title");
  title.textContent = points.map((p) => `${p.quarter}: ${p.gaps}`).join("  ");
  svg.append(title);
  return h("span.trend", {}, svg, h("span.muted", {}, ` ${points.map((p) => p.gaps).join("→")}`));
}

function league(data) {
  if (!data.institutions.length) return h("p.empty", { testid: "zone-league-empty" }, t("zones.no_members"));
  const heads = ["rank", "institution", "county", "gaps", "worst", "sample", "ratings", "orders", "trend"];
  return h("div.zone-scroll", {}, h("table.zone-league", { testid: "zone-league" },
    h("thead", {}, h("tr", {}, heads.map((k) => h("th", {}, t(`zones.col.${k}`))))),
    h("tbody", {}, data.institutions.map((row) => h("tr", { testid: `zone-row-${row.code}` },
      h("td.num", {}, String(row.rank)),
      h("td", {}, h("a", { href: `#/institutions/${row.id}/compliance/${data.quarter.slice(0, 4)}` }, row.name_zh)),
      h("td", {}, row.jurisdiction_name),
      h("td.num", { testid: `zone-gaps-${row.code}` }, matrixLink(row, data)),
      h("td", {}, worstCells(row, data)),
      h("td", { testid: `zone-sample-${row.code}` }, sampleCell(row)),
      h("td", { testid: `zone-ratings-${row.code}` }, ratingsCell(row)),
      h("td", { testid: `zone-orders-${row.code}` }, ordersCell(row)),
      h("td", {}, sparkline(row.trend)))))));
}

// The rules with a gap or partly met, by name: what to ask the hospital about first.
function worstCells(row, data) {
  const names = Object.fromEntries(data.rules.map((r) => [r.id, english() ? r.name_en : r.name_zh]));
  const bad = row.cells.filter((c) => c.status === "gap" || c.status === "partly_met");
  if (!bad.length) return h("span.muted", {}, "—");
  return h("span.rule-list", {}, bad.map((c) => h("span", { class: `st st-${c.status}`, title: t(`status.${c.status}`) }, `${ICONS[c.status]} ${names[c.rule_id] || ""}`)));
}

function trendTable(data) {
  if (!data.institutions.length) return null;
  return h("div.zone-scroll", {}, h("table.zone-trend", { testid: "zone-trend" },
    h("thead", {}, h("tr", {}, h("th", {}, t("zones.col.institution")), data.quarters.map((q) => h("th.num", {}, q)))),
    h("tbody", {},
      data.institutions.map((row) => h("tr", {}, h("td", {}, row.name_zh), row.trend.map((p) => h("td.num", {}, String(p.gaps))))),
      h("tr.total", {}, h("th", {}, t("zones.total")), data.trend_totals.map((p) => h("th.num", {}, String(p.gaps)))))));
}

function drawsTable(data) {
  const review = (d) => t(`zones.review.${d.review_status}`);
  return table([
    { title: t("zones.col.institution"), cell: (d) => d.institution_name },
    { title: t("zones.col.drill"), cell: (d) => h("span", {}, d.activity_title, d.held_on ? h("span.muted", {}, ` ${formatDate(d.held_on)}`) : null) },
    { title: t("zones.col.review"), cell: (d) => h("span", { testid: `zone-draw-review-${d.draw_id}` }, review(d)) },
    { title: t("zones.col.rating"), cell: (d) => (english() ? d.rating_name_en : d.rating_name_zh) || "—" },
  ], data.draws, { testid: "zone-draws", empty: data.institutions.some((i) => i.sample.drawn) ? t("zones.no_draws") : t("zones.no_sample") });
}

function ordersTable(data) {
  return table([
    { title: t("zones.col.institution"), cell: (o) => o.institution_name },
    { title: t("zones.col.finding"), cell: (o) => o.finding },
    { title: t("zones.col.quarter"), cell: (o) => o.quarter },
    { title: t("zones.col.due"), cell: (o) => formatDate(o.due_on) },
    { title: t("zones.col.status"), cell: (o) => h("span", { testid: `zone-order-${o.id}` },
      t(`zones.order.${o.status}`),
      o.overdue ? h("span.tag.overdue", {}, t("zones.days_overdue", { days: o.days_overdue })) : null) },
  ], data.orders, { testid: "zone-orders", empty: t("zones.no_orders") });
}

// At a glance: members with gaps this quarter, the worst (league order), overdue orders.
function zoneSummary(data) {
  const year = data.quarter.slice(0, 4);
  return landingSummary({
    total: data.institutions.length,
    withGaps: data.institutions.filter((row) => row.gaps > 0).length,
    worst: data.institutions.map((row) => ({ name: row.name_zh, href: `#/institutions/${row.id}/compliance/${year}`, gaps: row.gaps })),
    overdue: data.institutions.reduce((sum, row) => sum + row.orders.overdue, 0),
    overdueLink: "#/rectification/overdue",
  });
}
