// The year planner: the activities the institution's rules call for in a year, on working days,
// each editable (start, end, place) and ticked to book; accepted ones become planned activities.
import { api, ApiError } from "../api.js";
import { errorBox, h } from "../dom.js";
import { t, todayInShanghai } from "../i18n.js";
import { conflictBox, pick, wallTime, whoText } from "./calendar.js";

function proposalRow(proposal, state) {
  const pickBox = h("input", { type: "checkbox", checked: true, testid: `plan-pick-${proposal.key}`, "aria-label": t("planner.pick") });
  const title = h("input", { type: "text", maxlength: 200, value: pick(proposal.title_zh, proposal.title_en), testid: `plan-title-${proposal.key}` });
  const starts = h("input", { type: "datetime-local", value: wallTime(proposal.starts_at), testid: `plan-starts-${proposal.key}` });
  const ends = h("input", { type: "datetime-local", value: wallTime(proposal.ends_at), testid: `plan-ends-${proposal.key}` });
  const place = h("input", { type: "text", maxlength: 200, value: "", placeholder: t("planner.place_hint"), testid: `plan-place-${proposal.key}` });
  const who = [...proposal.required_roles, ...proposal.required_department_kinds].map(whoText).join(t("common.list_separator"));
  const done = h("span.plan-done", { testid: `plan-done-${proposal.key}` });
  const dueLine = h("small.comp-plan-due.block", { testid: `plan-due-${proposal.key}` });
  // moving the start keeps the proposed length
  starts.addEventListener("change", () => {
    const length = new Date(`${ends.defaultValue}:00Z`) - new Date(`${starts.defaultValue}:00Z`);
    if (starts.value && length > 0) ends.value = new Date(new Date(`${starts.value}:00Z`).getTime() + length).toISOString().slice(0, 16);
  });
  pickBox.addEventListener("change", () => state.refresh());
  const element = h("tr", { testid: `plan-row-${proposal.key}` },
    h("td", { "data-label": t("planner.pick") }, pickBox, done),
    h("td", { "data-label": t("activity.title") }, title,
      h("small.muted.block", {}, pick(proposal.rule_name_zh, proposal.rule_name_en)), dueLine),
    h("td", { "data-label": t("booking.starts") }, starts,
      proposal.off_hours ? h("span.badge.off-hours", { title: t("planner.off_hours_hint") }, t("planner.off_hours")) : null),
    h("td", { "data-label": t("booking.ends") }, ends),
    h("td", { "data-label": t("activity.place") }, place),
    h("td", { "data-label": t("planner.invites") }, who || h("span.muted", {}, t("planner.invites_none"))));
  return {
    proposal, element, pickBox, dueLine,
    picked: () => pickBox.checked && !pickBox.disabled,
    item: () => ({
      rule_id: proposal.rule_id, kind: proposal.kind, topic: proposal.topic, title: title.value.trim(),
      starts_at: starts.value, ends_at: ends.value, place: place.value.trim(),
      invite_roles: [...new Set(proposal.required_roles.flatMap((r) => r.split("|")))],
    }),
    markDone: () => {
      pickBox.checked = false;
      pickBox.disabled = true;
      for (const input of element.querySelectorAll("input")) input.disabled = true;
      done.textContent = t("planner.created_mark");
      element.classList.add("done");
    },
  };
}

