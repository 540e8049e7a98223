// The booking form: book an activity (or a weekly/monthly series) and invite people, or edit one.
// #/book[/YYYY-MM-DD] books; #/activities/ID/edit edits (one occurrence or it and the rest).
import { api, ApiError } from "../api.js";
import { errorBox, h } from "../dom.js";
import { label, t, todayInShanghai } from "../i18n.js";
import {
  conflictBox, dayOf, DRILL_KINDS, KINDS, kindText, pick, setFlash, shiftDays, timeRange, wallTime, warningList, whoText,
} from "./calendar.js";
import { dutyCandidates, dutyInviteSection, usesDutyInvite } from "./duty_invite.js";

const TOPICS = ["pph", "neonatal_asphyxia", "emergency_caesarean", "eclampsia", "amniotic_fluid_embolism",
  "shoulder_dystocia", "maternal_resuscitation", "other"];
const ROLES = ["obstetrician", "midwife", "nurse", "neonatologist", "paediatrician", "anaesthetist",
  "icu_doctor", "emergency_doctor", "transfusion_doctor", "administrator", "other"];
const TITLES = ["junior", "intermediate", "associate_senior", "senior"];
const CREDIT_CLASSES = ["national", "provincial", "city", "institution"];
const OTHER_FACILITATOR = "other";

// Wall-time arithmetic on "YYYY-MM-DDTHH:MM" strings (no time zone involved).
const asDate = (wall) => new Date(`${wall}:00Z`);
const asWall = (date) => date.toISOString().slice(0, 16);
const minutesBetween = (a, b) => (asDate(b) - asDate(a)) / 60000;
const addMinutes = (wall, minutes) => asWall(new Date(asDate(wall).getTime() + minutes * 60000));

function defaultTitle(kind, topic) {
  if (kind === "drill" && topic) return t("booking.default_title_drill", { topic: label("drill_topic", topic) });
  if (kind === "regional_drill" && topic) return t("booking.default_title_regional", { topic: label("drill_topic", topic) });
  return label("activity_kind", kind);
}

function field(labelKey, control, { hint, testid, wide } = {}) {
  return h(`label.field${wide ? ".wide" : ""}`, { testid }, h("span", {}, t(labelKey)), control, hint ? h("small.muted", {}, hint) : null);
}

function options(values, group, selected, blank) {
  return [blank !== undefined ? h("option", { value: "" }, blank) : null,
    ...values.map((v) => h("option", { value: v, selected: String(v) === String(selected ?? "") }, label(group, v)))];
}

// English readers get the department's kind beside its Chinese name when it has no English one.
const departmentName = (d) => pick(d.name_zh, d.name_en || `${d.name_zh} (${label("department_kind", d.kind)})`);

