// The activity calendar: month and week views, a side panel per activity (details, invitations,
// rule warnings, edit, cancel, invite.ics) and the institution's subscription feed.
// Also the small time and message helpers the booking form and the planner share.
import { api } from "../api.js";
import { errorBox, h } from "../dom.js";
import { currentLanguage, formatDateTime, label, t, todayInShanghai } from "../i18n.js";
import { replySummary } from "./replies.js";

export const KINDS = ["drill", "regional_drill", "joint_meeting", "cme_session", "warning_education",
  "self_assessment", "staff_exam", "skills_competition", "zone_meeting", "work_meeting",
  "paired_support_clinic_day", "quality_inspection"];
export const DRILL_KINDS = ["drill", "regional_drill"];

// --- time: the API speaks UTC, people speak Shanghai wall time (UTC+8 all year, no DST) ---------
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

// "2026-12-01T01:30:00Z" -> "2026-12-01T09:30" (what an <input type=datetime-local> holds)
export function wallTime(iso) {
  return new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}

export const dayOf = (iso) => wallTime(iso).slice(0, 10);
export const clock = (iso) => wallTime(iso).slice(11, 16);

export function shiftDays(day, days) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function shiftMonths(day, months) {
  const [y, m] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1 + months, 1)).toISOString().slice(0, 10);
}

// Weeks start on Monday (as Chinese calendars do).
export function mondayOf(day) {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return shiftDays(day, -weekday);
}

const localeName = () => (currentLanguage() === "en" ? "en-GB" : "zh-CN");

function monthTitle(day) {
  return new Intl.DateTimeFormat(localeName(), { timeZone: "UTC", year: "numeric", month: "long" })
    .format(new Date(`${day}T00:00:00Z`));
}

function weekdayName(day, width = "short") {
  return new Intl.DateTimeFormat(localeName(), { timeZone: "UTC", weekday: width })
    .format(new Date(`${day}T00:00:00Z`));
}

export function timeRange(activity) {
  const start = formatDateTime(activity.starts_at);
  const sameDay = dayOf(activity.starts_at) === dayOf(activity.ends_at);
  return `${start} – ${sameDay ? clock(activity.ends_at) : formatDateTime(activity.ends_at)}`;
}

// --- shared bits of the scheduling pages -----------------------------------------------------
export const inEnglish = () => currentLanguage() === "en";
export const pick = (zh, en) => (inEnglish() ? en : zh);

export function kindText(activity) {
  return [label("activity_kind", activity.kind), activity.topic && label("drill_topic", activity.topic)]
    .filter(Boolean).join(" · ");
}

// "obstetrician|midwife" (either will do) -> "产科医师或助产士"
export function whoText(code) {
  return code.split("|").map((c) => (c in ROLE_SET ? label("staff_role", c) : label("department_kind", c)))
    .join(t("common.or"));
}
const ROLE_SET = Object.fromEntries(["obstetrician", "midwife", "nurse", "neonatologist", "paediatrician",
  "anaesthetist", "icu_doctor", "emergency_doctor", "transfusion_doctor", "administrator", "other"].map((r) => [r, 1]));

export function warningList(warnings, testid) {
  if (!warnings?.length) return null;
  return h("ul.warnings", { testid }, warnings.map((w) =>
    h("li", { testid: `warning-${w.rule_id}` }, h("strong", {}, pick(w.rule_name_zh, w.rule_name_en)), ": ",
      pick(w.message_zh, w.message_en))));
}

// A 409 double_booked answer: what clashes, a reason box and a "book anyway" button.
export function conflictBox(error, onOverride, buttonKey = "booking.book_anyway") {
  const conflicts = error.body?.details?.conflicts || [];
  const reason = h("textarea", { testid: "conflict-reason", rows: 2, maxlength: 2000, placeholder: t("booking.conflict_reason_hint") });
  const button = h("button.primary", { type: "button", testid: "book-anyway", disabled: true,
    onclick: () => onOverride(reason.value.trim()) }, t(buttonKey));
  reason.addEventListener("input", () => { button.disabled = !reason.value.trim(); });
  const details = error.body?.details || {};
  const list = details.groups ? h("ul", {}, details.groups.map(conflictGroupLine)) : h("ul", {}, conflicts.map((c, i) => h("li", { testid: c.hidden ? `conflict-hidden-${i}` : `conflict-${c.activity_id}` },
      h("span.badge", {}, t(`booking.conflict_what.${c.what}`)), " ",
      c.staff_member_name || c.place || "", " · ",
      // an activity the reader may not see (another hospital's drill): only that there is one
      c.hidden ? t("booking.conflict_elsewhere") : [h("strong", {}, c.activity_title), " · ", timeRange(c)])));
  return h("div.conflicts", { testid: "conflicts", role: "alert" },
    (details.duplicates || []).map((d) => h("p.duplicate", { testid: `duplicate-${d.activity_id}` },
      t("booking.looks_duplicate"), " ",
      h("a", { href: `#/calendar/month/${dayOf(d.starts_at)}/${d.activity_id}` }, t("booking.quoted", { title: d.activity_title })),
      " · ", timeRange(d), d.place ? ` · ${d.place}` : "")),
    h("p", {}, error.message),
    list,
    h("label.field", {}, h("span", {}, t("booking.conflict_reason")), reason),
    h("div.actions", {}, button));
}

