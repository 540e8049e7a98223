import { api } from "../api.js";
import { h, pager, table } from "../dom.js";
import { label, t } from "../i18n.js";
import { institutionTable } from "./institutions.js";

const PAGE_SIZE = 20;

export async function render(view, [id]) {
  const [jurisdiction, all] = await Promise.all([api(`/api/jurisdictions/${id}`), api("/api/jurisdictions")]);
  const children = all.filter((j) => j.parent_id === jurisdiction.id);
  const results = h("div");
  async function load(page) {
    const data = await api("/api/institutions", { query: { jurisdiction: id, page, page_size: PAGE_SIZE } });
    results.replaceChildren(institutionTable(data.items),
      pager({ page: data.page, pageSize: PAGE_SIZE, total: data.total, t, onPage: load }));
  }
  view.replaceChildren(h("section.page", { testid: "jurisdiction-page" },
    h("h1", { testid: "jurisdiction-name" }, jurisdiction.name_zh),
    h("p.muted", {}, `${label("jurisdiction_level", jurisdiction.level)}${jurisdiction.profile ? " · " + t("jurisdiction.profile", { profile: jurisdiction.profile }) : ""}`),
    children.length ? [
      h("h2", {}, t("jurisdiction.children")),
      table([
        { title: t("jurisdiction.name"), cell: (j) => h("a", { href: `#/jurisdictions/${j.id}` }, j.name_zh) },
        { title: t("jurisdiction.level"), cell: (j) => label("jurisdiction_level", j.level) },
        { title: t("jurisdiction.institutions"), cell: (j) => String(j.institution_count) },
      ], children, { testid: "jurisdiction-children" }),
    ] : null,
    h("h2", {}, t("jurisdiction.all_institutions")),
    results,
  ));
  await load(1);
}
