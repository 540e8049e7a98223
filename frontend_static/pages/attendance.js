// Taking attendance (记录签到), phone first: one card per person with one-tap status buttons,
// a drill role and a note; walk-ins from the host's staff; the typed-up sign-in sheet imported.
// The whole list is saved at once (PUT): what the page shows after saving is what the server kept.
import { api } from "../api.js";
import { errorBox, h, table } from "../dom.js";
import { formatDateTime, label, t } from "../i18n.js";
import { clock, dayOf, kindText, mayBook, timeRange } from "./calendar.js";
import { inspectionSection } from "./inspection_visits.js";

export const STATUSES = ["present", "late", "left_early", "absent", "excused"];
const DRILL_ROLES = ["team_leader", "scribe", "member", "observer", "patient_actor"];
const TOOK_PART = ["present", "late", "left_early"];

// One person on the page: the sheet's entry, with what the officer has chosen so far.
function personFrom(entry) {
  return {
    ...entry,
    status: entry.status ?? entry.suggested_status ?? null,
    drill_role: entry.drill_role || "",
    note: entry.note || "",
  };
}

function personFromStaff(member) {
  return {
    staff_member_id: member.id, name: member.name, staff_number: member.staff_number,
    department_name: member.department_name, role: member.role, title: member.title,
    invited: false, walk_in: true, status: "present", drill_role: "", note: "", reply: "",
    reply_reason: "", checked_in_at: null, added_here: true,
  };
}

export function replyText(person) {
  if (person.reply === "accepted") return t("reply.accepted");
  if (person.reply === "declined") return person.reply_reason ? t("reply.declined_because", { reason: person.reply_reason }) : t("reply.declined");
  return null;
}

function statusButtons(person, onChange, disabled) {
  return h("div.status-buttons", { role: "group", "aria-label": t("attendance.status") },
    STATUSES.map((status) => h("button", {
      type: "button", class: `st-btn st-btn-${status}${person.status === status ? " on" : ""}`,
      "aria-pressed": String(person.status === status), disabled,
      testid: `status-${person.staff_member_id}-${status}`,
      onclick: () => onChange({ status: person.status === status ? null : status }),
    }, t(`attendance.mark.${status}`))));
}

function personCard(person, sheet, { onChange, onRemove }) {
  const id = person.staff_member_id;
  const locked = !sheet.can_record;
  const card = h("div", { class: `roster-row${person.status ? ` is-${person.status}` : " unmarked"}`, testid: `roster-row-${id}` },
    h("div.roster-who", {},
      h("strong", {}, person.name),
      person.walk_in || !person.invited ? h("span.badge", { testid: `walk-in-${id}` }, t("attendance.walk_in")) : null,
      h("span.muted.small.block", {}, [person.department_name, label("staff_role", person.role), person.title && label("title", person.title)]
        .filter(Boolean).join(" · ")),
      replyText(person) ? h("span", { class: `reply reply-${person.reply}`, testid: `reply-${id}` }, replyText(person)) : null,
      person.checked_in_at ? h("span.muted.small.block", { testid: `checked-in-${id}` }, t("attendance.checked_in_at", { time: clock(person.checked_in_at) })) : null),
    statusButtons(person, onChange, locked),
    h("div.roster-extras", {},
      sheet.is_drill ? h("select", { testid: `drill-role-${id}`, disabled: locked, "aria-label": t("attendance.drill_role"),
        onchange: (e) => onChange({ drill_role: e.target.value }, false) },
      h("option", { value: "" }, t("attendance.no_drill_role")),
      DRILL_ROLES.map((r) => h("option", { value: r, selected: person.drill_role === r }, label("drill_role", r)))) : null,
      h("input", { type: "text", value: person.note, maxlength: 500, placeholder: t("attendance.note"), disabled: locked,
        "aria-label": t("attendance.note"), testid: `note-${id}`, oninput: (e) => onChange({ note: e.target.value }, false) }),
      person.added_here || (person.walk_in && !person.invited) ? h("button.link-button.small", { type: "button", disabled: locked,
        testid: `remove-${id}`, onclick: onRemove }, t("attendance.remove")) : null));
  return card;
}

function summaryText(people) {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  let unmarked = 0;
  for (const p of people) {
    if (p.status) counts[p.status] += 1;
    else unmarked += 1;
  }
  return [
    ...STATUSES.map((s) => `${t(`attendance.mark.${s}`)} ${counts[s]}`),
    `${t("attendance.unmarked")} ${unmarked}`,
  ].join(" · ");
}