export async function render(view, [id, yearText], app) {
  const thisYear = Number(todayInShanghai().slice(0, 4));
  const year = Number(yearText) || thisYear + 1;
  const state = { night: false, weekend: false, refresh: () => {} };
  const institution = await api(`/api/institutions/${id}`);
  const body = h("div");
  const yearSelect = h("select", { testid: "planner-year", onchange: (e) => app.go(`#/institutions/${id}/planner/${e.target.value}`) },
    [...new Set([thisYear, thisYear + 1, thisYear + 2, year])].sort().map((y) => h("option", { value: y, selected: y === year }, String(y))));
  const night = h("input", { type: "checkbox", testid: "planner-night" });
  const weekend = h("input", { type: "checkbox", testid: "planner-weekend" });
  night.addEventListener("change", () => { state.night = night.checked; load(); });
  weekend.addEventListener("change", () => { state.weekend = weekend.checked; load(); });

  async function load() {
    body.replaceChildren(h("p.loading", {}, t("common.loading")));
    let plan;
    try {
      plan = await api(`/api/institutions/${id}/year-plan`, { query: { year, night_drills: state.night, weekend_drills: state.weekend } });
    } catch (error) {
      body.replaceChildren(errorBox(error, "planner-error"));
      return;
    }
    draw(plan);
  }

  function draw(plan) {
    const rows = plan.proposals.map((p) => proposalRow(p, state));
    competencyDue(id, rows);
    const periods = [...new Set(plan.proposals.map((p) => p.period_label))]
      .sort((a, b) => periodOrder(a).localeCompare(periodOrder(b)));
    const count = h("span", { testid: "planner-count" });
    const accept = h("button.primary", { type: "button", testid: "planner-accept" }, t("planner.accept"));
    const result = h("div", { testid: "planner-result-slot" });
    state.refresh = () => {
      const n = rows.filter((r) => r.picked()).length;
      count.textContent = t("planner.picked", { count: n, total: rows.filter((r) => !r.pickBox.disabled).length });
      accept.disabled = n === 0;
    };
    const all = h("input", { type: "checkbox", checked: true, testid: "planner-pick-all", "aria-label": t("planner.pick_all"), onchange: (e) => {
      for (const r of rows) if (!r.pickBox.disabled) r.pickBox.checked = e.target.checked;
      state.refresh();
    } });
    async function submit(reason = "") {
      const chosen = rows.filter((r) => r.picked());
      if (!chosen.length) return;
      accept.disabled = true;
      result.replaceChildren();
      try {
        const answer = await api(`/api/institutions/${id}/year-plan/accept`, { method: "POST", json: {
          items: chosen.map((r) => r.item()), conflict_override_reason: reason } });
        chosen.forEach((r) => r.markDone());
        const first = chosen.map((r) => r.item().starts_at).sort()[0].slice(0, 10);
        result.replaceChildren(h("div.success", { testid: "planner-result", role: "status" },
          h("p", {}, t("planner.created", { count: answer.created })),
          h("a.button", { href: `#/calendar/month/${first}/${answer.activity_ids[0]}`, testid: "planner-calendar-link" }, t("planner.to_calendar"))));
      } catch (error) {
        if (error instanceof ApiError && error.code === "double_booked") {
          result.replaceChildren(conflictBox(error, (why) => submit(why)));
        } else {
          result.replaceChildren(errorBox(error, "planner-error"));
        }
      } finally {
        state.refresh();
      }
    }
    accept.addEventListener("click", () => submit());
    const note = pick(plan.calendar_note_zh, plan.calendar_note_en);
    body.replaceChildren(
      h("div", { class: `notice${plan.calendar_source === "weekends_only" ? " warn" : ""}`, testid: "planner-calendar-note", "data-source": plan.calendar_source },
        h("strong", {}, t(`planner.source.${plan.calendar_source}`)), " ", note),
      rows.length
        ? h("div", {},
          h("div.actions.plan-actions", {}, accept, count),
          result,
          h("table.responsive.plan-table", { testid: "planner-table" },
            h("thead", {}, h("tr", {},
              h("th", {}, all), h("th", {}, t("activity.title")), h("th", {}, t("booking.starts")), h("th", {}, t("booking.ends")),
              h("th", {}, t("activity.place")), h("th", {}, t("planner.invites")))),
            periods.map((period) => h("tbody", { testid: `plan-period-${period}` },
              h("tr.period-row", {}, h("th", { colspan: 6 }, periodName(period))),
              rows.filter((r) => r.proposal.period_label === period).map((r) => r.element)))))
        : h("p.empty", { testid: "planner-empty" }, t("planner.nothing")));
    state.refresh();
  }

  view.replaceChildren(h("section.page.wide", { testid: "planner-page" },
    h("div.page-head", {}, h("h1", {}, t("planner.title", { name: institution.name_zh, year })),
      h("a.button.secondary", { href: "#/calendar", testid: "planner-to-calendar" }, t("nav.calendar"))),
    h("p.muted", {}, t("planner.intro")),
    h("div.filters", {},
      h("label.inline", {}, t("planner.year"), " ", yearSelect),
      h("label.check", {}, night, t("planner.night")),
      h("label.check", {}, weekend, t("planner.weekend"))),
    body));
  await load();
}

// "2027-Q1", "2027-H2", "2027-03", "2027": sorted by the month they end in, shorter ones first
function periodOrder(period) {
  const [y, part = ""] = period.split("-");
  const [end, length] = /^Q[1-4]$/.test(part) ? [Number(part[1]) * 3, 3]
    : /^H[12]$/.test(part) ? [Number(part[1]) * 6, 6]
      : /^\d\d$/.test(part) ? [Number(part), 1] : part ? [0, 0] : [12, 12];
  return `${y}-${String(end).padStart(2, "0")}-${String(length).padStart(2, "0")}-${part}`;
}

function periodName(period) {
  const [y, part = ""] = period.split("-");
  if (/^Q[1-4]$/.test(part)) return t("planner.period_quarter", { year: y, n: part[1] });
  if (/^H[12]$/.test(part)) return t(`planner.period_half_${part[1]}`, { year: y });
  if (/^\d\d$/.test(part)) return t("planner.period_month", { year: y, month: Number(part) });
  if (!part) return t("planner.period_year", { year: y });
  return period;
}

// Under each drill proposal: how many people's competencies its topic assesses are due (one
// request per topic; a failure leaves the lines empty, the plan works without them).
async function competencyDue(institution, rows) {
  const topics = [...new Set(rows.map((r) => r.proposal.topic).filter(Boolean))];
  await Promise.all(topics.map(async (topic) => {
    let due;
    try {
      due = await api("/api/competencies/due", { query: { institution, topic } });
    } catch {
      return;
    }
    const expiring = due.people.filter((p) => p.due.some((d) => d.state === "expiring")).length;
    const lapsed = due.people.length - expiring;
    for (const row of rows.filter((r) => r.proposal.topic === topic)) {
      row.dueLine.textContent = [expiring ? t("comp.planner_due", { count: expiring }) : "",
        lapsed ? t("comp.planner_due_lapsed", { count: lapsed }) : ""].filter(Boolean).join("；");
    }
  }));
}
