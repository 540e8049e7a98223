// A drill record as people read it: targets met or missed, team, debrief, corrective actions,
// evidence, and the versions with what each one changed.
import { api } from "../api.js";
import { errorBox, h, table } from "../dom.js";
import { formatDate, formatDateTime, label, t } from "../i18n.js";
import { pick } from "./calendar.js";

const DEBRIEF = ["reactions", "description", "analysis", "summary"];

function numberText(value) {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10);
}

export function valueText(target, value = target.value) {
  if (value === null || value === undefined) return t("record.not_recorded");
  if (target.unit === "yes_no") return value ? t("record.yes") : t("record.no");
  return `${numberText(value)} ${t(`record.unit.${target.unit}`)}`;
}

// "目标：≤ 5 分钟（自出血开始）"; a yes/no target: "目标：是"
export function targetText(target) {
  if (target.target === null || target.target === undefined) return t("record.no_target");
  const start = pick(target.start_zh, target.start_en);
  const goal = target.unit === "yes_no"
    ? (target.target ? t("record.yes") : t("record.no"))
    : `≤ ${numberText(target.target)} ${t(`record.unit.${target.unit}`)}${start ? ` ${start}` : ""}`;
  return t("record.target", { target: goal });
}

export function sourceText(source) {
  return [`${source.document}，${source.clause}`, source.local_choice ? t("record.local_choice") : null]
    .filter(Boolean).join(" · ");
}

export function targetsTable(targets) {
  return table([
    { title: t("record.measure"), cell: (x) => pick(x.name_zh, x.name_en) },
    { title: t("record.value"), cell: (x) => h("span", { class: `outcome-${x.outcome}`, testid: `value-${x.measure}` }, valueText(x)) },
    { title: t("record.target_column"), cell: (x) => targetText(x) },
    { title: t("record.outcome"), cell: (x) => h("span", { class: `outcome outcome-${x.outcome}`, testid: `outcome-${x.measure}` },
      t(`record.outcome.${x.outcome}`), x.outcome === "missed" ? ` (${targetText(x)})` : "") },
    { title: t("record.source_column"), cell: (x) => h("span.small.muted", {}, sourceText(x.source)) },
  ], targets, { testid: "record-targets", empty: t("record.no_measures") });
}

export function missedSummary(targets) {
  const missed = targets.filter((x) => x.outcome === "missed");
  if (!missed.length) return null;
  return h("div.error", { testid: "record-missed", role: "status" },
    h("strong", {}, t("record.missed_count", { count: missed.length })),
    h("ul", {}, missed.map((x) => h("li", {}, pick(x.name_zh, x.name_en), t("record.colon"), valueText(x), " · ", targetText(x)))));
}

function block(titleKey, text, testid) {
  return [h("dt", {}, t(titleKey)), h("dd.prewrap", { testid }, text || "—")];
}

export function contentView(record, templates) {
  const content = record.content;
  const template = templates.find((x) => x.id === content.scenario.template_id);
  return h("div.record-view", { testid: "record-view" },
    h("h2", {}, t("record.scenario")),
    h("dl.facts", {},
      block("record.template", template ? pick(template.name_zh, template.name_en) : null, "view-template"),
      block("record.scenario_title", content.scenario.title, "view-title"),
      block("record.scenario_description", content.scenario.description, "view-description")),
    h("h2", {}, t("record.team")),
    record.team.length ? h("ul.chips", { testid: "view-team" }, record.team.map((m) =>
      h("li", {}, h("strong", {}, m.name), " ", h("span.muted", {}, label("drill_role", m.drill_role)))))
      : h("p.empty", {}, t("record.team_none")),
    h("h2", {}, t("record.timings")),
    targetsTable(record.targets),
    h("h2", {}, t("record.debrief")),
    h("dl.facts", { testid: "view-debrief" },
      DEBRIEF.map((part) => block(`record.debrief.${part}`, content.debrief[part], `view-debrief-${part}`)),
      block("record.problems", content.problems, "view-problems")));
}

// An action after submission: its status and follow-up change through /api/actions/{id}.
export function actionControl(action, { editable, onChanged }) {
  if (!editable || action.status !== "open") {
    return h("span.prewrap", {}, action.follow_up || "—");
  }
  const note = h("textarea", { rows: 2, maxlength: 2000, placeholder: t("actions.follow_up_hint"), testid: `follow-up-${action.id}` });
  const error = h("div");
  const done = h("button.primary.small", { type: "button", testid: `action-done-${action.id}`, onclick: async () => {
    error.replaceChildren();
    if (!note.value.trim()) {
      error.replaceChildren(h("p.error", { testid: `action-error-${action.id}` }, t("actions.follow_up_needed")));
      return;
    }
    done.disabled = true;
    try {
      onChanged(await api(`/api/actions/${action.id}`, { method: "PATCH", json: { status: "done", follow_up: note.value.trim() } }));
    } catch (err) {
      done.disabled = false;
      error.replaceChildren(errorBox(err, `action-error-${action.id}`));
    }
  } }, t("actions.mark_done"));
  return h("div.action-close", {}, note, done, error);
}