function lockedNotice(sheet) {
  if (sheet.can_record) return null;
  const key = sheet.status === "cancelled" ? "attendance.locked_cancelled"
    : new Date(sheet.starts_at) > new Date() ? "attendance.locked_not_started" : "attendance.locked_read_only";
  return h("p.notice.warn", { testid: "attendance-locked" }, t(key, { when: formatDateTime(sheet.starts_at) }));
}

function walkInSearch(activity, people, onAdd) {
  const results = h("div.walk-in-results", { testid: "walk-in-results" });
  const input = h("input", { type: "search", testid: "walk-in-q", placeholder: t("attendance.walk_in_search"), maxlength: 100 });
  async function search(event) {
    event.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    try {
      const page = await api("/api/staff", {
        query: { institution: activity.host_institution_id, active_on: dayOf(activity.starts_at), q, page_size: 10 },
      });
      const known = new Set(people().map((p) => p.staff_member_id));
      const found = page.items.filter((s) => !known.has(s.id));
      results.replaceChildren(found.length ? h("ul.walk-in-list", {}, found.map((s) => h("li", {},
        h("span", {}, h("strong", {}, s.name), " ", h("span.muted.small", {}, [s.staff_number, s.department_name, label("staff_role", s.role)].filter(Boolean).join(" · "))),
        h("button", { type: "button", testid: `walk-in-add-${s.id}`, onclick: () => { results.replaceChildren(); input.value = ""; onAdd(s); } },
          t("attendance.walk_in_add"))))) : h("p.empty", {}, t("attendance.walk_in_none")));
    } catch (error) {
      results.replaceChildren(errorBox(error, "walk-in-error"));
    }
  }
  return h("form.walk-in", { testid: "walk-in", onsubmit: search },
    h("h2", {}, t("attendance.walk_in_title")),
    h("div.inline", {}, input, h("button", { type: "submit", testid: "walk-in-search" }, t("attendance.walk_in_find"))),
    results);
}

function importErrors(error) {
  const rows = Array.isArray(error.body?.details) ? error.body.details : [];
  return h("div", { testid: "import-rejected" }, errorBox(error, "import-error"),
    rows.length ? table([
      { title: t("attendance.import_row"), cell: (e) => String(e.row ?? "—") },
      { title: t("attendance.import_column"), cell: (e) => e.column || "" },
      { title: t("attendance.import_problem"), cell: (e) => e.message },
    ], rows, { testid: "import-errors" }) : null);
}

function importForm(activityId, onImported) {
  const status = h("div", { testid: "import-status" });
  const fileName = h("span.file-name", {}, t("roster.no_file"));
  const input = h("input", { type: "file", name: "file", accept: ".xlsx", testid: "import-file",
    onchange: () => { fileName.textContent = input.files.length ? input.files[0].name : t("roster.no_file"); } });
  const submit = h("button.primary", { type: "submit", testid: "import-submit" }, t("attendance.import_upload"));
  const form = h("form.upload", { testid: "import-form", onsubmit: async (event) => {
    event.preventDefault();
    if (!input.files.length) {
      status.replaceChildren(h("p.error", { role: "alert", testid: "import-error" }, t("roster.pick")));
      return;
    }
    submit.disabled = true;
    const body = new FormData();
    body.append("file", input.files[0]);
    try {
      const result = await api(`/api/activities/${activityId}/sign-in-import`, { method: "POST", form: body });
      status.replaceChildren();
      await onImported(result.message);
    } catch (error) {
      status.replaceChildren(importErrors(error));
    } finally {
      submit.disabled = false;
    }
  } },
  h("label.file-picker", { title: t("roster.pick") }, input, h("span.button.secondary", {}, t("roster.choose")), fileName),
  submit);
  return h("details.import", { testid: "import" }, h("summary", {}, t("attendance.import_title")),
    h("p.muted.small", {}, t("attendance.import_hint")), form, status);
}