// --- invitations: roles pre-ticked from the rules, departments, titles, and named people ---------
function inviteSection({ departments, staff, editing }) {
  const ticks = (values, prefix, text) => values.map((value) => {
    const box = h("input", { type: "checkbox", value, testid: `${prefix}-${value}` });
    const tag = h("span.tag");
    return { value, box, tag, element: h("label.check", {}, box, text(value), tag) };
  });
  const roles = ticks(ROLES, "invite-role", (r) => label("staff_role", r));
  const titles = ticks(TITLES, "invite-title", (v) => label("title", v));
  const depts = ticks(departments.map((d) => String(d.id)), "invite-dept",
    (id) => departmentName(departments.find((d) => String(d.id) === id)));
  const people = new Map(); // id -> staff row
  const byText = new Map(staff.map((s) => [`${s.name} · ${s.department_name || "—"} · ${s.staff_number}`, s]));
  const listId = "invite-people-options";
  const personInput = h("input", { type: "text", list: listId, testid: "invite-person-input", placeholder: t("booking.invite_person_hint") });
  const chips = h("ul.chips.people", { testid: "invite-people" });
  const count = h("p.invite-count", { testid: "invite-count", role: "status" });
  const why = h("div.suggestion", { testid: "invite-suggestion" });

  function drawPeople() {
    chips.replaceChildren(...[...people.values()].map((s) => h("li", { testid: `invite-person-${s.id}` }, s.name, " ",
      h("span.muted", {}, label("staff_role", s.role)),
      h("button.link-button", { type: "button", "aria-label": t("booking.remove"), onclick: () => { people.delete(s.id); drawPeople(); refreshCount(); } }, "✕"))));
  }
  function addPerson() {
    const found = byText.get(personInput.value) || staff.find((s) => s.name === personInput.value.trim() || s.staff_number === personInput.value.trim());
    if (!found) return;
    people.set(found.id, found);
    personInput.value = "";
    drawPeople();
    refreshCount();
  }
  personInput.addEventListener("change", addPerson);
  personInput.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); addPerson(); } });

  const chosen = (list) => list.filter((x) => x.box.checked).map((x) => x.value);
  function value() {
    const spec = {
      staff_ids: [...people.keys()], roles: chosen(roles), titles: chosen(titles),
      department_ids: chosen(depts).map(Number),
    };
    return Object.values(spec).some((v) => v.length) ? spec : null;
  }
  // The same selection the server makes: everyone active matching every selector, plus the named.
  function refreshCount() {
    const spec = value();
    if (!spec) { count.textContent = t(editing ? "booking.invite_none_more" : "booking.invite_none"); return; }
    const selectors = spec.roles.length || spec.titles.length || spec.department_ids.length;
    const ids = new Set(spec.staff_ids);
    if (selectors) {
      for (const s of staff) {
        if (spec.roles.length && !spec.roles.includes(s.role)) continue;
        if (spec.titles.length && !spec.titles.includes(s.title)) continue;
        if (spec.department_ids.length && !spec.department_ids.includes(s.department_id)) continue;
        ids.add(s.id);
      }
    }
    count.textContent = t(editing ? "booking.invite_count_more" : "booking.invite_count", { count: ids.size });
  }
  for (const x of [...roles, ...titles, ...depts]) x.box.addEventListener("change", refreshCount);

  function suggest(suggestion) {
    const required = new Map(); // role or department kind -> rule names
    for (const rule of suggestion?.rules || []) {
      for (const options of [...rule.required_roles, ...rule.required_department_kinds]) {
        for (const code of options) required.set(code, [...(required.get(code) || []), pick(rule.name_zh, rule.name_en)]);
      }
    }
    const suggestedRoles = new Set(suggestion?.roles || []);
    const suggestedKinds = new Set(suggestion?.department_kinds || []);
    for (const x of roles) {
      x.box.checked = !editing && suggestedRoles.has(x.value);
      x.tag.textContent = required.has(x.value) ? t("booking.tag_required") : suggestedRoles.has(x.value) ? t("booking.tag_suggested") : "";
      x.tag.className = `tag${required.has(x.value) ? " required" : suggestedRoles.has(x.value) ? " suggested" : ""}`;
    }
    for (const x of depts) {
      const kind = departments.find((d) => String(d.id) === x.value).kind;
      x.box.checked = !editing && suggestedKinds.has(kind);
      x.tag.textContent = suggestedKinds.has(kind) ? t("booking.tag_required") : "";
      x.tag.className = `tag${suggestedKinds.has(kind) ? " required" : ""}`;
    }
    why.replaceChildren(...(suggestion?.rules || []).map((rule) => h("p", { testid: `invite-rule-${rule.id}` },
      h("strong", {}, pick(rule.name_zh, rule.name_en)), " ",
      t("booking.rule_needs", { who: [...rule.required_roles, ...rule.required_department_kinds].map((o) => whoText(o.join("|"))).join(t("common.list_separator")) }))));
    const extra = [...suggestedRoles].filter((r) => !required.has(r));
    if (extra.length) why.append(h("p.muted", {}, t("booking.also_suggested", { who: extra.map((r) => label("staff_role", r)).join(t("common.list_separator")) })));
    if (!suggestion?.rules?.length) why.append(h("p.muted", {}, t("booking.no_rule_suggestion")));
    refreshCount();
  }

  // Suggested invitees (建议邀请): people whose competencies this topic assesses are due.
  const dueBox = h("div.suggestion.comp-due", { testid: "suggested-invitees", hidden: true });
  function showDue(due) {
    const shown = Boolean(due && due.competencies.length);
    dueBox.hidden = !shown;
    if (!shown) { dueBox.replaceChildren(); return; }
    const head = h("strong", {}, t("comp.suggested_title"));
    if (!due.people.length) { dueBox.replaceChildren(head, " ", h("span.muted", {}, t("comp.suggested_none"))); return; }
    const done = h("span.muted.small", { role: "status" });
    const add = h("button.secondary", { type: "button", testid: "suggested-add-all", onclick: () => {
      for (const d of due.people) people.set(d.staff_id, staff.find((s) => s.id === d.staff_id) || { id: d.staff_id, name: d.name, role: "" });
      drawPeople(); refreshCount();
      done.textContent = ` ${t("comp.suggested_added", { count: due.people.length })}`;
    } }, t("comp.suggested_add"));
    dueBox.replaceChildren(head, h("p.muted.small", {}, t("comp.suggested_intro")),
      h("ul.comp-due-list", {}, due.people.map((d) => h("li", { testid: `suggested-${d.staff_id}` }, h("strong", {}, d.name), " ",
        h("span.muted", {}, d.department_name), " — ",
        d.due.map((x) => `${pick(x.competency.name_zh, x.competency.name_en)}（${t(`comp.state.${x.state}`)}）`).join(t("common.list_separator"))))),
      add, done);
  }

  const element = h("fieldset.invite", { testid: "booking-invite" },
    h("legend", {}, t(editing ? "booking.invite_more" : "booking.invite")),
    why,
    dueBox,
    h("p.muted.small", {}, t("booking.invite_explain")),
    h("div.check-group", { testid: "invite-roles" }, h("strong", {}, t("booking.invite_roles")), roles.map((x) => x.element)),
    departments.length ? h("div.check-group", { testid: "invite-departments" }, h("strong", {}, t("booking.invite_departments")), depts.map((x) => x.element)) : null,
    h("div.check-group", { testid: "invite-titles" }, h("strong", {}, t("booking.invite_titles")), titles.map((x) => x.element)),
    h("div.person-picker", {}, h("strong", {}, t("booking.invite_people")),
      h("div.inline", {}, personInput, h("button", { type: "button", testid: "invite-person-add", onclick: addPerson }, t("booking.add"))),
      h("datalist", { id: listId }, [...byText.keys()].map((text) => h("option", { value: text }))),
      chips),
    count);
  refreshCount();
  return { element, value, suggest, showDue };
}