// One clashing activity on one line: 与「…」时间重叠：N 人（张三、李四 等）, its room, its facilitator.
function conflictGroupLine(g, i) {
  const parts = [];
  if (g.people_count) {
    const more = g.people_count > g.people_names.length ? t("booking.conflict_and_more") : "";
    const names = g.people_names.join(t("booking.conflict_name_sep")) + more;
    parts.push(t("booking.conflict_people", { count: g.people_count, names }));
  }
  if (g.place) parts.push(t("booking.conflict_place", { place: g.place }));
  if (g.facilitator_name) parts.push(t("booking.conflict_facilitator", { name: g.facilitator_name }));
  return h("li", { testid: g.hidden ? `conflict-hidden-${i}` : `conflict-${g.activity_id}` },
    g.hidden ? t("booking.conflict_elsewhere")
      : [h("strong", {}, t("booking.conflict_with", { title: g.activity_title, when: timeRange(g) })),
        g.duplicate ? [" ", h("span.badge", {}, t("booking.duplicate_badge"))] : null],
    t("booking.conflict_colon"), parts.join(t("booking.conflict_sep")));
}

const FLASH_KEY = "drillbook.flash";
export function setFlash(flash) { sessionStorage.setItem(FLASH_KEY, JSON.stringify(flash)); }
function takeFlash() {
  const text = sessionStorage.getItem(FLASH_KEY);
  sessionStorage.removeItem(FLASH_KEY);
  return text ? JSON.parse(text) : null;
}

export function mayBook(session, activity) {
  if (session.role === "admin") return true;
  if (["officer", "reviewer"].includes(session.role)) return activity.host_institution_id === session.institution_id;
  return session.role === "commission";
}

export async function allActivities(query) {
  const items = [];
  for (let page = 1; ; page += 1) {
    const data = await api("/api/activities", { query: { ...query, page, page_size: 500 } });
    items.push(...data.items);
    if (items.length >= data.total || !data.items.length) return items;
  }
}

// --- the page --------------------------------------------------------------------------------
const SHOWN_PER_DAY = 4;
let chosenInstitution = ""; // non-officers: which institution (kept while moving between months)

function flashBox(flash) {
  if (!flash) return null;
  const text = flash.type === "booked"
    ? t("calendar.flash_booked", { title: flash.title, count: flash.count, invited: flash.invited })
    : flash.type === "cancelled" ? t("calendar.flash_cancelled", { count: flash.count })
      : t("calendar.flash_saved", { title: flash.title, count: flash.count });
  return h("div.success", { testid: "calendar-flash", role: "status" }, h("p", {}, text),
    flash.warnings?.length ? [h("p", {}, t("calendar.flash_warnings")), warningList(flash.warnings, "flash-warnings")] : null);
}

function legend() {
  return h("div.cal-legend", { testid: "calendar-legend" },
    KINDS.map((k) => h("span", { class: `cal-key k-${k}` }, h("i"), label("activity_kind", k))),
    h("span.cal-key.cancelled-key", {}, h("s", {}, t("calendar.legend_cancelled"))),
    h("span.cal-key", {}, h("span.unannounced-mark", {}, "⚑"), t("calendar.legend_unannounced")));
}

// All institutions in one view: each event says whose it is.
let showHost = false;
const hostOf = (a) => a.host_institution_name || a.host_jurisdiction_name || "";

