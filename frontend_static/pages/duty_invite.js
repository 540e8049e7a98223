// Inviting to a commission's or a centre's duty (regional drill, work or zone meeting, exam...):
// hospitals by name and by kind, and the roles and titles wanted within them. The candidates are
// the host's own area (a commission's jurisdiction) or zone (a centre's members and itself); the
// server checks the same scope and refuses anything outside it.
import { api } from "../api.js";
import { h } from "../dom.js";
import { label, t } from "../i18n.js";

const ROLES = ["obstetrician", "midwife", "nurse", "neonatologist", "paediatrician", "anaesthetist",
  "icu_doctor", "emergency_doctor", "transfusion_doctor", "administrator", "other"];
const TITLES = ["junior", "intermediate", "associate_senior", "senior"];
const CENTRE_FLAGS = ["city_maternal_centre", "city_neonatal_centre", "county_maternal_centre", "county_neonatal_centre"];

export const isCentre = (institution) => CENTRE_FLAGS.some((flag) => institution?.[flag]);

// The institutions a duty hosted by `host` may invite, or null when the host is an ordinary
// hospital (its own staff are invited the usual way).
export async function dutyCandidates(host, session) {
  if (!host.institution && !host.jurisdiction) return null;
  const all = (await api("/api/institutions", { query: { page_size: 500 } })).items.filter((i) => i.active);
  if (host.jurisdiction) {
    if (host.jurisdiction === session.jurisdiction_id || session.role === "admin" && !all.some((i) => i.jurisdiction_id === host.jurisdiction)) return all;
    return all.filter((i) => i.jurisdiction_id === host.jurisdiction);
  }
  const centre = all.find((i) => i.id === host.institution);
  if (!isCentre(centre)) return null;
  const zones = (await api("/api/zones")).filter((z) => z.lead_institution_id === centre.id);
  const members = new Set([centre.id, ...zones.flatMap((z) => z.institution_ids)]);
  return all.filter((i) => members.has(i.id));
}

// A centre's own kinds of duty (zone meetings, inspections, competitions...) invite hospitals of its
// zone; its ordinary drills and meetings invite its own staff, as any hospital's do.
const CENTRE_DUTY_KINDS = ["zone_meeting", "quality_inspection", "skills_competition", "regional_drill", "staff_exam", "work_meeting"];

export function usesDutyInvite(host, candidates, kind) {
  if (!candidates) return false;
  return Boolean(host.jurisdiction) || CENTRE_DUTY_KINDS.includes(kind);
}

export function dutyInviteSection({ institutions, editing }) {
  const ticks = (values, prefix, text) => values.map((value) => {
    const box = h("input", { type: "checkbox", value, testid: `${prefix}-${value}` });
    return { value, box, element: h("label.check", {}, box, text(value)) };
  });
  const byId = new Map(institutions.map((i) => [String(i.id), i]));
  const kinds = [...new Set(institutions.map((i) => i.kind))];
  const places = ticks([...byId.keys()], "duty-inst", (id) => h("span", {}, byId.get(id).name_zh, " ",
    h("span.muted.small", {}, label("institution_kind", byId.get(id).kind))));
  const kindTicks = ticks(kinds, "duty-kind", (k) => label("institution_kind", k));
  const roles = ticks(ROLES, "duty-role", (r) => label("staff_role", r));
  const titles = ticks(TITLES, "duty-title", (v) => label("title", v));
  const count = h("p.invite-count", { testid: "duty-invite-count", role: "status" });
  const chosen = (list) => list.filter((x) => x.box.checked).map((x) => x.value);

  function value() {
    const spec = {
      institution_ids: chosen(places).map(Number), institution_kinds: chosen(kindTicks),
      roles: chosen(roles), titles: chosen(titles),
    };
    return Object.values(spec).some((v) => v.length) ? spec : null;
  }
  // Which hospitals the selection reaches: those ticked, those of the kinds ticked; neither
  // ticked but a role or title: every hospital of the area.
  function refreshCount() {
    const spec = value();
    if (!spec) { count.textContent = t(editing ? "booking.invite_none_more" : "booking.invite_none"); return; }
    const reached = new Set(spec.institution_ids);
    for (const i of institutions) if (spec.institution_kinds.includes(i.kind)) reached.add(i.id);
    const everywhere = !spec.institution_ids.length && !spec.institution_kinds.length;
    const n = everywhere ? institutions.length : reached.size;
    const who = spec.roles.length || spec.titles.length ? t("duties.invite_matching") : t("duties.invite_everyone");
    count.textContent = t("duties.invite_count", { count: n, who });
  }
  for (const x of [...places, ...kindTicks, ...roles, ...titles]) x.box.addEventListener("change", refreshCount);

  const element = h("fieldset.invite.duty-invite", { testid: "duty-invite" },
    h("legend", {}, t(editing ? "booking.invite_more" : "booking.invite")),
    h("p.muted.small", {}, t("duties.invite_explain")),
    h("div.check-group", { testid: "duty-kinds" }, h("strong", {}, t("duties.invite_kinds")), kindTicks.map((x) => x.element)),
    h("div.check-group.duty-institutions", { testid: "duty-institutions" }, h("strong", {}, t("duties.invite_institutions")), places.map((x) => x.element)),
    h("div.check-group", { testid: "duty-roles" }, h("strong", {}, t("booking.invite_roles")), roles.map((x) => x.element)),
    h("div.check-group", { testid: "duty-titles" }, h("strong", {}, t("booking.invite_titles")), titles.map((x) => x.element)),
    count);
  refreshCount();
  return { element, value, suggest: () => {} };
}
