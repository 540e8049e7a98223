// Written exams and skills stations (the officer): #/competency-exams lists the institution's
// exams with a form to record one; #/competency-exams/ID is one exam: every eligible person with
// a score box, save the whole table, or import an .xlsx (工号, 成绩) whose rejected rows are
// listed by row number. Pass marks come from the competency framework (never typed here).
import { api } from "../api.js";
import { errorBox, h, table } from "../dom.js";
import { formatDate, t, todayInShanghai } from "../i18n.js";

const KINDS = ["written", "skills_station"];
const number = (value) => (value === null || value === undefined ? "—" : String(Number(value)));

function institutionOf(app, query) {
  const asked = new URLSearchParams(query || "").get("institution");
  return Number(asked) || app.session.institution_id;
}

// The rows a refused list or import named: row (or entry) number and the problem.
export function problemsTable(error) {
  const details = Array.isArray(error?.body?.details) ? error.body.details.filter((d) => d.row) : [];
  return h("div", { testid: "exam-errors" },
    errorBox({ message: t("exam.rejected", { count: details.length || 1 }) }, "exam-error"),
    details.length ? table([
      { title: t("exam.row"), cell: (d) => String(d.row) },
      { title: t("exam.problem"), cell: (d) => d.message },
    ], details, { testid: "exam-error-rows" }) : errorBox(error, "exam-error-message"));
}