// --- the form ----------------------------------------------------------------------------------
async function hostChoices(session) {
  if (["officer", "reviewer"].includes(session.role) && session.institution_id) return null;
  const data = await api("/api/institutions", { query: { page_size: 500 } });
  const choices = data.items.map((i) => ({ value: `i:${i.id}`, text: i.name_zh }));
  if (session.role === "commission" && session.jurisdiction_id) {
    choices.unshift({ value: `j:${session.jurisdiction_id}`, text: t("booking.host_jurisdiction", { name: session.jurisdiction_name || "" }) });
  }
  return choices;
}

async function hostData(institutionId) {
  if (!institutionId) return { departments: [], staff: [] };
  const [departments, staff] = await Promise.all([
    api(`/api/institutions/${institutionId}/departments`),
    api("/api/staff", { query: { institution: institutionId, page_size: 500, active_on: todayInShanghai() } }).then((p) => p.items),
  ]);
  return { departments, staff };
}

function readNumber(input) {
  return input.value.trim() === "" ? null : Number(input.value);
}

async function form(view, app, { detail, day }) {
  const session = app.session;
  const editing = Boolean(detail);
  const original = detail?.activity;
  const choices = editing ? null : await hostChoices(session);
  let host = editing
    ? { institution: original.host_institution_id, jurisdiction: original.host_jurisdiction_id }
    : choices ? parseHost(choices[0]?.value) : { institution: session.institution_id, jurisdiction: null };
  let { departments, staff } = await hostData(host.institution);
  let duty = await dutyCandidates(host, session); // a commission's or centre's area or zone
  let dutyShown = false;

  const start = editing ? wallTime(original.starts_at) : `${day && day > todayInShanghai() ? day : shiftDays(todayInShanghai(), 1)}T09:00`;
  const f = {
    host: choices ? h("select", { testid: "booking-host" }, choices.map((c) => h("option", { value: c.value }, c.text))) : null,
    kind: h("select", { testid: "booking-kind", disabled: editing }, options(KINDS, "activity_kind", original?.kind || "drill")),
    topic: h("select", { testid: "booking-topic" }, options(TOPICS, "drill_topic", original ? original.topic : "pph", t("booking.choose"))),
    title: h("input", { type: "text", testid: "booking-title", maxlength: 200, value: original?.title || "" }),
    starts: h("input", { type: "datetime-local", testid: "booking-starts", value: start }),
    ends: h("input", { type: "datetime-local", testid: "booking-ends", value: editing ? wallTime(original.ends_at) : addMinutes(start, 90) }),
    place: h("input", { type: "text", testid: "booking-place", maxlength: 200, value: original?.place || "" }),
    department: h("select", { testid: "booking-department" }),
    facilitator: h("select", { testid: "booking-facilitator" }),
    facilitatorName: h("input", { type: "text", testid: "booking-facilitator-name", maxlength: 100, placeholder: t("booking.facilitator_name_hint") }),
    capacity: h("input", { type: "number", min: 1, max: 10000, testid: "booking-capacity", value: original?.capacity ?? "" }),
    creditClass: h("select", { testid: "booking-credit-class" }, options(CREDIT_CLASSES, "credit_class", original?.credit_class, t("booking.no_credits"))),
    credits: h("input", { type: "number", min: 0, max: 100, step: 0.5, testid: "booking-credits", value: original?.credits ?? "" }),
    unannounced: h("input", { type: "checkbox", testid: "booking-unannounced", checked: Boolean(original?.unannounced) }),
    notes: h("textarea", { testid: "booking-notes", rows: 2, maxlength: 2000 }, detail?.notes || ""),
    repeat: h("select", { testid: "booking-repeat" },
      h("option", { value: "" }, t("booking.repeat_none")),
      h("option", { value: "week" }, t("booking.repeat_week")),
      h("option", { value: "month" }, t("booking.repeat_month"))),
    repeatCount: h("input", { type: "number", min: 2, max: 52, value: 4, testid: "booking-repeat-count" }),
    allowPast: h("input", { type: "checkbox", testid: "booking-allow-past" }),
  };
  let titleTouched = editing;
  let invite;
  const inviteSlot = h("div");
  const error = h("div.form-error-slot");
  const conflictSlot = h("div");

  function fillHostLists() {
    f.department.replaceChildren(h("option", { value: "" }, t("booking.no_department")),
      ...departments.map((d) => h("option", { value: d.id, selected: d.id === detail?.host_department_id }, departmentName(d))));
    const facilitatorId = detail?.facilitator_id;
    const otherName = !facilitatorId && detail?.facilitator_name;
    f.facilitator.replaceChildren(h("option", { value: "" }, t("booking.no_facilitator")),
      ...staff.map((s) => h("option", { value: s.id, selected: s.id === facilitatorId },
        `${s.name} · ${s.department_name || "—"} · ${label("title", s.title)}`)),
      h("option", { value: OTHER_FACILITATOR, selected: Boolean(otherName) }, t("booking.facilitator_other")));
    if (otherName) f.facilitatorName.value = otherName;
    dutyShown = usesDutyInvite(host, duty, f.kind.value);
    invite = dutyShown ? dutyInviteSection({ institutions: duty, editing })
      : host.institution ? inviteSection({ departments, staff, editing }) : null;
    inviteSlot.replaceChildren(invite ? invite.element : h("p.muted", { testid: "booking-invite-none" }, t("booking.invite_needs_institution")));
  }

  let asked = 0;
  async function suggest() {
    if (!invite || dutyShown) return;
    const kind = f.kind.value;
    const topic = DRILL_KINDS.includes(kind) ? f.topic.value : "";
    if (DRILL_KINDS.includes(kind) && !topic) { invite.suggest(null); return; }
    const mine = ++asked;
    try {
      const suggestion = await api("/api/activities/invite-suggestion", { query: { institution: host.institution, kind, topic } });
      if (mine === asked) invite.suggest(suggestion);
    } catch (err) {
      if (mine === asked) invite.suggest(null);
    }
    try {
      const due = topic ? await api("/api/competencies/due", { query: { institution: host.institution, topic } }) : null;
      if (mine === asked) invite.showDue(due);
    } catch (err) {
      if (mine === asked) invite.showDue(null);
    }
  }

  function refreshVisibility() {
    const kind = f.kind.value;
    const drill = DRILL_KINDS.includes(kind);
    rows.topic.hidden = !drill;
    rows.unannounced.hidden = !drill;
    rows.credits.hidden = kind !== "cme_session" && !f.creditClass.value;
    f.facilitatorName.hidden = f.facilitator.value !== OTHER_FACILITATOR;
    f.repeatCount.disabled = !f.repeat.value;
    rows.department.hidden = !host.institution;
    if (!titleTouched) f.title.value = defaultTitle(kind, drill ? f.topic.value : "");
  }

  // a commission's own drills are regional drills; a hospital's are not
  function kindForHost() {
    if (editing) return;
    if (host.jurisdiction && f.kind.value === "drill") f.kind.value = "regional_drill";
    if (host.institution && f.kind.value === "regional_drill") f.kind.value = "drill";
  }

  const rows = {
    topic: field("activity.topic", f.topic, { testid: "row-topic" }),
    unannounced: h("label.check.field", { testid: "row-unannounced" }, f.unannounced, h("span", {}, t("booking.unannounced")),
      h("small.muted", {}, t("booking.unannounced_hint"))),
    credits: h("div.field-pair", { testid: "row-credits" }, field("booking.credit_class", f.creditClass), field("activity.credits", f.credits)),
    department: field("booking.department", f.department),
  };

  f.kind.addEventListener("change", () => {
    if (usesDutyInvite(host, duty, f.kind.value) !== dutyShown) fillHostLists(); // a centre's duty or not
    refreshVisibility(); suggest();
  });
  f.topic.addEventListener("change", () => { refreshVisibility(); suggest(); });
  f.title.addEventListener("input", () => { titleTouched = f.title.value.trim() !== ""; });
  f.facilitator.addEventListener("change", refreshVisibility);
  f.creditClass.addEventListener("change", refreshVisibility);
  f.repeat.addEventListener("change", refreshVisibility);
  let duration = minutesBetween(f.starts.value, f.ends.value);
  f.starts.addEventListener("change", () => {
    if (f.starts.value && duration > 0) f.ends.value = addMinutes(f.starts.value, duration);
  });
  f.ends.addEventListener("change", () => {
    if (f.starts.value && f.ends.value) duration = minutesBetween(f.starts.value, f.ends.value);
  });
  f.host?.addEventListener("change", async () => {
    host = parseHost(f.host.value);
    ({ departments, staff } = await hostData(host.institution));
    duty = await dutyCandidates(host, session);
    fillHostLists();
    kindForHost();
    refreshVisibility();
    suggest();
  });

  function facilitator() {
    if (f.facilitator.value === OTHER_FACILITATOR) return { facilitator_id: null, facilitator_name: f.facilitatorName.value.trim() };
    const person = staff.find((s) => String(s.id) === f.facilitator.value);
    return { facilitator_id: person ? person.id : null, facilitator_name: person ? person.name : "" };
  }

  function common() {
    const kind = f.kind.value;
    const drill = DRILL_KINDS.includes(kind);
    const credited = !rows.credits.hidden;
    return {
      title: f.title.value.trim(),
      starts_at: f.starts.value,
      ends_at: f.ends.value,
      topic: drill ? (f.topic.value || null) : null,
      host_department_id: f.department.value ? Number(f.department.value) : null,
      place: f.place.value.trim(),
      ...facilitator(),
      capacity: readNumber(f.capacity),
      credit_class: credited && f.creditClass.value ? f.creditClass.value : null,
      credits: credited ? readNumber(f.credits) : null,
      unannounced: drill && f.unannounced.checked,
      notes: f.notes.value.trim(),
    };
  }

  function showError(err, reason) {
    if (err instanceof ApiError && err.code === "double_booked") {
      // the box names any likely duplicate too: booking anyway with a reason confirms it
      const named = (err.body?.details?.duplicates || []).length > 0;
      conflictSlot.replaceChildren(conflictBox(err, (why) => submit(why, named)));
      conflictSlot.scrollIntoView({ block: "nearest" });
      return;
    }
    if (err instanceof ApiError && err.code === "likely_duplicate") {
      conflictSlot.replaceChildren(duplicatePrompt(err, () => submit(reason, true)));
      conflictSlot.scrollIntoView({ block: "nearest" });
      return;
    }
    error.replaceChildren(errorBox(err, "form-error"));
  }

  async function book(reason, confirmDuplicate) {
    const body = {
      kind: f.kind.value, ...common(), allow_past: f.allowPast.checked, conflict_override_reason: reason,
      confirm_duplicate: confirmDuplicate,
      repeat: f.repeat.value ? { every: f.repeat.value, count: Number(f.repeatCount.value) } : null,
      invite: invite?.value() || null,
    };
    if (host.jurisdiction) body.host_jurisdiction_id = host.jurisdiction;
    else if (choices) body.host_institution_id = host.institution;
    const result = await api("/api/activities", { method: "POST", json: body });
    setFlash({ type: "booked", title: result.activity.title, count: result.series_activity_ids.length, invited: result.invited, warnings: result.warnings });
    app.go(`#/calendar/month/${body.starts_at.slice(0, 10)}/${result.activity.id}`);
  }

  let saved = null; // the values already written by an earlier attempt of this edit
  async function save(reason) {
    const now = common();
    const before = saved || {
      title: original.title, starts_at: wallTime(original.starts_at), ends_at: wallTime(original.ends_at),
      topic: original.topic || null, host_department_id: detail.host_department_id, place: original.place,
      facilitator_id: detail.facilitator_id, facilitator_name: detail.facilitator_name, capacity: original.capacity,
      credit_class: original.credit_class || null, credits: original.credits, unannounced: original.unannounced, notes: detail.notes,
    };
    const changes = Object.fromEntries(Object.entries(now).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k] ?? null)));
    const scope = scopeBox?.querySelector("input:checked")?.value || "one";
    let result = null;
    if (Object.keys(changes).length) {
      result = await api(`/api/activities/${original.id}`, { method: "PATCH", json: {
        ...changes, scope, allow_past: f.allowPast.checked, conflict_override_reason: reason } });
      saved = now;
    }
    const more = invite?.value();
    let warnings = [];
    if (more) {
      const invited = await api(`/api/activities/${original.id}/invitations`, { method: "POST", json: { invite: more, conflict_override_reason: reason } });
      warnings = invited.warnings;
    }
    setFlash({ type: "saved", title: now.title, count: result ? result.series_activity_ids.length : 1, warnings });
    app.go(`#/calendar/month/${now.starts_at.slice(0, 10)}/${original.id}`);
  }

  async function submit(reason = "", confirmDuplicate = false) {
    error.replaceChildren();
    if (!reason) conflictSlot.replaceChildren();
    submitButton.disabled = true;
    try {
      await (editing ? save(reason) : book(reason, confirmDuplicate));
    } catch (err) {
      showError(err, reason);
    } finally {
      submitButton.disabled = false;
    }
  }

  const submitButton = h("button.primary", { type: "submit", testid: "booking-submit" }, t(editing ? "booking.save" : "booking.submit"));
  const scopeBox = editing && detail.series_uid ? h("fieldset.scope", { testid: "booking-scope" },
    h("legend", {}, t("booking.scope_question")),
    h("label", {}, h("input", { type: "radio", name: "scope", value: "one", checked: true, testid: "scope-one" }), t("booking.scope_one")),
    h("label", {}, h("input", { type: "radio", name: "scope", value: "following", testid: "scope-following" }), t("booking.scope_following")))
    : null;
  const back = editing ? `#/calendar/month/${wallTime(original.starts_at).slice(0, 10)}/${original.id}` : "#/calendar";
  const formElement = h("form.booking", { testid: "booking-form", novalidate: true, onsubmit: (e) => { e.preventDefault(); submit(); } },
    h("fieldset", {}, h("legend", {}, t("booking.what")),
      h("div.form-grid", {},
        f.host ? field("booking.host", f.host, { wide: true }) : null,
        field("activity.kind", f.kind),
        rows.topic,
        field("activity.title", f.title, { wide: true }),
        rows.unannounced)),
    h("fieldset", {}, h("legend", {}, t("booking.when_where")),
      h("div.form-grid", {},
        field("booking.starts", f.starts),
        field("booking.ends", f.ends),
        field("activity.place", f.place),
        rows.department,
        h("label.field", {}, h("span", {}, t("booking.facilitator")), f.facilitator, f.facilitatorName),
        field("booking.capacity", f.capacity, { hint: t("booking.capacity_hint") }),
        rows.credits,
        editing ? null : h("div.field-pair", {}, field("booking.repeat", f.repeat), field("booking.repeat_count", f.repeatCount)),
        h("label.check.field.wide", {}, f.allowPast, h("span", {}, t("booking.allow_past"))),
        field("booking.notes", f.notes, { wide: true }))),
    inviteSlot,
    scopeBox,
    conflictSlot,
    error,
    h("div.actions.form-actions", {}, submitButton, h("a.button.secondary", { href: back, testid: "booking-back" }, t("booking.back"))));

  fillHostLists();
  kindForHost();
  refreshVisibility();
  view.replaceChildren(h("section.page", { testid: editing ? "edit-page" : "booking-page" },
    h("h1", {}, editing ? t("booking.edit_title") : t("booking.title")),
    editing ? h("p.muted", { testid: "edit-current" }, kindText(original), " · ", t("booking.invited_now", { count: detail.invitations.filter((i) => ["invited", "registered"].includes(i.status)).length })) : null,
    editing && detail.warnings.length ? h("div.notice", {}, h("p", {}, t("calendar.warnings")), warningList(detail.warnings, "edit-warnings")) : null,
    formElement));
  await suggest();
}

