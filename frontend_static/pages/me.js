import { api } from "../api.js";
import { errorBox, h, table } from "../dom.js";
import { currentLanguage, formatDate, formatDateTime, label, t, todayInShanghai } from "../i18n.js";
import { allActivities, feedBox, kindText } from "./calendar.js";
import { statusBadge } from "./status.js";
import { mayReply, replyControl } from "./replies.js";

function shiftDays(isoDate, days) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function activityTable(items, testid, { withInvite = false } = {}) {
  const invite = withInvite ? [{ title: t("me.add_to_calendar"), cell: (i) => i.activity.status === "cancelled" ? "—"
    : h("a.button.secondary.small", { href: `/api/activities/${i.activity.id}/invite.ics`, download: true, testid: `ics-${i.activity.id}` }, t("me.add_to_calendar")) },
  { title: t("reply.my_reply"), cell: (i) => (mayReply(i) ? replyControl(i) : "—") }] : [];
  return table([
    { title: t("activity.when"), cell: (i) => formatDateTime(i.activity.starts_at) },
    { title: t("activity.title"), cell: (i) => i.activity.title },
    { title: t("activity.kind"), cell: (i) => [label("activity_kind", i.activity.kind), i.activity.topic && label("drill_topic", i.activity.topic)].filter(Boolean).join(" · ") },
    { title: t("activity.host"), cell: (i) => i.activity.host_institution_name || i.activity.host_jurisdiction_name || "—" },
    { title: t("activity.place"), cell: (i) => i.activity.place || "—" },
    { title: t("activity.status"), cell: (i) => h("span", { class: `status status-${i.activity.status}` }, label("activity_status", i.activity.status)) },
    withInvite
      ? { title: t("me.my_invitation"), cell: (i) => label("invitation_status", i.invitation_status) }
      : { title: t("activity.my_attendance"), cell: (i) => label("attendance_status", i.attendance_status) },
    ...invite,
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
    own ? creditSummary(own, today.slice(0, 4)) : null,
    h("h2", {}, t("me.due_this_year")),
    due.length ? dueList : h("p.empty", {}, t("me.nothing_due")),
    h("h2", {}, t("me.upcoming")),
    activityTable(upcoming, "me-upcoming", { withInvite: true }),
    own ? subscribeBox() : null,
    own ? openSessions(items) : null,
    h("h2", {}, t("me.past")),
    activityTable(past, "me-past"),
  ));
}

function subscribeBox() {
  return feedBox({
    testid: "feed", titleKey: "feed.my_title", introKey: "feed.my_intro",
    load: () => api("/api/me/calendar-feed"),
    rotate: () => api("/api/me/calendar-feed/rotate", { method: "POST" }),
    // the picture changes with the address: a new query string after each rotation
    extra: (feed) => h("figure.feed-qr", {},
      h("img", { src: `/api/me/calendar-feed/qr.svg?v=${encodeURIComponent(feed.created_at)}`, alt: t("feed.qr_alt"), testid: "feed-qr", width: 180, height: 180 }),
      h("figcaption.muted.small", {}, t("feed.qr_caption"))),
  });
}

// Planned sessions with a capacity take registrations: a seat, or a place on the waitlist.
function openSessions(mine) {
  const body = h("div", {}, h("p.loading", {}, t("common.loading")));
  const status = Object.fromEntries(mine.map((i) => [i.activity.id, i.invitation_status]));
  const now = new Date();
  allActivities({ status: "planned", from: todayInShanghai() }).then((all) => {
    const open = all.filter((a) => a.capacity && new Date(a.starts_at) > now)
      .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
    body.replaceChildren(table([
      { title: t("activity.when"), cell: (a) => formatDateTime(a.starts_at) },
      { title: t("activity.title"), cell: (a) => a.title },
      { title: t("activity.kind"), cell: (a) => kindText(a) },
      { title: t("activity.place"), cell: (a) => a.place || "—" },
      { title: t("me.seats"), cell: (a) => t("me.seats_taken", { taken: a.seats_taken, capacity: a.capacity, waiting: a.waitlisted_count }) },
      { title: t("me.registration"), cell: (a) => registration(a, status[a.id]) },
    ], open, { testid: "me-open", empty: t("me.no_open_sessions") }));
  }, (error) => body.replaceChildren(errorBox(error, "me-open-error")));
  return h("section", { testid: "me-open-section" }, h("h2", {}, t("me.open_sessions")),
    h("p.muted", {}, t("me.open_intro")), body);
}

const HOLDS_PLACE = ["invited", "registered", "waitlisted"];

function registration(activity, initial) {
  const cell = h("div.registration", { testid: `reg-${activity.id}` });
  let current = initial;
  function draw(state, answer, error) {
    const onList = HOLDS_PLACE.includes(state);
    const text = answer
      ? (answer.status === "waitlisted"
        ? t("me.waitlisted", { position: answer.waitlist_position, taken: answer.seats_taken, capacity: answer.capacity })
        : answer.status === "registered"
          ? t("me.registered", { taken: answer.seats_taken, capacity: answer.capacity })
          : t("me.withdrawn", { taken: answer.seats_taken, capacity: answer.capacity }))
      : onList ? label("invitation_status", state) : t("me.not_registered");
    const button = onList
      ? h("button", { type: "button", testid: `withdraw-${activity.id}`, onclick: () => act("DELETE") }, t("me.withdraw"))
      : h("button.primary", { type: "button", testid: `register-${activity.id}`, onclick: () => act("POST") }, t("me.register"));
    cell.replaceChildren(h("span", { testid: `reg-status-${activity.id}` }, text), " ", button,
      error ? errorBox(error, `reg-error-${activity.id}`) : "");
  }
  async function act(method) {
    try {
      const answer = await api(`/api/activities/${activity.id}/registration`, { method });
      current = answer.status;
      draw(current, answer);
    } catch (error) {
      draw(current, null, error);
    }
  }
  draw(initial);
  return cell;
}

// This year's CME credits at a glance (counted / required), with the way to the full ledger.
function creditSummary(staffId, year) {
  const box = h("p.credit-glance", { testid: "me-credits" }, h("a", { href: "#/me/credits", testid: "me-credits-link" }, t("credits.open_ledger")));
  api(`/api/staff/${staffId}/credits`, { query: { year } }).then((ledger) => {
    box.prepend(h("span", { class: ledger.met ? "met-text" : "short-text" }, t("credits.glance", {
      year, counted: ledger.total_counted, required: ledger.required, missing: ledger.missing_total,
    })), " ");
  }, () => {});
  return box;
}