function eventChip(activity, onOpen, withPlace = false) {
  const classes = ["cal-event", `k-${activity.kind}`, `ev-${activity.status}`];
  return h("button", {
    type: "button", class: classes.join(" "), testid: `cal-event-${activity.id}`,
    title: [activity.title, timeRange(activity), activity.place, activity.host_institution_name || activity.host_jurisdiction_name,
      activity.status === "planned" ? "" : label("activity_status", activity.status)].filter(Boolean).join(" · "),
    onclick: (e) => { e.stopPropagation(); onOpen(activity.id); },
  },
  h("span.ev-time", {}, clock(activity.starts_at)),
  activity.unannounced ? h("span.unannounced-mark", { title: t("calendar.legend_unannounced") }, "⚑") : null,
  h("span.ev-title", {}, activity.title),
  showHost && hostOf(activity) ? h("span.ev-host", { testid: `cal-event-host-${activity.id}` }, hostOf(activity)) : null,
  withPlace && activity.place ? h("span.ev-place", {}, activity.place) : null);
}

function byDay(activities) {
  const days = {};
  for (const a of activities) (days[dayOf(a.starts_at)] ||= []).push(a);
  for (const list of Object.values(days)) list.sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  return days;
}

function monthGrid(anchor, days, today, { onOpen, onDay, onMore }) {
  const first = anchor.slice(0, 8) + "01";
  const start = mondayOf(first);
  const head = Array.from({ length: 7 }, (_, i) => h("div.cal-dow", {}, weekdayName(shiftDays(start, i))));
  const cells = Array.from({ length: 42 }, (_, i) => {
    const day = shiftDays(start, i);
    const events = days[day] || [];
    const classes = ["cal-day"];
    if (day.slice(0, 7) !== first.slice(0, 7)) classes.push("other-month");
    if (day === today) classes.push("today");
    if (i % 7 >= 5) classes.push("weekend");
    return h("div", { class: classes.join(" "), testid: `cal-day-${day}`, onclick: () => onDay(day) },
      h("span.cal-date", {}, String(Number(day.slice(8)))),
      events.slice(0, SHOWN_PER_DAY).map((a) => eventChip(a, onOpen)),
      events.length > SHOWN_PER_DAY
        ? h("button.link-button.cal-more", { type: "button", testid: `cal-more-${day}`, onclick: (e) => { e.stopPropagation(); onMore(day); } },
          t("calendar.more", { count: events.length - SHOWN_PER_DAY }))
        : null);
  });
  return h("div.cal-month", { testid: "calendar-month" }, head, cells);
}

// On a phone the month grid has room for colours only: the month's activities also as a list.
function agenda(anchor, days, onOpen) {
  const month = anchor.slice(0, 7);
  const list = Object.keys(days).filter((d) => d.startsWith(month)).sort();
  return h("div.cal-agenda", { testid: "calendar-agenda" },
    list.length ? list.map((day) => h("div.agenda-day", {},
      h("div.agenda-date", {}, h("strong", {}, day.slice(5)), " ", weekdayName(day)),
      days[day].map((a) => h("button", {
        type: "button", class: `cal-event k-${a.kind} ev-${a.status}`, testid: `agenda-event-${a.id}`,
        onclick: () => onOpen(a.id),
      }, h("span.ev-time", {}, clock(a.starts_at)), a.unannounced ? h("span.unannounced-mark", {}, "⚑") : null,
      h("span.ev-title", {}, a.title),
      showHost && hostOf(a) ? h("span.ev-host", {}, hostOf(a)) : null)))) : h("p.empty", {}, t("calendar.month_empty")));
}

function weekGrid(anchor, days, today, { onOpen, onDay }) {
  const start = mondayOf(anchor);
  return h("div.cal-week", { testid: "calendar-week" }, Array.from({ length: 7 }, (_, i) => {
    const day = shiftDays(start, i);
    const events = days[day] || [];
    return h("div", { class: `cal-week-day${day === today ? " today" : ""}${i >= 5 ? " weekend" : ""}`, testid: `cal-day-${day}`, onclick: () => onDay(day) },
      h("div.cal-week-head", {}, h("strong", {}, weekdayName(day)), " ", day.slice(5)),
      events.length ? events.map((a) => eventChip(a, onOpen, true)) : h("p.empty.small", {}, t("calendar.free")));
  }));
}

function facts(rows) {
  return h("dl.facts", {}, rows.filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([key, value]) => [h("dt", {}, t(key)), h("dd", {}, value)]));
}

