// The administrator's setup pages (issue 15): institutions and their departments here; logins in
// admin_users.js, each jurisdiction's policy profile in admin_profiles.js.
import { api } from "../api.js";
import { errorBox, h, pager, table } from "../dom.js";
import { label, t } from "../i18n.js";

const KINDS = ["general_hospital", "mch_hospital", "maternity_hospital", "tcm_hospital", "township_health_centre"];
const LEVELS = ["tertiary", "secondary", "primary"];
const PAGE_SIZE = 20;
const DEPARTMENT_KINDS = ["obstetrics", "neonatology", "paediatrics", "emergency", "icu", "anaesthesia",
  "transfusion", "medical_affairs", "science_education", "nursing", "gynaecology", "other"];

export function adminTabs(current) {
  const tabs = [["institutions", "#/admin/institutions"], ["users", "#/admin/users"], ["profiles", "#/admin/profiles"]];
  return h("p", {}, h("nav.segmented", { testid: "admin-tabs" }, tabs.map(([key, href]) =>
    h("a", { href, class: key === current ? "button secondary on" : "button secondary", "aria-current": key === current ? "page" : false, testid: `admin-tab-${key}` }, t(`admin.tab_${key}`)))));
}

export const field = (key, control, wide) => h(wide ? "label.field.wide" : "label.field", {}, h("span", {}, t(key)), control);

export const options = (values, group, selected) => values.map((v) => h("option", { value: v, selected: v === selected }, label(group, v)));

// Sends a form's JSON; shows the server's own sentence on refusal. Returns the answer or null.
export async function submit(form, slot, path, json, method = "POST") {
  const button = form.querySelector("button[type=submit]");
  slot.replaceChildren();
  button.disabled = true;
  try {
    return await api(path, { method, json });
  } catch (error) {
    slot.replaceChildren(errorBox(error, "admin-error"));
    return null;
  } finally {
    button.disabled = false;
  }
}

export async function render(view) {
  const counties = (await api("/api/jurisdictions")).filter((j) => j.level === "county");
  const slot = h("div.form-error-slot");
  const form = h("form.admin-form", { testid: "new-institution-form" },
    h("div.form-grid", {},
      field("admin.institution_name", h("input", { name: "name_zh", required: true, maxlength: 200, testid: "new-institution-name" })),
      field("admin.institution_code", h("input", { name: "code", required: true, maxlength: 64, pattern: "[A-Za-z0-9_.\\-]+", title: t("admin.code_hint"), testid: "new-institution-code" })),
      field("admin.county", h("select", { name: "jurisdiction_id", required: true, testid: "new-institution-county" },
        h("option", { value: "" }, t("admin.choose")),
        counties.map((c) => h("option", { value: c.id }, c.name_zh)))),
      field("admin.kind", h("select", { name: "kind", testid: "new-institution-kind" }, options(KINDS, "institution_kind"))),
      field("admin.level", h("select", { name: "level", testid: "new-institution-level" }, options(LEVELS, "institution_level", "secondary"))),
      h("label.check.field", {}, h("input", { type: "checkbox", name: "is_midwifery", checked: true, testid: "new-institution-midwifery" }), h("span", {}, t("admin.is_midwifery")))),
    slot,
    h("button", { type: "submit", testid: "new-institution-create" }, t("admin.create_institution")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const created = await submit(form, slot, "/api/institutions", {
      name_zh: data.get("name_zh").trim(), code: data.get("code").trim(),
      jurisdiction_id: Number(data.get("jurisdiction_id")), kind: data.get("kind"), level: data.get("level"),
      is_midwifery: data.get("is_midwifery") === "on",
    });
    if (created) location.hash = `#/admin/institutions/${created.id}`;
  });
  const found = h("div", { testid: "admin-institution-results" });
  const search = h("form.filters", { testid: "admin-institution-search" },
    h("input", { type: "search", name: "q", placeholder: t("filters.search"), testid: "admin-institution-q" }),
    h("button", { type: "submit" }, t("filters.apply")));
  const state = { page: 1, q: "" };
  let loads = 0; // a slower earlier answer must not replace a later one
  async function load() {
    const mine = ++loads;
    const data = await api("/api/institutions", { query: { q: state.q, page: state.page, page_size: PAGE_SIZE } });
    if (mine !== loads) return;
    found.replaceChildren(table([
      { title: t("institution.name"), cell: (i) => i.name_zh },
      { title: t("institution.county"), cell: (i) => i.jurisdiction_name },
      { title: t("admin.departments"), cell: (i) => h("a", { href: `#/admin/institutions/${i.id}`, testid: `admin-departments-${i.id}` }, t("admin.keep_departments")) },
    ], data.items, { testid: "admin-institutions", empty: t("common.none") }),
    pager({ page: data.page, pageSize: PAGE_SIZE, total: data.total, t, onPage: (p) => { state.page = p; load(); } }));
  }
  search.addEventListener("submit", (event) => {
    event.preventDefault();
    Object.assign(state, { page: 1, q: new FormData(search).get("q").trim() });
    load();
  });
  view.replaceChildren(h("section.page", { testid: "admin-institutions-page" },
    h("h1", {}, t("admin.title")), adminTabs("institutions"),
    h("h2", {}, t("admin.new_institution")), form,
    h("h2", {}, t("admin.existing_institutions")), search, found));
  await load();
}

// One institution's departments, and a form for a new one.
export async function renderDepartments(view, [id]) {
  const [institution, departments] = await Promise.all([api(`/api/institutions/${id}`), api(`/api/institutions/${id}/departments`)]);
  const slot = h("div.form-error-slot");
  const form = h("form.admin-form", { testid: "new-department-form" },
    h("div.form-grid", {},
      field("admin.department_name", h("input", { name: "name_zh", required: true, maxlength: 200, testid: "new-department-name" })),
      field("admin.department_kind", h("select", { name: "kind", testid: "new-department-kind" }, options(DEPARTMENT_KINDS, "department_kind")))),
    slot,
    h("button", { type: "submit", testid: "new-department-create" }, t("admin.create_department")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const made = await submit(form, slot, `/api/institutions/${id}/departments`, { name_zh: data.get("name_zh").trim(), kind: data.get("kind") });
    if (made) await renderDepartments(view, [id]);
  });
  view.replaceChildren(h("section.page", { testid: "admin-departments-page" },
    h("h1", {}, t("admin.title")), adminTabs("institutions"),
    h("h2", { testid: "admin-institution-name" }, institution.name_zh),
    h("p.muted", {}, `${label("institution_kind", institution.kind)} · ${institution.jurisdiction_name} · `,
      h("a", { href: `#/institutions/${id}` }, t("admin.open_institution"))),
    table([
      { title: t("admin.department_name"), cell: (d) => d.name_zh },
      { title: t("admin.department_kind"), cell: (d) => label("department_kind", d.kind) },
      { title: t("institution.staff_count"), cell: (d) => String(d.staff_count) },
    ], departments, { testid: "admin-department-list", empty: t("admin.no_departments") }),
    h("h2", {}, t("admin.new_department")), form));
}
