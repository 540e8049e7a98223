import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { institutionTable } from "./institutions.js";

export async function render(view, _params, app) {
  const zones = (await api("/api/zones")).filter((z) => z.lead_institution_id === app.session.institution_id);
  const sections = await Promise.all(zones.map(async (zone) => {
    const members = await api("/api/institutions", { query: { zone: zone.id, page_size: 200 } });
    return h("div.zone", { testid: "zone" },
      h("h2", {}, zone.name_zh),
      h("p.muted", {}, t("zone.lead", { name: zone.lead_institution_name, count: members.total })),
      institutionTable(members.items, "zone-institutions"));
  }));
  view.replaceChildren(h("section.page", { testid: "zone-page" },
    h("h1", {}, t("zone.title")),
    sections.length ? sections : h("p.empty", {}, t("zone.none"))));
}
