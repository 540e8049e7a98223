import { api } from "../api.js";
import { h, pager, table } from "../dom.js";
import { label, t } from "../i18n.js";

const KINDS = ["general_hospital", "mch_hospital", "maternity_hospital", "tcm_hospital", "township_health_centre"];
const PAGE_SIZE = 20;

export function centreBadges(institution) {
  return ["city_maternal_centre", "city_neonatal_centre", "county_maternal_centre", "county_neonatal_centre"]
    .filter((flag) => institution[flag])
    .map((flag) => h("span.badge", {}, t(`centre.${flag}`)));
}

export function institutionTable(items, testid = "institutions-table") {
  return table([
    { title: t("institution.name"), cell: (i) => h("span", {}, h("a", { href: `#/institutions/${i.id}` }, i.name_zh), " ", ...centreBadges(i)) },
    { title: t("institution.kind"), cell: (i) => label("institution_kind", i.kind) },
    { title: t("institution.level"), cell: (i) => label("institution_level", i.level) },
    { title: t("institution.county"), cell: (i) => i.jurisdiction_name },
    { title: t("institution.staff_count"), cell: (i) => String(i.staff_count) },
  ], items, { testid, empty: t("common.none") });
}

export async function render(view) {
  const counties = (await api("/api/jurisdictions")).filter((j) => j.level === "county");
  const state = { page: 1, q: "", jurisdiction: "", kind: "" };
  const results = h("div");
  const form = h("form.filters", { testid: "institution-filters" },
    h("input", { type: "search", name: "q", placeholder: t("filters.search"), testid: "filter-q" }),
    h("select", { name: "jurisdiction", testid: "filter-county" },
      h("option", { value: "" }, t("filters.all_counties")),
      counties.map((c) => h("option", { value: c.id }, c.name_zh))),
    h("select", { name: "kind", testid: "filter-kind" },
      h("option", { value: "" }, t("filters.all_kinds")),
      KINDS.map((k) => h("option", { value: k }, label("institution_kind", k)))),
    h("button", { type: "submit" }, t("filters.apply")),
  );
  async function load() {
    const data = await api("/api/institutions", {
      query: { page: state.page, page_size: PAGE_SIZE, q: state.q, jurisdiction: state.jurisdiction, kind: state.kind },
    });
    results.replaceChildren(
      institutionTable(data.items),
      pager({ page: data.page, pageSize: PAGE_SIZE, total: data.total, t, onPage: (p) => { state.page = p; load(); } }),
    );
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    Object.assign(state, { page: 1, q: data.get("q").trim(), jurisdiction: data.get("jurisdiction"), kind: data.get("kind") });
    load();
  });
  view.replaceChildren(h("section.page", { testid: "institutions-page" }, h("h1", {}, t("institutions.title")), form, results));
  await load();
}