function createForm(institutionId, competencies, app) {
  const kind = h("select", { name: "kind", testid: "exam-kind" },
    KINDS.map((k) => h("option", { value: k }, t(`exam.kind.${k}`))));
  const competency = h("select", { name: "competency", required: true, testid: "exam-competency" });
  const fill = () => competency.replaceChildren(...competencies
    .filter((c) => c.methods.includes(kind.value))
    .map((c) => h("option", { value: c.id }, `${c.name}（${t("exam.pass_mark_short", { mark: number(c.pass_mark) })}）`)));
  kind.addEventListener("change", fill);
  fill();
  const title = h("input", { type: "text", name: "title", maxlength: 200, required: true, testid: "exam-title" });
  const held = h("input", { type: "date", name: "held_on", required: true, max: todayInShanghai(), value: todayInShanghai(), testid: "exam-held-on" });
  const max = h("input", { type: "number", name: "max_score", min: 1, max: 1000, step: "any", value: 100, required: true, testid: "exam-max" });
  const message = h("div");
  const form = h("form", { testid: "exam-form" },
    h("div.form-grid", {},
      h("label.field", {}, h("span", {}, t("exam.kind")), kind),
      h("label.field", {}, h("span", {}, t("exam.competency")), competency),
      h("label.field.wide", {}, h("span", {}, t("exam.title")), title),
      h("label.field", {}, h("span", {}, t("exam.held_on")), held),
      h("label.field", {}, h("span", {}, t("exam.max_score")), max)),
    h("p.muted.small", {}, t("exam.pass_mark_note")),
    message,
    h("div.actions.form-actions", {}, h("button.primary", { type: "submit", testid: "exam-create" }, t("exam.create"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.replaceChildren();
    try {
      const created = await api("/api/competency-exams", { method: "POST", json: {
        institution_id: institutionId, competency: competency.value, kind: kind.value,
        title: title.value.trim(), held_on: held.value, max_score: Number(max.value) } });
      app.go(`#/competency-exams/${created.exam.id}`);
    } catch (error) {
      message.replaceChildren(errorBox(error, "exam-create-error"));
    }
  });
  return form;
}

export async function render(view, [query], app) {
  const institutionId = institutionOf(app, query);
  if (!institutionId) {
    view.replaceChildren(h("section.page", {}, h("h1", {}, t("exam.page_title")), h("p.empty", {}, t("exam.choose_institution"))));
    return;
  }
  const data = await api("/api/competency-exams", { query: { institution: institutionId } });
  const mayWrite = app.session.role === "admin" || (app.session.role === "officer" && app.session.institution_id === institutionId);
  view.replaceChildren(h("section.page", { testid: "exams-page" },
    h("div.page-head", {}, h("h1", {}, t("exam.page_title"))),
    h("p.muted", {}, t("exam.intro")),
    table([
      { title: t("exam.title"), cell: (e) => h("a", { href: `#/competency-exams/${e.id}`, testid: `exam-link-${e.id}` }, e.title) },
      { title: t("exam.competency"), cell: (e) => e.competency_name },
      { title: t("exam.kind"), cell: (e) => t(`exam.kind.${e.kind}`) },
      { title: t("exam.held_on"), cell: (e) => formatDate(e.held_on) },
      { title: t("exam.pass_score"), cell: (e) => t("exam.pass_of", { pass: number(e.pass_score), max: number(e.max_score) }) },
      { title: t("exam.results"), cell: (e) => t("exam.sat_passed", { sat: e.sat, passed: e.passed }) },
    ], data.exams, { testid: "exam-list", empty: t("exam.none") }),
    mayWrite ? [h("h2", {}, t("exam.new")), createForm(institutionId, data.competencies, app)] : null));
}

function scoreTable(detail, inputs) {
  const exam = detail.exam;
  return table([
    { title: t("exam.person"), cell: (p) => p.name },
    { title: t("exam.staff_number"), cell: (p) => p.staff_number },
    { title: t("exam.department"), cell: (p) => p.department || "—" },
    { title: t("exam.score_of", { max: number(exam.max_score) }), cell: (p) => {
      const input = h("input.score", { type: "number", min: 0, max: exam.max_score, step: "any", value: p.score ?? "", testid: `score-${p.staff_number}`, "aria-label": `${p.name} ${t("exam.score")}` });
      inputs.set(p.staff_id, input);
      return input;
    } },
    { title: t("exam.result"), cell: (p) => (p.passed === null ? "—"
      : h("span", { class: p.passed ? "met-text" : "short-text", testid: `result-${p.staff_number}` }, t(p.passed ? "exam.passed" : "exam.failed"))) },
  ], detail.people, { testid: "score-table", empty: t("exam.nobody") });
}

function importForm(examId, message, reload) {
  const file = h("input", { type: "file", name: "file", accept: ".xlsx,.csv", required: true, testid: "import-file" });
  const form = h("form.import-form", { testid: "import-form" },
    h("label.field", {}, h("span", {}, t("exam.import_file")), file),
    h("p.muted.small", {}, t("exam.import_hint")),
    h("div.actions", {}, h("button", { type: "submit", testid: "import-submit" }, t("exam.import"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.replaceChildren();
    try {
      const result = await api(`/api/competency-exams/${examId}/scores/import`, { method: "POST", form: new FormData(form) });
      reload(t("exam.imported", { count: result.imported, passed: result.passed, failed: result.failed }));
    } catch (error) {
      message.replaceChildren(error.code === "competency_exam_scores_rejected" ? problemsTable(error) : errorBox(error, "exam-error"));
    }
  });
  return form;
}

export async function renderExam(view, [examId], app, flash = "") {
  const detail = await api(`/api/competency-exams/${examId}`);
  const exam = detail.exam;
  const mayWrite = app.session.role === "admin" || (app.session.role === "officer" && app.session.institution_id === exam.institution_id);
  const inputs = new Map();
  const message = h("div", { testid: "exam-message" }, flash ? h("div.success", { role: "status", testid: "exam-flash" }, flash) : null);
  const reload = (text) => renderExam(view, [examId], app, text);
  async function save() {
    message.replaceChildren();
    const scores = [...inputs].filter(([, input]) => input.value !== "")
      .map(([staffId, input]) => ({ staff_id: staffId, score: Number(input.value) }));
    try {
      const result = await api(`/api/competency-exams/${examId}/scores`, { method: "PUT", json: { scores } });
      reload(t("exam.saved", { passed: result.passed, failed: result.failed }));
    } catch (error) {
      message.replaceChildren(error.code === "competency_exam_scores_rejected" ? problemsTable(error) : errorBox(error, "exam-error"));
    }
  }
  view.replaceChildren(h("section.page", { testid: "exam-page" },
    h("p.crumbs", {}, h("a", { href: `#/competency-exams?institution=${exam.institution_id}` }, t("exam.page_title"))),
    h("h1", {}, exam.title),
    h("dl.facts", {},
      h("dt", {}, t("exam.competency")), h("dd", { testid: "exam-competency-name" }, exam.competency_name),
      h("dt", {}, t("exam.kind")), h("dd", {}, t(`exam.kind.${exam.kind}`)),
      h("dt", {}, t("exam.held_on")), h("dd", {}, formatDate(exam.held_on)),
      h("dt", {}, t("exam.pass_score")), h("dd", { testid: "exam-pass" }, t("exam.pass_of", { pass: number(exam.pass_score), max: number(exam.max_score) })),
      h("dt", {}, t("exam.results")), h("dd", { testid: "exam-counts" }, t("exam.sat_passed", { sat: exam.sat, passed: exam.passed }))),
    message,
    mayWrite ? [h("h2", {}, t("exam.import_title")), importForm(examId, message, reload)] : null,
    h("h2", {}, t("exam.scores")),
    scoreTable(detail, inputs),
    mayWrite ? h("div.actions.form-actions", {}, h("button.primary", { type: "button", testid: "scores-save", onclick: save }, t("exam.save"))) : null));
  if (!mayWrite) for (const input of inputs.values()) input.disabled = true;
}
