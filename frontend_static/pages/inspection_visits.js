// The institutions a quality inspection (质量检查) visits, on the activity's page: listed for
// everyone who sees the inspection, chosen by its host (a commission, or a centre's officer or
// reviewer) from the institutions in the host's area. Coverage rules count these visits.
import { api } from "../api.js";
import { errorBox, h } from "../dom.js";
import { label, t } from "../i18n.js";

const url = (id) => `/api/activities/${id}/inspected-institutions`;

export async function inspectionSection(activity) {
  if (activity.kind !== "quality_inspection") return null;
  const section = h("section.inspection-visits", { testid: "inspection-visits" });
  let data = await api(url(activity.id));

  function line(i) {
    return h("li", { testid: `visited-${i.id}` }, h("strong", {}, i.name_zh), " ",
      h("span.muted.small", {}, `${i.jurisdiction_name_zh} · ${label("institution_kind", i.kind)}`));
  }
  function draw(message) {
    const list = data.institutions.length
      ? h("ul.visited-list", { testid: "visited-list" }, data.institutions.map(line))
      : h("p.muted", { testid: "visited-none" }, t("duties.visited_none"));
    section.replaceChildren(...[
      h("h2", {}, t("duties.visited_title")),
      h("p.muted", { testid: "visited-summary" }, t("duties.visited_summary", { count: data.institutions.length, counties: data.counties_count })),
      list,
      data.others_count ? h("p.muted", { testid: "visited-others" }, t("duties.visited_others", { count: data.others_count })) : null,
      data.may_edit ? editor() : null,
      message,
    ].filter(Boolean));
  }
  function editor() {
    const chosen = new Set(data.institutions.map((i) => i.id));
    const counties = new Map();
    for (const c of data.candidates) counties.set(c.jurisdiction_name_zh, [...(counties.get(c.jurisdiction_name_zh) || []), c]);
    const boxes = [];
    const groups = [...counties.entries()].map(([county, rows]) => h("div.check-group", {},
      h("strong", {}, county),
      rows.map((c) => {
        const box = h("input", { type: "checkbox", value: c.id, checked: chosen.has(c.id), testid: `visit-${c.id}` });
        boxes.push(box);
        return h("label.check", {}, box, c.name_zh);
      })));
    const save = h("button.primary", { type: "button", testid: "visits-save", onclick: async () => {
      save.disabled = true;
      try {
        data = await api(url(activity.id), { method: "PUT", json: { institution_ids: boxes.filter((b) => b.checked).map((b) => Number(b.value)) } });
        draw(h("p.success", { testid: "visits-saved", role: "status" }, t("duties.visits_saved", { count: data.institutions.length })));
      } catch (error) {
        save.disabled = false;
        section.append(errorBox(error, "visits-error"));
      }
    } }, t("duties.visits_save"));
    return h("details.visits-editor", { testid: "visits-editor", open: !data.institutions.length },
      h("summary", {}, t("duties.visits_edit")),
      h("p.muted.small", {}, t("duties.visits_hint")),
      groups, h("div.actions", {}, save));
  }
  draw();
  return section;
}
