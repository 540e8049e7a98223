// The record of a held drill (演练记录): started from the activity, filled in as a draft, submitted
// and then locked; a change after that is an amendment (提交更正) with a reason, kept as a new
// version, and the page shows every version with what it changed.
import { api, ApiError } from "../api.js";
import { errorBox, h } from "../dom.js";
import { t } from "../i18n.js";
import { kindText, pick, timeRange } from "./calendar.js";
import { recordForm } from "./record_form.js";
import { actionsTable, contentView, evidenceSection, missedSummary, versionsSection } from "./record_view.js";
import { assessmentGrid, assessmentSection } from "./record_assessments.js";

function mayWrite(session, activity) {
  if (session.role === "admin") return true;
  return session.role === "officer" && activity.host_institution_id === session.institution_id;
}

function header(activity, record) {
  return [
    h("p.crumbs", {}, h("a", { href: `#/calendar/month/${activity.starts_at.slice(0, 10)}/${activity.id}` }, t("record.back_to_calendar"))),
    h("div.page-head", {},
      h("h1", { testid: "record-heading" }, t("record.title"), " · ", activity.title),
      record ? h("span", { class: `record-status record-${record.status}`, testid: "record-status" },
        t(`record.status.${record.status}`), record.status === "submitted" ? ` · ${t("record.version_title", { version: record.version })}` : "") : null),
    h("p.muted", {}, [kindText(activity), timeRange(activity), activity.host_name || activity.host_institution_name].filter(Boolean).join(" · ")),
  ];
}

// Topic templates come with the record; the attendance list gives the team to pick from; the
// assessment sheet the competencies and people to mark.
async function loadParts(record) {
  const [sheet, assessments] = await Promise.all([
    api(`/api/activities/${record.activity.id}/attendance`).catch(() => ({ entries: [] })),
    api(`/api/records/${record.id}/assessments`).catch(() => null),
  ]);
  return { templates: record.templates || [], sheet, assessments };
}

function missingList(error) {
  const missing = error.body?.details?.missing || error.body?.details;
  if (!Array.isArray(missing) || !missing.length) return null;
  return h("ul", { testid: "submit-missing" }, missing.map((m) => h("li", {}, pick(m.label_zh, m.label_en))));
}

// What this page changed since it loaded, laid over the version now in force: a page left open
// while someone else submitted sends only its own edits, never the older text of the rest.
function overlayEdits(loaded, edited, current) {
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const merged = structuredClone(current);
  for (const part of ["scenario", "debrief", "timings"]) {
    for (const key of new Set([...Object.keys(loaded[part]), ...Object.keys(edited[part])])) {
      if (!same(loaded[part][key] ?? null, edited[part][key] ?? null)) merged[part][key] = edited[part][key];
    }
  }
  for (const part of ["team", "problems"]) {
    if (!same(loaded[part], edited[part])) merged[part] = edited[part];
  }
  return merged;
}

function amendmentBox(record, content, { onDone, testid = "amend-form" }) {
  const reason = h("textarea", { rows: 2, maxlength: 2000, testid: "amend-reason", placeholder: t("record.amend_reason_hint") });
  const error = h("div");
  const send = h("button.primary", { type: "button", testid: "amend-submit", onclick: async () => {
    error.replaceChildren();
    if (!reason.value.trim()) {
      error.replaceChildren(h("p.error", { testid: "amend-error" }, t("record.amend_reason_needed")));
      return;
    }
    send.disabled = true;
    try {
      const json = { reason: reason.value.trim(), content: await content() };
      await api(`/api/records/${record.id}/amendments`, { method: "POST", json });
      sessionStorage.setItem("drillbook.record_flash", "amended");
      onDone();
    } catch (err) {
      send.disabled = false;
      error.replaceChildren(errorBox(err, "amend-error"));
    }
  } }, t("record.amend_submit"));
  return h("div.amend-box", { testid },
    h("p", {}, t("record.amend_intro")),
    h("label.field", {}, h("span", {}, t("record.amend_reason")), reason), error,
    h("div.actions", {}, send));
}