export async function render(view, [id], app) {
  const [detail, first] = await Promise.all([api(`/api/activities/${id}`), api(`/api/activities/${id}/attendance`)]);
  const activity = detail.activity;
  let sheet = first;
  let people = sheet.entries.map(personFrom);
  const list = h("div.roster-list", { testid: "roster-list" });
  const summary = h("p.roster-summary", { testid: "roster-summary", role: "status" });
  const message = h("div.roster-message", { testid: "roster-message" });
  const saveButton = h("button.primary", { type: "button", testid: "attendance-save", onclick: save }, t("attendance.save"));
  const allPresent = h("button", { type: "button", testid: "attendance-all-present", onclick: markAllPresent }, t("attendance.all_present"));
  const status = h("span", { testid: "attendance-activity-status" });

  function drawList() {
    list.replaceChildren(...(people.length
      ? people.map((person, index) => personCard(person, sheet, cardActions(index)))
      : [h("p.empty", { testid: "roster-empty" }, t("attendance.nobody"))]));
    summary.textContent = summaryText(people);
    saveButton.disabled = allPresent.disabled = !sheet.can_record;
    status.className = `status status-${sheet.status}`; // saving makes a planned activity held
    status.textContent = label("activity_status", sheet.status);
  }
  // what one card does; a change of status redraws that card alone (a note keeps its focus)
  function cardActions(index) {
    return {
      onChange: (change, redraw = true) => {
        people[index] = { ...people[index], ...change };
        if (redraw) list.children[index].replaceWith(personCard(people[index], sheet, cardActions(index)));
        summary.textContent = summaryText(people);
      },
      onRemove: () => { people.splice(index, 1); drawList(); },
    };
  }
  function markAllPresent() {
    people = people.map((p) => (p.status ? p : { ...p, status: "present" }));
    drawList();
  }
  async function save() {
    saveButton.disabled = true;
    message.replaceChildren();
    const entries = people.filter((p) => p.status).map((p) => ({
      staff_id: p.staff_member_id, status: p.status,
      drill_role: sheet.is_drill && p.drill_role ? p.drill_role : null, note: p.note.trim(),
    }));
    try {
      sheet = await api(`/api/activities/${id}/attendance`, { method: "PUT", json: { entries } });
      people = sheet.entries.map(personFrom);
      drawList();
      const came = sheet.entries.filter((e) => TOOK_PART.includes(e.status)).length;
      message.replaceChildren(h("p.success", { testid: "attendance-saved", role: "status" },
        t("attendance.saved", { count: entries.length, came })));
    } catch (error) {
      message.replaceChildren(errorBox(error, "attendance-error"));
    } finally {
      saveButton.disabled = !sheet.can_record;
    }
  }
  async function reload(text) {
    sheet = await api(`/api/activities/${id}/attendance`);
    people = sheet.entries.map(personFrom);
    drawList();
    message.replaceChildren(h("p.success", { testid: "attendance-imported", role: "status" }, text));
  }

  drawList();
  const visits = await inspectionSection(activity); // a quality inspection: whom it visits
  // the host's side: the screen at the venue until the end, the paper sheet any time
  const hosting = mayBook(app.session, activity) && activity.status !== "cancelled";
  const running = new Date(activity.ends_at) > new Date();
  view.replaceChildren(h("section.page.roster-page", { testid: "attendance-page" },
    h("p.crumbs", {}, h("a", { href: `#/calendar/month/${dayOf(activity.starts_at)}/${id}` }, t("nav.calendar"))),
    h("h1", { testid: "attendance-title" }, t("attendance.title"), h("span.block.small.muted", {}, activity.title)),
    h("p.muted", {}, kindText(activity), " · ", timeRange(activity), activity.place ? ` · ${activity.place}` : "",
      " · ", status),
    hosting ? h("p.actions", {},
      running ? h("a.button.secondary", { href: `#/activities/${id}/check-in-screen`, testid: "attendance-qr" }, t("attendance.qr")) : null,
      h("a.button.secondary", { href: `/api/activities/${id}/sign-in-sheet.pdf`, download: true, testid: "attendance-pdf" }, t("attendance.sheet_pdf"))) : null,
    lockedNotice(sheet),
    visits,
    summary,
    sheet.other_institutions_count
      ? h("p.muted", { testid: "roster-others" }, t("attendance.others_count", { count: sheet.other_institutions_count })) : null,
    sheet.can_record ? h("div.actions.roster-tools", {}, allPresent) : null,
    list,
    message,
    sheet.can_record ? h("div.roster-save", {}, saveButton) : null,
    sheet.can_record && activity.host_institution_id ? walkInSearch(activity, () => people, (member) => {
      people.push(personFromStaff(member));
      drawList();
    }) : null,
    sheet.can_record ? importForm(id, reload) : null));
}
