// Every institution below a jurisdiction × every rule, for a year, half or quarter; worst first.
import { api } from "../api.js";
import { h } from "../dom.js";
import { currentLanguage, label, t, todayInShanghai } from "../i18n.js";
import { ICONS, legend } from "./status.js";

const PERIODS = ["year", "H1", "H2", "Q1", "Q2", "Q3", "Q4"];

async function defaultJurisdiction(session) {
  if (session.jurisdiction_id) return session.jurisdiction_id;
  const all = await api("/api/jurisdictions");
  return (all.find((j) => j.level === "city") || all[0]).id;
}

export async function render(view, [jurisdictionText, yearText, periodText], app) {
  const jurisdiction = Number(jurisdictionText) || (await defaultJurisdiction(app.session));
  const year = Number(yearText) || Number(todayInShanghai().slice(0, 4));
  const period = PERIODS.includes(periodText) ? periodText : "year";
  const [data, rules] = await Promise.all([
    api("/api/compliance/matrix", { query: { jurisdiction, year, period: period === "year" ? "" : `${year}-${period}` } }),
    api("/api/rules"),
  ]);
  const names = Object.fromEntries(rules.map((r) => [r.rule.id, currentLanguage() === "en" ? r.rule.name_en : r.rule.name_zh]));
  const counties = [...new Set(data.rows.map((r) => r.jurisdiction_name))].sort();
  const kinds = [...new Set(data.rows.map((r) => r.institution.kind))].sort();
  const state = { county: "", kind: "", status: "" };
  const body = h("div");
  const go = (y, p) => app.go(`#/matrix/${jurisdiction}/${y}/${p}`);

  function draw() {
    const rows = data.rows
      .filter((r) => !state.county || r.jurisdiction_name === state.county)
      .filter((r) => !state.kind || r.institution.kind === state.kind)
      .filter((r) => !state.status || r.cells.some((c) => c.status === state.status))
      .sort((a, b) => b.gaps - a.gaps || a.institution.code.localeCompare(b.institution.code));
    body.replaceChildren(h("div.matrix-wrap", {}, h("table.matrix", { testid: "matrix" },
      h("thead", {}, h("tr", {},
        h("th", {}, t("matrix.institution")), h("th", {}, t("matrix.county")), h("th", {}, t("matrix.gaps")),
        data.rules.map((id) => h("th.rule-head", { title: names[id] || id }, h("span", {}, names[id] || id))))),
      h("tbody", {}, rows.map((row) => h("tr", { testid: `matrix-row-${row.institution.code}` },
        h("td", {}, h("a", { href: `#/institutions/${row.institution.id}/compliance/${year}` }, row.institution.name_zh)),
        h("td", {}, row.jurisdiction_name),
        h("td.num", {}, String(row.gaps)),
        row.cells.map((cell) => h("td", {
          class: `mcell st-${cell.status}`,
          title: `${names[cell.rule_id] || cell.rule_id}: ${t(`status.${cell.status}`)}`,
          testid: `matrix-cell-${row.institution.code}-${cell.rule_id}`,
        }, ICONS[cell.status]))))))));
    refreshFiles();
  }

  const filters = h("div.filters", {},
    h("select", { testid: "matrix-year", onchange: (e) => go(e.target.value, period) },
      [year - 2, year - 1, year, year + 1].map((y) => h("option", { value: y, selected: y === year }, String(y)))),
    h("select", { testid: "matrix-period", onchange: (e) => go(year, e.target.value) },
      PERIODS.map((p) => h("option", { value: p, selected: p === period }, t(`matrix.period.${p}`)))),
    h("select", { testid: "matrix-county", onchange: (e) => { state.county = e.target.value; draw(); } },
      h("option", { value: "" }, t("filters.all_counties")), counties.map((c) => h("option", { value: c }, c))),
    h("select", { testid: "matrix-kind", onchange: (e) => { state.kind = e.target.value; draw(); } },
      h("option", { value: "" }, t("filters.all_kinds")),
      kinds.map((k) => h("option", { value: k }, label("institution_kind", k)))),
    h("select", { testid: "matrix-status", onchange: (e) => { state.status = e.target.value; draw(); } },
      h("option", { value: "" }, t("matrix.any_status")),
      ["gap", "partly_met", "due_soon", "planned"].map((s) => h("option", { value: s }, t(`status.${s}`)))));
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
    legend(), heatmap, filters, body));
  draw();
}