function draftPage(record, parts, app, flash) {
  const form = recordForm(record, parts.templates, parts.sheet);
  const assess = parts.assessments && assessmentSection(parts.assessments, { editable: true, recordId: record.id });
  const message = h("div.form-error-slot", { testid: "record-message" });
  const rerender = () => app.go(`#/records/${record.id}`);
  const patch = async () => {
    await assess?.save(); // marks not yet saved go with the record's own save and submit
    return api(`/api/records/${record.id}`, { method: "PATCH", json: { ...form.content(), actions: form.actions() } });
  };
  async function run(button, work) {
    message.replaceChildren();
    button.disabled = true;
    try {
      await work();
    } catch (err) {
      button.disabled = false;
      showRefusal(err);
    }
  }
  function showRefusal(err) {
    if (err instanceof ApiError && err.status === 409 && err.code === "record_locked") {
      // someone submitted it meanwhile: what was typed here can still go in, as an amendment
      const loaded = form.loaded;
      const content = async () => overlayEdits(loaded, form.content(), (await api(`/api/records/${record.id}`)).content);
      message.replaceChildren(errorBox(err, "record-locked"), amendmentBox(record, content, { onDone: rerender }));
      return;
    }
    if (assess && err.code?.startsWith("assessment_")) {
      message.replaceChildren(assess.refusal(err));
      message.scrollIntoView({ block: "center" });
      return;
    }
    message.replaceChildren(h("div.error", { testid: "record-error", role: "alert" }, h("p", {}, err.message), missingList(err)));
    message.scrollIntoView({ block: "center" });
  }
  const save = h("button", { type: "button", testid: "record-save", onclick: () => run(save, async () => {
    await patch();
    sessionStorage.setItem("drillbook.record_flash", "saved");
    rerender();
  }) }, t("record.save_draft"));
  const submit = h("button.primary", { type: "button", testid: "record-submit", onclick: () => run(submit, async () => {
    await patch();
    await api(`/api/records/${record.id}/submit`, { method: "POST" });
    sessionStorage.setItem("drillbook.record_flash", "submitted");
    rerender();
  }) }, t("record.submit"));
  return [
    flash,
    missedSummary(record.targets),
    form.element,
    assess?.element,
    evidenceSection(record, { editable: true, onUploaded: rerender }),
    message,
    h("div.actions.form-actions.record-buttons", {}, save, submit),
    h("p.muted.small", {}, t("record.submit_hint")),
  ];
}

async function submittedPage(record, parts, app, flash, editable) {
  const rerender = () => app.go(`#/records/${record.id}`);
  const amendSlot = h("div", { testid: "amend-slot" });
  const marks = parts.assessments && assessmentSection(parts.assessments, { editable: false, recordId: record.id });
  const body = h("div", {}, contentView(record, parts.templates), marks?.element);
  const amend = editable ? h("button.primary", { type: "button", testid: "record-amend", onclick: () => {
    const form = recordForm(record, parts.templates, parts.sheet, { withActions: false });
    // the marks change with the amendment too, as part of the record's content
    const grid = parts.assessments && assessmentGrid(parts.assessments, { editable: true });
    const content = () => (grid ? { ...form.content(), assessments: grid.read() } : form.content());
    amend.hidden = true;
    body.replaceChildren(h("p.notice", {}, t("record.amend_editing")), form.element,
      grid ? h("section.assess", { testid: "record-assessments" }, h("h2", {}, t("assess.title")), grid.element) : null);
    amendSlot.replaceChildren(amendmentBox(record, content, { onDone: rerender }),
      h("button", { type: "button", testid: "amend-cancel", onclick: rerender }, t("record.amend_cancel")));
    amendSlot.scrollIntoView({ block: "center" });
  } }, t("record.amend")) : null;
  return [
    flash,
    h("p.notice", { testid: "record-locked-note" }, t("record.locked_note")),
    h("div.actions", {}, amend),
    missedSummary(record.targets),
    body,
    amendSlot,
    h("h2", {}, t("record.actions")),
    actionsTable(record.actions, { editable, onChanged: rerender }),
    evidenceSection(record, { editable, onUploaded: rerender }),
    await versionsSection(record),
  ];
}

function takeFlash() {
  const flash = sessionStorage.getItem("drillbook.record_flash");
  sessionStorage.removeItem("drillbook.record_flash");
  return flash ? h("div.success", { testid: "record-flash", role: "status" }, t(`record.flash.${flash}`)) : null;
}

export async function renderRecord(view, [recordId], app) {
  const record = await api(`/api/records/${recordId}`);
  const parts = await loadParts(record);
  const editable = mayWrite(app.session, record.activity);
  const flash = takeFlash();
  const body = record.status === "draft" && editable
    ? draftPage(record, parts, app, flash)
    : await submittedPage(record, parts, app, flash, editable);
  view.replaceChildren(h("section.page", { testid: "record-page" }, header(record.activity, record), body));
}

// #/activities/ID/record: the activity's record, or the button that starts it.
export async function render(view, [activityId], app) {
  let record = null;
  try {
    record = await api(`/api/activities/${activityId}/record`);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
  }
  if (record) {
    history.replaceState(null, "", `#/records/${record.id}`);
    return renderRecord(view, [record.id], app);
  }
  const detail = await api(`/api/activities/${activityId}`);
  const activity = detail.activity;
  const error = h("div");
  const start = h("button.primary", { type: "button", testid: "record-start", onclick: async () => {
    start.disabled = true;
    error.replaceChildren();
    try {
      const created = await api(`/api/activities/${activityId}/record`, { method: "POST" });
      app.go(`#/records/${created.id}`);
    } catch (err) {
      start.disabled = false;
      error.replaceChildren(errorBox(err, "record-start-error"));
    }
  } }, t("record.start"));
  view.replaceChildren(h("section.page", { testid: "record-page" },
    header({ ...activity, host_name: activity.host_institution_name }, null),
    h("p", { testid: "record-none" }, t("record.none_yet")),
    mayWrite(app.session, activity) ? h("div.actions", {}, start) : null,
    error));
}