function invitationList(invitations) {
  if (!invitations.length) return h("p.empty", { testid: "panel-invitations-empty" }, t("calendar.no_invitations"));
  const counts = {};
  for (const i of invitations) counts[i.status] = (counts[i.status] || 0) + 1;
  return h("div", {},
    h("p.muted", {}, Object.entries(counts).map(([s, n]) => `${label("invitation_status", s)} ${n}`).join(" · ")),
    h("ul.invitees", { testid: "panel-invitations" }, invitations.map((i) =>
      h("li", {}, h("span", {}, i.name), " ",
        h("span.muted", {}, [i.department_name, label("staff_role", i.role)].filter(Boolean).join(" · ")), " ",
        h("span", { class: `inv inv-${i.status}` }, label("invitation_status", i.status),
          i.waitlist_position ? ` #${i.waitlist_position}` : "")))));
}

function cancelForm(detail, onDone) {
  const series = Boolean(detail.series_uid);
  const reason = h("textarea", { testid: "cancel-reason", rows: 2, maxlength: 2000 });
  const error = h("div");
  const scope = series ? h("fieldset.scope", { testid: "cancel-scope" }, h("legend", {}, t("booking.scope_question")),
    h("label", {}, h("input", { type: "radio", name: "cancel-scope", value: "one", checked: true, testid: "cancel-scope-one" }), t("booking.scope_one")),
    h("label", {}, h("input", { type: "radio", name: "cancel-scope", value: "following", testid: "cancel-scope-following" }), t("booking.scope_following")))
    : null;
  const confirm = h("button.primary.danger", { type: "button", testid: "cancel-confirm", onclick: async () => {
    error.replaceChildren();
    if (!reason.value.trim()) {
      error.replaceChildren(h("p.error", { testid: "cancel-error" }, t("calendar.cancel_needs_reason")));
      return;
    }
    confirm.disabled = true;
    try {
      const chosen = scope?.querySelector("input:checked")?.value || "one";
      const result = await api(`/api/activities/${detail.activity.id}/cancel`, { method: "POST", json: { reason: reason.value.trim(), scope: chosen } });
      onDone(result);
    } catch (err) {
      confirm.disabled = false;
      error.replaceChildren(errorBox(err, "cancel-error"));
    }
  } }, t("calendar.cancel_confirm"));
  return h("div.cancel-form", { testid: "cancel-form" },
    h("label.field", {}, h("span", {}, t("calendar.cancel_reason")), reason), scope, error,
    h("div.actions", {}, confirm));
}

function panelBody(detail, session, { onCancelled, onClose }) {
  const a = detail.activity;
  const editable = mayBook(session, a) && a.status !== "cancelled";
  const started = new Date(a.starts_at) <= new Date();
  const cancelSlot = h("div");
  const credits = a.credit_class ? `${label("credit_class", a.credit_class)}${a.credits !== null ? ` · ${a.credits}` : ""}` : null;
  return [
    h("div.panel-head", {},
      h("h2", { class: a.status === "cancelled" ? "struck" : "", testid: "panel-title" }, a.title),
      h("button.link-button", { type: "button", testid: "panel-close", "aria-label": t("calendar.close"), onclick: onClose }, "✕")),
    h("p", {}, h("span", { class: `cal-key k-${a.kind}` }, h("i"), kindText(a)), " ",
      h("span", { class: `status status-${a.status}`, testid: "panel-status" }, label("activity_status", a.status)),
      a.unannounced ? h("span.badge", { testid: "panel-unannounced" }, "⚑ ", t("calendar.legend_unannounced")) : null,
      detail.series_uid ? h("span.badge", {}, t("calendar.in_series")) : null),
    facts([
      ["activity.when", timeRange(a)],
      ["activity.place", a.place || "—"],
      ["activity.host", a.host_institution_name || a.host_jurisdiction_name],
      ["booking.facilitator", detail.facilitator_name],
      ["booking.capacity", a.capacity],
      ["activity.credits", credits],
      ["calendar.cancel_reason", a.cancel_reason],
      ["booking.notes", detail.notes],
    ]),
    detail.warnings.length ? [h("h3", {}, t("calendar.warnings")), warningList(detail.warnings, "panel-warnings")] : null,
    h("div.actions", {},
      // once it has started, taking attendance is what the officer comes for; editing steps back
      editable && started ? h("a.button", { href: `#/activities/${a.id}/attendance`, testid: "panel-attendance" }, t("attendance.take")) : null,
      DRILL_KINDS.includes(a.kind) && a.status === "held" && session.role !== "staff"
        ? h("a.button", { href: `#/activities/${a.id}/record`, testid: "panel-record" }, t("record.open")) : null,
      // a held activity is not rescheduled: at most its details are corrected, on the side
      editable ? h(started ? "a.button.secondary" : "a.button", { href: `#/activities/${a.id}/edit`, testid: "panel-edit" },
        t(a.status === "held" ? "calendar.correct_details" : "calendar.edit")) : null,
      editable && a.status === "planned" ? h("button", { type: "button", testid: "panel-cancel", onclick: () => {
        cancelSlot.replaceChildren(cancelForm(detail, onCancelled));
      } }, t("calendar.cancel")) : null,
      h("a.button.secondary", { href: `/api/activities/${a.id}/invite.ics`, download: true, testid: "panel-ics" }, t("calendar.download_ics"))),
    editable ? h("div.actions.panel-check-in", {},
      new Date(a.ends_at) > new Date() ? h("a.button.secondary", { href: `#/activities/${a.id}/check-in-screen`, testid: "panel-qr" }, t("attendance.qr")) : null,
      h("a.button.secondary", { href: `/api/activities/${a.id}/sign-in-sheet.pdf`, download: true, testid: "panel-sheet" }, t("attendance.sheet_pdf"))) : null,
    cancelSlot,
    replySummary(detail.invitations),
    h("h3", {}, t("calendar.invitations", { count: detail.invitations.length })),
    invitationList(detail.invitations),
    detail.other_institutions_count
      ? h("p.muted", { testid: "panel-others" }, t("calendar.others_count", { count: detail.other_institutions_count })) : null,
  ];
}

