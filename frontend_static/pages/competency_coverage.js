// The commission's competency coverage: per institution of its area, the share of the staff
// required to hold each competency who currently do; per competency the lowest institutions.
import { api } from "../api.js";
import { h, table } from "../dom.js";
import { formatDate, t } from "../i18n.js";
import { nameOf } from "./my_competencies.js";

const percent = (share) => (share === null ? "—" : `${Math.round(share * 100)}%`);
const level = (share) => (share === null ? "comp-none" : share >= 0.9 ? "comp-current" : share >= 0.6 ? "comp-expiring" : "comp-expired");

export async function render(view, [jurisdictionId], app) {
  const jurisdiction = jurisdictionId || app.session.jurisdiction_id;
  if (!jurisdiction) {
    view.replaceChildren(h("section.page", {}, h("h1", {}, t("comp.coverage_area_title")), h("p.empty", {}, t("comp.choose_area"))));
    return;
  }
  const data = await api("/api/competency-coverage", { query: { jurisdiction } });
  const lowest = table([
    { title: t("comp.competency"), cell: (c) => h("strong", {}, nameOf(c.competency)) },
    { title: t("comp.area_share"), cell: (c) => h("span", { class: `comp-cell ${level(c.share)}` }, percent(c.share),
      c.required ? h("span.small.muted", {}, ` (${c.holders}/${c.required})`) : null) },
    { title: t("comp.lowest"), cell: (c) => c.lowest.length ? h("ol.comp-lowest", {}, c.lowest.map((i) =>
      h("li", {}, `${i.name_zh} ${percent(i.share)} (${i.holders}/${i.required})`))) : "—" },
  ], data.competencies, { testid: "coverage-lowest" });
  const columns = data.competencies.map((c) => c.competency);
  const grid = data.institutions.length ? h("div.comp-matrix-wrap", {}, h("table.comp-matrix", { testid: "coverage-grid" },
    h("thead", {}, h("tr", {}, h("th.sticky", {}, t("comp.institution")), columns.map((c) => h("th.comp-col", { title: nameOf(c) }, nameOf(c))))),
    h("tbody", {}, data.institutions.map((i) => h("tr", { "data-institution": i.id },
      h("th.sticky", { scope: "row" }, i.name_zh, h("span.block.small.muted", {}, i.jurisdiction_name)),
      i.shares.map((s) => h(`td.comp-cell.${level(s.share)}`, {
        "data-competency": s.competency_id, title: s.required ? `${s.holders}/${s.required}` : "",
      }, percent(s.share))))))))
    : h("p.empty", {}, t("common.none"));
  view.replaceChildren(h("section.page", { testid: "competency-coverage-page" },
    h("h1", {}, t("comp.coverage_area_title_of", { area: data.name_zh })),
    h("p.muted", {}, t("comp.coverage_intro", { date: formatDate(data.as_of) })),
    h("h2", {}, t("comp.lowest_title")), lowest,
    h("h2", {}, t("comp.by_institution")), grid));
}
