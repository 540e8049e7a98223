// Every institution below a jurisdiction × every rule, for a year, half or quarter; worst first.
import { api } from "../api.js";
import { h } from "../dom.js";
import { currentLanguage, label, t, todayInShanghai } from "../i18n.js";
import { byPinyin } from "../ordering.js";
import { pickerYears } from "../years.js";
import { ICONS, citationList, legend, statusBadge } from "./status.js";
import { showCell, windowOf } from "./finding_detail.js";
import { updatingNotice } from "./updating.js";

const PERIODS = ["year", "H1", "H2", "Q1", "Q2", "Q3", "Q4"];
const FILTERS = "drillbook.matrix.filters";

async function defaultJurisdiction(session) {
  if (session.jurisdiction_id) return session.jurisdiction_id;
  const all = await api("/api/jurisdictions");
  return (all.find((j) => j.level === "city") || all[0]).id;
}

// #/matrix/<jurisdiction>/<year>/<period>?institution=<id>: that institution's row is marked and
// scrolled into view (the zone page's gap counts open it so).
export async function render(view, [jurisdictionText, yearText, periodText, targetText], app) {
  const jurisdiction = Number(jurisdictionText) || (await defaultJurisdiction(app.session));
  const year = Number(yearText) || Number(todayInShanghai().slice(0, 4));
  const period = PERIODS.includes(periodText) ? periodText : "year";
  const query = { jurisdiction, year, period: period === "year" ? "" : `${year}-${period}` };
  const [data, rules, duties, years] = await Promise.all([
    api("/api/compliance/matrix", { query }),
    api("/api/rules"),
    // the commissions' own duties are for the administrator and the commissions to read
    ["admin", "commission"].includes(app.session.role) ? api("/api/compliance/commissions", { query }) : null,
    pickerYears(year),
  ]);
  const names = Object.fromEntries(rules.map((r) => [r.rule.id, currentLanguage() === "en" ? r.rule.name_en : r.rule.name_zh]));
  const counties = [...new Set(data.rows.map((r) => r.jurisdiction_name))].sort(byPinyin);
  const kinds = [...new Set(data.rows.map((r) => r.institution.kind))].sort();
  // Filters survive a re-render (language switch, reload) for the rest of the browser session.
  const state = { county: "", kind: "", status: "", ...JSON.parse(sessionStorage.getItem(FILTERS) || "{}") };
  if (!counties.includes(state.county)) state.county = "";  // saved for another jurisdiction
  if (!kinds.includes(state.kind)) state.kind = "";
  const target = data.rows.find((r) => String(r.institution.id) === targetText);
  // the marked row must be on screen: filters that would hide it give way to its own county
  if (target && !shown(target, state)) Object.assign(state, { county: target.jurisdiction_name, kind: "", status: "" });
  const choose = (key) => (e) => {
    state[key] = e.target.value;
    sessionStorage.setItem(FILTERS, JSON.stringify(state));
    draw();
  };
  const body = h("div");
  // a cell opens its finding below the matrix: reason, subjects, the activities (finding_detail.js)
  const cellPanel = h("div.detail-panel.matrix-cell-panel", { testid: "matrix-cell-panel", hidden: true });
  const openCell = (row, cell) => showCell(cellPanel, {
    institution: row.institution, ruleId: cell.rule_id, ruleName: names[cell.rule_id] || "", year, ...windowOf(year, period),
  });
  const go = (y, p) => app.go(`#/matrix/${jurisdiction}/${y}/${p}`);

  function draw() {
    const rows = data.rows
      .filter((r) => shown(r, state))
      // worst first; equal gaps keep the server's pinyin order (a stable sort)
      .sort((a, b) => b.gaps - a.gaps);
    body.replaceChildren(h("div.matrix-wrap", {}, h("table.matrix", { testid: "matrix" },
      h("thead", {}, h("tr", {},
        h("th", {}, t("matrix.institution")), h("th", {}, t("matrix.county")), h("th", {}, t("matrix.gaps")),
        data.rules.map((id) => h("th.rule-head", { title: names[id] || id }, h("span", {}, names[id] || id))))),
      h("tbody", {}, rows.map((row) => h("tr", {
        testid: `matrix-row-${row.institution.code}`,
        class: row === target ? "matrix-target" : "",
        "aria-current": row === target ? "true" : null,
      },
        h("td", {}, h("a", { href: `#/institutions/${row.institution.id}/compliance/${year}` }, row.institution.name_zh)),
        h("td", {}, row.jurisdiction_name),
        h("td.num", {}, String(row.gaps)),
        row.cells.map((cell) => h("td", {
          class: `mcell st-${cell.status}`,
          title: `${names[cell.rule_id] || cell.rule_id}: ${t(`status.${cell.status}`)}`,
          testid: `matrix-cell-${row.institution.code}-${cell.rule_id}`,
          role: "button", tabindex: "0",
          onclick: () => openCell(row, cell),
          onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openCell(row, cell); } },
        }, ICONS[cell.status]))))))));
    refreshFiles();
  }

  const filters = h("div.filters", {},
    h("select", { testid: "matrix-year", onchange: (e) => go(e.target.value, period) },
      years.map((y) => h("option", { value: y, selected: y === year }, String(y)))),
    h("select", { testid: "matrix-period", onchange: (e) => go(year, e.target.value) },
      PERIODS.map((p) => h("option", { value: p, selected: p === period }, t(`matrix.period.${p}`)))),
    h("select", { testid: "matrix-county", onchange: choose("county") },
      h("option", { value: "" }, t("filters.all_counties")),
      counties.map((c) => h("option", { value: c, selected: c === state.county }, c))),
    h("select", { testid: "matrix-kind", onchange: choose("kind") },
      h("option", { value: "" }, t("filters.all_kinds")),
      kinds.map((k) => h("option", { value: k, selected: k === state.kind }, label("institution_kind", k)))),
    h("select", { testid: "matrix-status", onchange: choose("status") },
      h("option", { value: "" }, t("matrix.any_status")),
      ["gap", "partly_met", "due_soon", "planned"].map((s) => h("option", { value: s, selected: s === state.status }, t(`status.${s}`)))));
  // Files follow the filters on screen: a download or a heatmap shows the rows the reader sees.
  const report = (format) => {
    const query = new URLSearchParams({ jurisdiction, year, format });
    if (period !== "year") query.set("period", `${year}-${period}`);
    for (const [key, value] of Object.entries(state)) if (value) query.set(key, value);
    return `/api/compliance/report?${query}`;
  };
  const links = [["xlsx", "a.button"], ["csv", "a.button.secondary"], ["png", "a.button.secondary"]]
    .map(([format, spec]) => h(spec, { download: true, testid: `download-${format}` }, t(`matrix.download_${format}`)));
  const downloads = h("div.actions", {}, links);
  const image = h("img", { alt: t("matrix.heatmap"), testid: "heatmap-image" });
  // Drawn on the server on request only: a province's picture takes a moment.
  const heatmap = h("details.heatmap", { testid: "heatmap", ontoggle: (e) => {
    if (e.target.open && image.dataset.src !== report("png")) image.src = image.dataset.src = report("png");
  } }, h("summary", {}, t("matrix.heatmap")), image);
  function refreshFiles() {
    links.forEach((link, i) => { link.href = report(["xlsx", "csv", "png"][i]); });
    if (heatmap.open && image.dataset.src !== report("png")) image.src = image.dataset.src = report("png");
  }
  view.replaceChildren(h("section.page.wide", { testid: "matrix-page" },
    h("div.page-head", {}, h("h1", {}, t("matrix.title", { year })), downloads),
    h("p.muted", {}, t("matrix.intro", { count: data.rows.length, as_of: data.as_of })),
    updatingNotice(data, "/api/compliance/matrix", query, () => render(view, [jurisdictionText, yearText, periodText, targetText], app)),
    legend(), heatmap, filters, body, cellPanel, commissionDuties(duties, names)));
  draw();
  if (target) body.querySelector("tr.matrix-target")?.scrollIntoView({ block: "center", inline: "start" });
}

