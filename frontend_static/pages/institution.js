import { api } from "../api.js";
import { h, pager, table } from "../dom.js";
import { formatDate, label, t } from "../i18n.js";
import { centreBadges } from "./institutions.js";
import { awaitingResults } from "./awaiting.js";

const PAGE_SIZE = 25;
const ROLES = ["obstetrician", "midwife", "nurse", "neonatologist", "paediatrician", "anaesthetist",
  "icu_doctor", "emergency_doctor", "transfusion_doctor", "administrator", "other"];

function facts(institution) {
  const rows = [
    ["institution.kind", label("institution_kind", institution.kind)],
    ["institution.level", label("institution_level", institution.level)],
    ["institution.county", institution.jurisdiction_name],
    ["institution.address", institution.address || "—"],
    ["institution.staff_count", String(institution.staff_count)],
  ];
  return h("dl.facts", { testid: "institution-facts" }, rows.map(([key, value]) => [h("dt", {}, t(key)), h("dd", {}, value)]));
}

function departmentList(departments, competencyLink = false) {
  return h("ul.chips", { testid: "departments" }, departments.map((d) =>
    h("li", {}, h("strong", {}, d.name_zh), " ", h("span.muted", {}, [
      d.name_zh === label("department_kind", d.kind) ? null : label("department_kind", d.kind),
      t("institution.people", { count: d.staff_count }),
    ].filter(Boolean).join(" · ")),
    competencyLink && h("a.small", { href: `#/departments/${d.id}/competencies`, testid: `department-competencies-${d.id}` }, ` ${t("comp.matrix_link")}`))));
}

// a row opens the person's page (their competencies); staff see only themselves
function staffTable(items, ownOnly = false) {
  return table([
    { title: t("staff.name"), cell: (s) => h("a", { href: ownOnly ? "#/me/competencies" : `#/staff/${s.id}/competencies`, testid: `staff-open-${s.id}` }, s.name) },
    { title: t("staff.number"), cell: (s) => s.staff_number },
    { title: t("staff.department"), cell: (s) => s.department_name || "—" },
    { title: t("staff.role"), cell: (s) => label("staff_role", s.role) },
    { title: t("staff.title"), cell: (s) => label("title", s.title) },
    { title: t("staff.active_from"), cell: (s) => formatDate(s.active_from) + (s.active_to ? ` – ${formatDate(s.active_to)}` : "") },
    { title: t("staff.night_shifts"), cell: (s) => (s.night_shifts ? t("staff.night_shifts_yes") : "—") },
  ], items, { testid: "staff-table", empty: t("common.none") });
}

export async function render(view, [id], app) {
  const [institution, departments] = await Promise.all([
    api(`/api/institutions/${id}`),
    api(`/api/institutions/${id}/departments`),
  ]);
  const canImport = app.session.role === "admin" || (app.session.role === "officer" && app.session.institution_id === institution.id);
  const state = { page: 1, department: "", role: "", q: "" };
  const results = h("div");
  const filters = h("form.filters", { testid: "staff-filters" },
    h("input", { type: "search", name: "q", placeholder: t("filters.search_staff"), testid: "staff-q" }),
    h("select", { name: "department", testid: "staff-department" },
      h("option", { value: "" }, t("filters.all_departments")),
      departments.map((d) => h("option", { value: d.id }, d.name_zh))),
    h("select", { name: "role", testid: "staff-role" },
      h("option", { value: "" }, t("filters.all_roles")),
      ROLES.map((r) => h("option", { value: r }, label("staff_role", r)))),
    h("button", { type: "submit" }, t("filters.apply")),
  );
  async function load() {
    const data = await api("/api/staff", {
      query: { institution: id, page: state.page, page_size: PAGE_SIZE, department: state.department, role: state.role, q: state.q },
    });
    results.replaceChildren(staffTable(data.items, app.session.role === "staff"),
      pager({ page: data.page, pageSize: PAGE_SIZE, total: data.total, t, onPage: (p) => { state.page = p; load(); } }));
  }
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(filters);
    Object.assign(state, { page: 1, q: data.get("q").trim(), department: data.get("department"), role: data.get("role") });
    load();
  });
  view.replaceChildren(h("section.page", { testid: "institution-page" },
    h("div.page-head", {},
      h("h1", { testid: "institution-name" }, institution.name_zh, " ", ...centreBadges(institution)),
      h("div.actions", {},
        h("a.button.secondary", { href: `#/institutions/${id}/compliance`, testid: "compliance-link" }, t("compliance.open")),
        app.session.role !== "staff" && h("a.button.secondary", { href: `#/institutions/${id}/paired-support`, testid: "paired-support-link" }, t("paired.open_link")),
        canImport && h("a.button.secondary", { href: `#/institutions/${id}/credits`, testid: "credits-link" }, t("credits.register_open")),
        canImport && h("a.button.secondary", { href: "#/actions", testid: "actions-link" }, t("actions.open_link")),
        canImport && h("a.button", { href: `#/institutions/${id}/roster`, testid: "roster-link" }, t("roster.import_button")))),
    facts(institution),
    canImport ? awaitingResults(institution.id) : null,
    h("h2", {}, t("institution.departments")),
    departmentList(departments, app.session.role !== "staff"),
    h("h2", {}, t("institution.staff")),
    // staff read their own record only: the list holds them alone, so nothing to filter
    app.session.role === "staff" ? h("p.muted", { testid: "staff-own-only" }, t("institution.staff_own_only")) : filters,
    results,
  ));
  await load();
}