export function feedBox({ testid, load, rotate, titleKey, introKey, extra }) {
  const body = h("div.feed-body");
  async function show(promise) {
    try {
      const feed = await promise;
      const input = h("input", { type: "text", readonly: true, value: feed.url, testid: `${testid}-url`, onfocus: (e) => e.target.select() });
      const copied = h("span.muted", { role: "status" });
      const confirmSlot = h("div");
      body.replaceChildren(
        h("div.feed-url", {}, input,
          h("button", { type: "button", testid: `${testid}-copy`, onclick: async () => {
            try { await navigator.clipboard.writeText(feed.url); } catch { input.select(); document.execCommand?.("copy"); }
            copied.textContent = t("feed.copied");
          } }, t("feed.copy")), copied),
        h("p.actions", {},
          h("a.button.secondary", { href: feed.webcal_url, testid: `${testid}-webcal` }, t("feed.webcal")),
          h("button", { type: "button", testid: `${testid}-rotate`, onclick: () => {
            confirmSlot.replaceChildren(h("div.confirm", { role: "alert" }, h("p", {}, t("feed.rotate_warning")),
              h("div.actions", {},
                h("button.primary.danger", { type: "button", testid: `${testid}-rotate-confirm`, onclick: () => show(rotate()) }, t("feed.rotate_confirm")),
                h("button", { type: "button", testid: `${testid}-rotate-keep`, onclick: () => confirmSlot.replaceChildren() }, t("feed.rotate_keep")))));
          } }, t("feed.rotate"))),
        confirmSlot,
        h("p.muted.small", {}, t("feed.created", { when: formatDateTime(feed.created_at) })),
        extra ? extra(feed) : "");
    } catch (error) {
      body.replaceChildren(errorBox(error, `${testid}-error`));
    }
  }
  show(load());
  return h("section.feed", { testid }, h("h2", {}, t(titleKey)), h("p.muted", {}, t(introKey)), body);
}

// officers and staff see their own institution's calendar
const ownCalendar = (session) => ["officer", "staff"].includes(session.role);

async function institutionChoices(session) {
  if (ownCalendar(session)) return null;
  const data = await api("/api/institutions", { query: { page_size: 500 } });
  return data.items;
}

