// The drill record's form: scenario, team from the attendance list, timings against their
// targets, the PEARLS debrief, problems and corrective actions. Used for the draft and, with a
// reason, for an amendment; `read()` gives what the form holds in the API's shape.
import { h } from "../dom.js";
import { label, t } from "../i18n.js";
import { pick } from "./calendar.js";
import { targetText, sourceText } from "./record_view.js";

const DRILL_ROLES = ["team_leader", "scribe", "member", "observer", "patient_actor"];
const TOOK_PART = ["present", "late", "left_early"];
export const DEBRIEF = ["reactions", "description", "analysis", "summary"];

function field(key, control, hint) {
  return h("label.field", {}, h("span", {}, t(key)), control, hint ? h("small.muted", {}, hint) : null);
}

function scenarioPart(record, templates) {
  const scenario = record.content.scenario;
  const title = h("input", { type: "text", maxlength: 200, value: scenario.title, testid: "record-title" });
  const description = h("textarea", { rows: 3, testid: "record-description" });
  description.value = scenario.description;
  const template = h("select", { testid: "record-template", onchange: () => {
    const chosen = templates.find((x) => x.id === template.value);
    if (!chosen) return;
    if (!title.value.trim()) title.value = pick(chosen.name_zh, chosen.name_en);
    if (!description.value.trim()) description.value = chosen.description_zh;
  } },
  h("option", { value: "" }, t("record.no_template")),
  templates.map((x) => h("option", { value: x.id, selected: x.id === scenario.template_id }, pick(x.name_zh, x.name_en))));
  const element = h("fieldset", { testid: "record-scenario" }, h("legend", {}, t("record.scenario")),
    h("div.form-grid", {}, field("record.template", template), field("record.scenario_title", title),
      h("div.wide", {}, field("record.scenario_description", description))));
  const read = () => ({ template_id: template.value || null, title: title.value.trim(), description: description.value.trim() });
  return { element, read };
}

// People who took part, from the attendance list; the roles recorded there come pre-chosen.
function teamPart(record, sheet) {
  const chosen = new Map(record.content.team.map((m) => [m.staff_id, m.drill_role]));
  const people = sheet.entries.filter((e) => TOOK_PART.includes(e.status) || chosen.has(e.staff_member_id));
  const rows = people.map((person) => {
    const id = person.staff_member_id;
    const box = h("input", { type: "checkbox", checked: chosen.has(id), testid: `team-${id}` });
    const role = h("select", { testid: `team-role-${id}`, "aria-label": t("record.drill_role") },
      DRILL_ROLES.map((r) => h("option", { value: r, selected: (chosen.get(id) || person.drill_role || "member") === r }, label("drill_role", r))));
    const row = h("li.team-row", {}, h("label.check", {}, box, h("strong", {}, person.name)),
      h("span.muted.small", {}, [person.department_name, label("staff_role", person.role)].filter(Boolean).join(" · ")), role);
    return { row, read: () => (box.checked ? { staff_id: id, drill_role: role.value } : null) };
  });
  const element = h("fieldset", { testid: "record-team" }, h("legend", {}, t("record.team")),
    people.length ? h("ul.team-list", {}, rows.map((r) => r.row))
      : h("p.empty", { testid: "record-team-empty" }, t("record.team_empty")),
    h("p.muted.small", {}, h("a", { href: `#/activities/${record.activity.id}/attendance` }, t("record.team_from_attendance"))));
  return { element, read: () => rows.map((r) => r.read()).filter(Boolean) };
}

function timingInput(target, value) {
  const testid = `timing-${target.measure}`;
  if (target.unit === "yes_no") {
    return h("select", { testid },
      h("option", { value: "" }, t("record.not_recorded")),
      h("option", { value: "1", selected: value === 1 }, t("record.yes")),
      h("option", { value: "0", selected: value === 0 }, t("record.no")));
  }
  return h("input", { type: "number", min: 0, step: "any", inputmode: "decimal", value: value ?? "", testid });
}

function timingsPart(record) {
  const inputs = record.targets.map((target) => {
    const input = timingInput(target, record.content.timings[target.measure] ?? null);
    const name = pick(target.name_zh, target.name_en);
    const start = pick(target.start_zh, target.start_en);
    const row = h("div.timing-row", { testid: `timing-row-${target.measure}` },
      h("label.field", {}, h("span", {}, name, target.required ? h("span.tag.required", {}, t("record.required")) : null),
        h("span.timing-input", {}, input, h("span.muted", {}, t(`record.unit.${target.unit}`), start ? ` ${start}` : ""))),
      h("p.small.timing-target", {}, targetText(target)),
      h("p.small.muted.timing-source", {}, t("record.source", { source: sourceText(target.source) })));
    return { row, measure: target.measure, input };
  });
  const element = h("fieldset", { testid: "record-timings" }, h("legend", {}, t("record.timings")),
    inputs.length ? h("div.timing-grid", {}, inputs.map((i) => i.row)) : h("p.empty", {}, t("record.no_measures")));
  const read = () => Object.fromEntries(inputs.map(({ measure, input }) =>
    [measure, input.value === "" ? null : Number(input.value)]));
  return { element, read };
}

