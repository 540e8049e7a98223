// A department's competency matrix: people x competencies, each cell coloured by state with a
// short word (not colour alone), filterable by role; the coverage per competency and the
// threshold warnings (e.g. too few night-shift holders of neonatal resuscitation); Excel download.
import { api } from "../api.js";
import { h, table } from "../dom.js";
import { currentLanguage, formatDate, t } from "../i18n.js";
import { nameOf } from "./my_competencies.js";

const pick = (zh, en) => (currentLanguage() === "en" ? en || zh : zh);

function matrixTable(data) {
  const groups = [];
  for (const column of data.columns) {
    const last = groups[groups.length - 1];
    if (last && last.id === column.domain.id) last.span += 1;
    else groups.push({ id: column.domain.id, domain: column.domain, span: 1 });
  }
  if (!data.rows.length) return h("p.empty", { testid: "matrix-empty" }, t("comp.no_people"));
  return h("div.comp-matrix-wrap", {}, h("table.comp-matrix", { testid: "competency-matrix" },
    h("thead", {},
      h("tr", {}, h("th.sticky", { rowspan: 2 }, t("comp.person")),
        groups.map((g) => h("th.comp-domain-head", { colspan: g.span }, nameOf(g.domain)))),
      h("tr", {}, data.columns.map((c) => h("th.comp-col", { title: nameOf(c.competency) }, nameOf(c.competency))))),
    h("tbody", {}, data.rows.map((row) => h("tr", { "data-staff": row.staff_id },
      h("th.sticky", { scope: "row" },
        h("a", { href: `#/staff/${row.staff_id}/competencies` }, row.name),
        h("span.block.small.muted", {}, [pick(row.role_zh, row.role_en), row.night_shifts ? t("comp.nights") : null].filter(Boolean).join(" · "))),
      row.cells.map((cell) => h(`td.comp-cell.comp-${cell.state || "none"}`, {
        "data-staff": row.staff_id, "data-competency": cell.competency_id, "data-state": cell.state || "not_required",
        title: cell.valid_until ? t("comp.until", { date: formatDate(cell.valid_until) }) : "",
      }, cell.state ? t(`comp.state_short.${cell.state}`) : "—")))))));
}

function thresholdBox(checks) {
  if (!checks.length) return null;
  return h("div", { testid: "thresholds" }, checks.map((c) => h(c.warning ? "p.error" : "p.success", {
    testid: `threshold-${c.competency.id}`, "data-warning": String(c.warning), role: c.warning ? "alert" : null,
  }, c.warning ? "⚠ " : "✓ ", pick(c.message_zh, c.message_en))));
}

function coverageTable(rows) {
  return table([
    { title: t("comp.competency"), cell: (c) => nameOf(c.competency) },
    { title: t("comp.required_people"), cell: (c) => String(c.required) },
    { title: t("comp.holders"), cell: (c) => String(c.holders) },
    { title: t("comp.share"), cell: (c) => h("span", { class: c.holders < c.required ? "short-text" : "met-text" },
      `${Math.round((100 * c.holders) / c.required)}%`) },
  ], rows, { testid: "coverage-table", empty: t("common.none") });
}

export async function render(view, [id]) {
  const role = new URLSearchParams(location.hash.split("?")[1] || "").get("role") || "";
  const data = await api(`/api/departments/${id}/competency-matrix`, { query: { role } });
  const filter = h("select", { testid: "matrix-role", "aria-label": t("comp.role_filter") },
    h("option", { value: "" }, t("filters.all_roles")),
    data.roles.map((r) => h("option", { value: r.id, selected: r.id === role }, nameOf(r))));
  filter.addEventListener("change", async () => {
    const next = await api(`/api/departments/${id}/competency-matrix`, { query: { role: filter.value } });
    table_.replaceChildren(matrixTable(next));
    download.href = xlsxHref(filter.value);
  });
  const xlsxHref = (r) => `/api/departments/${id}/competency-matrix.xlsx${r ? `?role=${r}` : ""}`;
  const download = h("a.button.secondary", { href: xlsxHref(role), download: true, testid: "matrix-xlsx" }, t("comp.download_xlsx"));
  const table_ = h("div", {}, matrixTable(data));
  view.replaceChildren(h("section.page", { testid: "competency-matrix-page" },
    h("div.page-head", {},
      h("h1", {}, t("comp.matrix_title", { department: pick(data.department_name_zh, data.department_name_en), institution: data.institution_name })),
      h("div.actions", {}, download,
        h("a.button.secondary", { href: `#/institutions/${data.institution_id}` }, t("comp.back_institution")))),
    h("p.muted", {}, t("comp.matrix_intro", { date: formatDate(data.as_of) })),
    h("div.filters", {}, h("label", {}, t("comp.role_filter"), " ", filter),
      h("span.comp-legend", {}, ["current", "expiring", "expired", "never"].map((s) =>
        h(`span.comp-cell.comp-${s}`, {}, t(`comp.state_short.${s}`))), h("span.comp-cell.comp-none", {}, `— ${t("comp.not_required_short")}`))),
    table_,
    h("h2", {}, t("comp.coverage_title")),
    thresholdBox(data.thresholds),
    coverageTable(data.coverage)));
}