export async function render(view, [viewText, dayText, idText], app) {
  const session = app.session;
  const mode = viewText === "week" ? "week" : "month";
  const today = todayInShanghai();
  const anchor = dayText || today;
  const institutions = await institutionChoices(session);
  const institution = ownCalendar(session) ? session.institution_id : chosenInstitution;
  showHost = Boolean(institutions) && !institution;
  const [from, to] = mode === "month"
    ? [mondayOf(anchor.slice(0, 8) + "01"), shiftDays(mondayOf(anchor.slice(0, 8) + "01"), 41)]
    : [mondayOf(anchor), shiftDays(mondayOf(anchor), 6)];
  const activities = await allActivities({ institution, from, to });
  const days = byDay(activities);
  const hashFor = (m, d, id) => `#/calendar/${m}/${d}${id ? `/${id}` : ""}`;
  const canBookHere = ["officer", "admin", "commission", "reviewer"].includes(session.role);

  const panel = h("aside.cal-panel", { testid: "activity-panel", hidden: true });
  let openId = null;
  async function open(id) {
    openId = id;
    history.replaceState(null, "", hashFor(mode, anchor, id));
    panel.hidden = false;
    panel.replaceChildren(h("p.loading", {}, t("common.loading")));
    try {
      const detail = await api(`/api/activities/${id}`);
      if (openId !== id) return;
      panel.replaceChildren(...panelBody(detail, session, {
        onClose: close,
        onCancelled: (result) => {
          setFlash({ type: "cancelled", count: result.series_activity_ids.length });
          app.go(hashFor(mode, anchor, id));
        },
      }).flat().filter(Boolean));
      if (window.matchMedia("(max-width: 720px)").matches) panel.scrollIntoView({ block: "start" });
    } catch (error) {
      panel.replaceChildren(errorBox(error, "panel-error"));
    }
  }
  function close() {
    openId = null;
    panel.hidden = true;
    history.replaceState(null, "", hashFor(mode, anchor));
  }
  const actions = {
    onOpen: open,
    onDay: (day) => { if (canBookHere && day >= today) app.go(`#/book/${day}`); },
    onMore: (day) => app.go(hashFor("week", day)),
  };
  const step = (direction) => (mode === "month" ? shiftMonths(anchor, direction) : shiftDays(anchor, 7 * direction));
  const title = mode === "month" ? monthTitle(anchor)
    : `${from} – ${to.slice(5)}`;
  const toolbar = h("div.cal-toolbar", {},
    h("div.cal-nav", {},
      h("button", { type: "button", testid: "cal-prev", "aria-label": t("calendar.previous"), onclick: () => app.go(hashFor(mode, step(-1))) }, "‹"),
      h("button", { type: "button", testid: "cal-today", onclick: () => app.go(hashFor(mode, today)) }, t("calendar.today")),
      h("button", { type: "button", testid: "cal-next", "aria-label": t("calendar.next"), onclick: () => app.go(hashFor(mode, step(1))) }, "›"),
      h("strong.cal-title", { testid: "cal-title" }, title)),
    h("div.cal-tools", {},
      institutions ? h("select", { testid: "cal-institution", onchange: (e) => { chosenInstitution = e.target.value; app.go(hashFor(mode, anchor)); } },
        h("option", { value: "" }, t("calendar.all_institutions")),
        institutions.map((i) => h("option", { value: i.id, selected: String(i.id) === String(chosenInstitution) }, i.name_zh))) : null,
      h("div.segmented", { role: "group" },
        h("button", { type: "button", testid: "cal-view-month", class: mode === "month" ? "on" : "", "aria-pressed": String(mode === "month"), onclick: () => app.go(hashFor("month", anchor)) }, t("calendar.month")),
        h("button", { type: "button", testid: "cal-view-week", class: mode === "week" ? "on" : "", "aria-pressed": String(mode === "week"), onclick: () => app.go(hashFor("week", anchor)) }, t("calendar.week"))),
      canBookHere ? h("a.button", { href: "#/book", testid: "cal-book" }, t("calendar.book")) : null));
  const grid = mode === "month"
    ? h("div.cal-main", {}, monthGrid(anchor, days, today, actions), agenda(anchor, days, open))
    : weekGrid(anchor, days, today, actions);
  const ownFeed = session.institution_id && ["officer", "reviewer"].includes(session.role)
    ? feedBox({
      testid: "institution-feed", titleKey: "feed.institution_title", introKey: "feed.institution_intro",
      load: () => api(`/api/institutions/${session.institution_id}/calendar-feed`),
      rotate: () => api(`/api/institutions/${session.institution_id}/calendar-feed/rotate`, { method: "POST" }),
    })
    : null;
  view.replaceChildren(h("section.page.wide", { testid: "calendar-page" },
    h("div.page-head", {}, h("h1", {}, t("calendar.title")),
      session.role === "officer" ? h("a.button.secondary", { href: `#/institutions/${session.institution_id}/planner`, testid: "cal-planner" }, t("nav.planner")) : null),
    flashBox(takeFlash()),
    toolbar,
    legend(),
    h("p.muted.small", {}, t("calendar.count", { count: activities.length }), canBookHere ? ` ${t("calendar.click_day")}` : ""),
    h("div.cal-layout", {}, grid, panel),
    ownFeed));
  if (idText) open(Number(idText));
}