function debriefPart(record) {
  const boxes = DEBRIEF.map((part) => {
    const box = h("textarea", { rows: 3, testid: `debrief-${part}`, placeholder: t(`record.debrief_hint.${part}`) });
    box.value = record.content.debrief[part];
    return [part, box];
  });
  const problems = h("textarea", { rows: 3, testid: "record-problems" });
  problems.value = record.content.problems;
  const element = h("fieldset", { testid: "record-debrief" }, h("legend", {}, t("record.debrief")),
    h("div.form-grid", {}, boxes.map(([part, box]) => field(`record.debrief.${part}`, box))),
    field("record.problems", problems));
  return {
    element,
    read: () => Object.fromEntries(boxes.map(([part, box]) => [part, box.value.trim()])),
    problems: () => problems.value.trim(),
  };
}

function actionRow(action, people, onRemove, index) {
  const description = h("input", { type: "text", maxlength: 500, value: action.description, testid: `action-description-${index}` });
  const owner = h("select", { testid: `action-owner-${index}` },
    h("option", { value: "" }, t("record.owner_other")),
    people.map((p) => h("option", { value: p.staff_member_id, selected: p.staff_member_id === action.owner_staff_id }, p.name)));
  const ownerName = h("input", { type: "text", maxlength: 100, value: action.owner_name, placeholder: t("record.owner_name"), testid: `action-owner-name-${index}` });
  const due = h("input", { type: "date", value: action.due_on || "", testid: `action-due-${index}` });
  const nameField = field("record.owner_name", ownerName);
  // a name is typed only for an owner who is not on the list
  const showName = () => { nameField.hidden = Boolean(owner.value); };
  owner.addEventListener("change", showName);
  showName();
  const row = h("div.action-row", { testid: `action-row-${index}` },
    field("record.action_description", description), field("record.action_owner", owner), nameField,
    field("record.action_due", due),
    h("button.link-button.small", { type: "button", testid: `action-remove-${index}`, onclick: () => onRemove(row) }, t("record.action_remove")));
  const read = () => ({
    ...(action.id ? { id: action.id } : {}),
    description: description.value.trim(), due_on: due.value || null,
    owner_staff_id: owner.value ? Number(owner.value) : null, owner_name: owner.value ? "" : ownerName.value.trim(),
    status: action.status || "open", follow_up: action.follow_up || "",
  });
  return { row, read };
}

function actionsPart(record, sheet) {
  const people = sheet.entries;
  const rows = [];
  const list = h("div.action-list", { testid: "record-actions" });
  let counter = 0;
  function add(action) {
    const entry = actionRow(action, people, (row) => {
      rows.splice(rows.indexOf(entry), 1);
      row.remove();
    }, counter++);
    rows.push(entry);
    list.append(entry.row);
  }
  record.actions.forEach(add);
  const element = h("fieldset", {}, h("legend", {}, t("record.actions")), list,
    h("button", { type: "button", testid: "action-add", onclick: () => add({ description: "", owner_name: "", due_on: "" }) }, t("record.action_add")));
  return { element, read: () => rows.map((r) => r.read()).filter((a) => a.description || a.due_on) };
}

// The whole form. `withActions`: the draft writes its actions through the record; an amendment
// changes the content only (actions move on through their own status and follow-up).
export function recordForm(record, templates, sheet, { withActions = true } = {}) {
  const scenario = scenarioPart(record, templates);
  const team = teamPart(record, sheet);
  const timings = timingsPart(record);
  const debrief = debriefPart(record);
  const actions = withActions ? actionsPart(record, sheet) : null;
  const element = h("div.record-form", { testid: "record-form" },
    scenario.element, team.element, timings.element, debrief.element, actions?.element);
  const content = () => ({
    scenario: scenario.read(), team: team.read(), timings: timings.read(),
    debrief: debrief.read(), problems: debrief.problems(),
  });
  // as the form first showed it, in the same shape: what changed is compared against this
  return { element, content, loaded: content(), actions: () => actions?.read() };
}
