// 能力评估 in a drill record: a grid of the people who took part × the competencies the drill's
// topic covers. Each cell: a mark (已掌握 / 需加强练习 / 未观察到 / —) and, once marked, a comment.
// Saved as a whole with PUT on a draft; read-only on a submitted record, where an amendment may
// carry changed marks (`grid.read()` gives them in the API's shape).
import { api } from "../api.js";
import { errorBox, h } from "../dom.js";
import { label, t } from "../i18n.js";
import { pick } from "./calendar.js";

export const OUTCOMES = ["demonstrated", "needs_practice", "not_observed"];

const key = (staffId, competency) => `${staffId}|${competency}`;

function personCell(person) {
  const about = [person.department_name, label("staff_role", person.role)].filter(Boolean).join(" · ");
  return h("th.assess-person", { scope: "row" },
    h("strong", {}, person.name),
    person.on_team ? h("span.tag", {}, t("assess.on_team")) : null,
    h("span.muted.small", {}, [person.institution_name, about].filter(Boolean).join(" · ")));
}

function editCell(person, competency, mark) {
  const id = `${person.staff_id}-${competency.id}`;
  const name = `${person.name} · ${pick(competency.name_zh, competency.name_en)}`;
  const select = h("select", { testid: `assess-${id}`, "aria-label": name },
    h("option", { value: "" }, "—"),
    OUTCOMES.map((o) => h("option", { value: o, selected: mark?.outcome === o }, t(`assess.outcome.${o}`))));
  const comment = h("input", { type: "text", maxlength: 2000, value: mark?.comment || "",
    placeholder: t("assess.comment_hint"), testid: `assess-comment-${id}`, "aria-label": `${name} · ${t("assess.comment")}` });
  const cell = h("td", { class: `assess-cell outcome-${mark?.outcome || "none"}`, "data-label": pick(competency.name_zh, competency.name_en) }, select, comment);
  const show = () => {
    comment.hidden = !select.value;
    cell.className = `assess-cell outcome-${select.value || "none"}`;
  };
  select.addEventListener("change", show);
  show();
  const read = () => (select.value
    ? { staff_id: person.staff_id, competency: competency.id, outcome: select.value, comment: comment.value.trim() }
    : null);
  return { cell, read };
}

function viewCell(person, competency, mark) {
  const id = `${person.staff_id}-${competency.id}`;
  return h("td", { class: `assess-cell outcome-${mark?.outcome || "none"}`, "data-label": pick(competency.name_zh, competency.name_en) },
    h("span.assess-outcome", { testid: `assess-view-${id}`, "data-outcome": mark?.outcome || "" },
      mark ? t(`assess.outcome.${mark.outcome}`) : "—"),
    mark?.comment ? h("span.small.muted.assess-comment", {}, mark.comment) : null);
}

// The grid alone: `editable` gives selects; `read()` the marks it holds.
export function assessmentGrid(sheet, { editable }) {
  const marks = new Map(sheet.assessments.map((a) => [key(a.staff_id, a.competency), a]));
  if (!sheet.competencies.length) {
    return { element: h("p.empty", { testid: "assess-no-competencies" }, t("assess.no_competencies")), read: () => [] };
  }
  if (!sheet.participants.length) {
    return { element: h("p.empty", { testid: "assess-no-people" }, t("assess.no_people")), read: () => [] };
  }
  const cells = [];
  const rows = sheet.participants.map((person) => h("tr", { testid: `assess-row-${person.staff_id}` },
    personCell(person),
    sheet.competencies.map((competency) => {
      const mark = marks.get(key(person.staff_id, competency.id));
      if (!editable) return viewCell(person, competency, mark);
      const entry = editCell(person, competency, mark);
      cells.push(entry);
      return entry.cell;
    })));
  const element = h("div.assess-scroll", {},
    h("table.assess-grid", { testid: "assess-grid" },
      h("thead", {}, h("tr", {}, h("th", {}, t("assess.person")),
        sheet.competencies.map((c) => h("th", { title: pick(c.domain_zh, c.domain_en) }, pick(c.name_zh, c.name_en))))),
      h("tbody", {}, rows)));
  // marks of people the page does not list (none for the host) are kept as they are
  const listed = new Set(sheet.participants.map((p) => p.staff_id));
  const kept = sheet.assessments.filter((a) => !listed.has(a.staff_id))
    .map(({ staff_id, competency, outcome, comment }) => ({ staff_id, competency, outcome, comment }));
  return { element, read: () => [...kept, ...cells.map((c) => c.read()).filter(Boolean)] };
}

function refusal(err) {
  const details = Array.isArray(err.body?.details) ? err.body.details : [];
  return h("div.error", { testid: "assess-error", role: "alert" }, h("p", {}, err.message),
    details.length > 1 ? h("ul", {}, details.map((d) => h("li", {}, pick(d.message_zh, d.message_en)))) : null);
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// The section of the record page. On a draft it saves itself (button) and offers `save()` to
// the record's own save and submit, so marks left unsaved are not lost.
export function assessmentSection(sheet, { editable, recordId }) {
  const grid = assessmentGrid(sheet, { editable });
  const message = h("div", { testid: "assess-message" });
  const loaded = grid.read();
  let saved = loaded;
  async function save() {
    const marks = grid.read();
    if (same(marks, saved)) return;
    const answer = await api(`/api/records/${recordId}/assessments`, { method: "PUT", json: { assessments: marks } });
    saved = marks;
    return answer;
  }
  const button = editable && sheet.competencies.length && sheet.participants.length
    ? h("button", { type: "button", testid: "assess-save", onclick: async () => {
      message.replaceChildren();
      button.disabled = true;
      try {
        await save();
        message.replaceChildren(h("p.success", { testid: "assess-saved", role: "status" }, t("assess.saved")));
      } catch (err) {
        message.replaceChildren(err.body ? refusal(err) : errorBox(err, "assess-error"));
      } finally {
        button.disabled = false;
      }
    } }, t("assess.save"))
    : null;
  const element = h("section.assess", { testid: "record-assessments" },
    h("h2", {}, t("assess.title")),
    h("p.muted.small", {}, t(editable ? "assess.intro" : "assess.intro_locked"),
      " ", t("assess.framework", { name: pick(sheet.framework_name_zh, sheet.framework_name_en) })),
    grid.element, message, button ? h("div.actions", {}, button) : null);
  return { element, save, refusal };
}
