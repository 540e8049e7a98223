import { api } from "../api.js";
import { h, table } from "../dom.js";
import { currentLanguage, formatDate, formatDateTime, label, t, todayInShanghai } from "../i18n.js";
import { statusBadge } from "./status.js";

function shiftDays(isoDate, days) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function activityTable(items, testid) {
  return table([
    { title: t("activity.when"), cell: (i) => formatDateTime(i.activity.starts_at) },
    { title: t("activity.title"), cell: (i) => i.activity.title },
    { title: t("activity.kind"), cell: (i) => [label("activity_kind", i.activity.kind), i.activity.topic && label("drill_topic", i.activity.topic)].filter(Boolean).join(" · ") },
    { title: t("activity.host"), cell: (i) => i.activity.host_institution_name || i.activity.host_jurisdiction_name || "—" },
    { title: t("activity.place"), cell: (i) => i.activity.place || "—" },
    { title: t("activity.status"), cell: (i) => h("span", { class: `status status-${i.activity.status}` }, label("activity_status", i.activity.status)) },
    { title: t("activity.my_attendance"), cell: (i) => label("attendance_status", i.attendance_status) },
  ], items, { testid, empty: t("common.none") });
}

function profile(member) {
  if (!member) return null;
  const rows = [
    ["staff.number", member.staff_number],
    ["staff.department", member.department_name || "—"],
    ["staff.role", label("staff_role", member.role)],
    ["me.position", member.position || "—"],
    ["staff.title", label("title", member.title)],
    ["staff.active_from", formatDate(member.active_from)],
  ];
  return h("dl.facts", { testid: "me-profile" }, rows.map(([key, value]) => [h("dt", {}, t(key)), h("dd", {}, value)]));
}

export async function render(view, _params, app) {
  const today = todayInShanghai();
  const items = await api("/api/me/activities", { query: { from: shiftDays(today, -365), to: shiftDays(today, 120) } });
  const now = new Date();
  const upcoming = items.filter((i) => new Date(i.activity.starts_at) >= now)
    .sort((a, b) => a.activity.starts_at.localeCompare(b.activity.starts_at));
  const past = items.filter((i) => new Date(i.activity.starts_at) < now)
    .sort((a, b) => b.activity.starts_at.localeCompare(a.activity.starts_at));
  const attended = past.filter((i) => ["present", "late", "left_early"].includes(i.attendance_status));
  const credits = attended.reduce((sum, i) => sum + (i.credits_earned || 0), 0);
  const own = app.session.staff_member_id;
  const [member, due] = own
    ? await Promise.all([
      api(`/api/staff/${own}`),
      api(`/api/staff/${own}/compliance`, { query: { year: today.slice(0, 4) } }).then((c) => c.findings),
    ])
    : [null, []];
  const dueList = h("ul.due", { testid: "me-due" }, due.map((f) =>
    h("li", {}, statusBadge(f.status), " ", currentLanguage() === "en" ? f.rule_name_en : f.rule_name_zh, " · ",
      currentLanguage() === "en" ? f.reason_en : f.reason_zh)));
  view.replaceChildren(h("section.page", { testid: "me-page" },
    h("h1", {}, t("me.title")),
    h("p.lead", { testid: "me-who" }, t("me.greeting", { name: app.session.display_name, institution: app.session.institution_name || "" })),
    profile(member),
    h("div.stats", {},
      h("div.stat", {}, h("strong", {}, String(upcoming.length)), h("span", {}, t("me.upcoming_count"))),
      h("div.stat", {}, h("strong", {}, String(attended.length)), h("span", {}, t("me.attended_count"))),
      h("div.stat", {}, h("strong", {}, String(credits)), h("span", {}, t("me.credits")))),
    h("h2", {}, t("me.due_this_year")),
    due.length ? dueList : h("p.empty", {}, t("me.nothing_due")),
    h("h2", {}, t("me.upcoming")),
    activityTable(upcoming, "me-upcoming"),
    h("h2", {}, t("me.past")),
    activityTable(past, "me-past"),
  ));
}