function shown(row, state) {
  return (!state.county || row.jurisdiction_name === state.county)
    && (!state.kind || row.institution.kind === state.kind)
    && (!state.status || row.cells.some((c) => c.status === state.status));
}

const OPEN = ["gap", "partly_met", "due_soon"];

// The commissions' own duties (work meetings, regional drills...): a small table of their own.
function commissionDuties(duties, names) {
  if (!duties || !duties.rows.length || !duties.rules.length) return null;
  const english = currentLanguage() === "en";
  const detail = h("div.commission-detail", { testid: "commission-detail" });
  const show = (row, ruleId) => {
    const findings = row.findings.filter((f) => f.rule_id === ruleId);
    detail.replaceChildren(
      h("h3", {}, `${row.name_zh} · ${names[ruleId] || ruleId}`),
      findings.length
        ? h("ul.due", {}, findings.map((f) =>
          h("li", {}, statusBadge(f.status), ` ${f.period} · `, english ? f.reason_en : f.reason_zh)))
        : h("p.muted", {}, t("status.not_applicable")),
      citationList(findings[0]?.citations || []));
  };
  return h("section.commission-duties", { testid: "commission-duties" },
    h("h2", {}, t("matrix.commission_duties")),
    h("p.muted", {}, t("matrix.commission_intro")),
    h("div.matrix-wrap", {}, h("table.matrix", {},
      h("thead", {}, h("tr", {}, h("th", {}, t("matrix.commission")), h("th", {}, t("matrix.gaps")),
        duties.rules.map((id) => h("th.rule-head", { title: names[id] || id }, h("span", {}, names[id] || id))))),
      h("tbody", {}, duties.rows.map((row) => h("tr", { testid: `commission-row-${row.jurisdiction_id}` },
        h("td", {}, row.name_zh),
        h("td.num", {}, String(row.gaps)),
        row.cells.map((cell) => h("td", {
          class: `mcell st-${cell.status}${OPEN.includes(cell.status) || cell.status === "met" ? " clickable" : ""}`,
          title: `${names[cell.rule_id] || cell.rule_id}: ${t(`status.${cell.status}`)}`,
          testid: `commission-cell-${row.jurisdiction_id}-${cell.rule_id}`,
          onclick: () => show(row, cell.rule_id),
        }, ICONS[cell.status]))))))),
    detail);
}