export function actionsTable(actions, { editable, onChanged, withRecord = false }) {
  return table([
    ...(withRecord ? [{ title: t("actions.drill"), cell: (a) => h("a", { href: `#/records/${a.record_id}`, testid: `action-record-${a.id}` }, a.activity_title) }] : []),
    { title: t("record.action_description"), cell: (a) => a.description },
    { title: t("record.action_owner"), cell: (a) => a.owner_name || "—" },
    { title: t("record.action_due"), cell: (a) => h("span", { class: a.overdue ? "overdue" : "" }, formatDate(a.due_on),
      a.overdue ? h("span.badge.bad", { testid: `overdue-${a.id}` }, t("actions.overdue")) : null) },
    { title: t("actions.status"), cell: (a) => h("span", { testid: `action-status-${a.id}` }, t(`actions.status.${a.status}`)) },
    { title: t("actions.follow_up"), cell: (a) => actionControl(a, { editable, onChanged }) },
  ], actions, { testid: withRecord ? "overdue-actions" : "view-actions", empty: t("actions.none") });
}

export function evidenceSection(record, { editable, onUploaded }) {
  const input = h("input", { type: "file", accept: "image/jpeg,image/png,application/pdf", testid: "evidence-file" });
  const error = h("div");
  const upload = h("button", { type: "button", testid: "evidence-upload", onclick: async () => {
    error.replaceChildren();
    if (!input.files.length) {
      error.replaceChildren(h("p.error", {}, t("record.evidence_choose")));
      return;
    }
    const form = new FormData();
    form.append("file", input.files[0]);
    upload.disabled = true;
    try {
      await api(`/api/records/${record.id}/evidence`, { method: "POST", form });
      onUploaded();
    } catch (err) {
      upload.disabled = false;
      error.replaceChildren(errorBox(err, "evidence-error"));
    }
  } }, t("record.evidence_upload"));
  return h("section", { testid: "record-evidence" },
    h("h2", {}, t("record.evidence")),
    record.evidence.length ? h("ul.evidence-list", { testid: "evidence-list" }, record.evidence.map((e) =>
      h("li", {}, h("a", { href: e.url, target: "_blank", rel: "noopener", testid: `evidence-${e.id}` }, e.filename), " ",
        h("span.muted.small", {}, `${Math.max(1, Math.round(e.size / 1024))} KB · ${formatDateTime(e.uploaded_at)}`))))
      : h("p.empty", { testid: "evidence-empty" }, t("record.evidence_none")),
    editable ? h("div.upload", {}, h("label.field", {}, h("span", {}, t("record.evidence_pick")), input), upload) : null,
    error);
}

// A change as people read it: template names instead of ids, yes/no and units for timings.
function changeValue(change, value, record) {
  if (value === null || value === undefined || value === "") return "—";
  if (change.path === "scenario.template_id") {
    const template = (record.templates || []).find((x) => x.id === value);
    return template ? pick(template.name_zh, template.name_en) : value;
  }
  const target = change.path.startsWith("timings.") && record.targets.find((x) => `timings.${x.measure}` === change.path);
  return target ? valueText(target, value) : String(value);
}

function changesTable(v, record, first) {
  const field = { title: t("record.change_field"), cell: (c) => pick(c.label_zh, c.label_en) };
  const columns = first
    ? [field, { title: t("record.change_value"), cell: (c) => changeValue(c, c.new, record) }]
    : [field,
      { title: t("record.change_before"), cell: (c) => h("span.before", {}, changeValue(c, c.old, record)) },
      { title: t("record.change_after"), cell: (c) => h("span.after", {}, changeValue(c, c.new, record)) }];
  return table(columns, v.changes, { testid: `version-changes-${v.version}` });
}

export async function versionsSection(record) {
  const versions = await api(`/api/records/${record.id}/versions`);
  return h("section", { testid: "record-versions" },
    h("h2", {}, t("record.versions", { count: versions.length })),
    versions.slice().reverse().map((v) => {
      const first = v.version === 1;
      const changes = v.changes.length ? changesTable(v, record, first) : h("p.muted.small", {}, t("record.no_changes"));
      return h("div.version", { testid: `version-${v.version}` },
        h("h3", {}, t("record.version_title", { version: v.version }), " ",
          h("span.muted.small", {}, `${v.author_name || "—"} · ${formatDateTime(v.created_at)}`)),
        v.reason ? h("p", { testid: `version-reason-${v.version}` }, t("record.version_reason", { reason: v.reason })) : null,
        first ? h("details", {}, h("summary", {}, t("record.first_version")), changes) : changes);
    }));
}