function parseHost(value) {
  if (!value) return { institution: null, jurisdiction: null };
  const [type, id] = value.split(":");
  return type === "j" ? { institution: null, jurisdiction: Number(id) } : { institution: Number(id), jurisdiction: null };
}

export async function render(view, [day], app) {
  await form(view, app, { day });
}

export async function renderEdit(view, [id], app) {
  const detail = await api(`/api/activities/${id}`);
  if (detail.activity.status === "cancelled") {
    view.replaceChildren(h("section.page", { testid: "edit-page" }, h("h1", {}, t("booking.edit_title")),
      h("p.error", { testid: "form-error" }, t("booking.cancelled_cannot_edit")),
      h("a.button.secondary", { href: `#/calendar/month/${wallTime(detail.activity.starts_at).slice(0, 10)}/${id}` }, t("booking.back"))));
    return;
  }
  await form(view, app, { detail });
}

// 看起来与已有活动重复: the same kind and topic by the same host that day, each a link to the
// activity already booked; booking again needs a deliberate second click.
function duplicatePrompt(err, onConfirm) {
  const duplicates = err.body?.details?.duplicates || [];
  return h("div.conflicts", { testid: "duplicate-prompt", role: "alert" },
    h("p", {}, t("booking.looks_duplicate")),
    h("ul", {}, duplicates.map((d) => h("li", { testid: `duplicate-${d.activity_id}` },
      h("a", { href: `#/calendar/month/${dayOf(d.starts_at)}/${d.activity_id}` }, t("booking.quoted", { title: d.activity_title })),
      " · ", timeRange(d), d.place ? ` · ${d.place}` : ""))),
    h("div.actions", {}, h("button.primary", { type: "button", testid: "confirm-duplicate", onclick: onConfirm },
      t("booking.book_duplicate_anyway"))));
}
