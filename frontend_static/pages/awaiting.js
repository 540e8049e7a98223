// Results awaiting confirmation (结果待确认): activities that ended while still "planned". Until the
// officer records who came, or cancels with a reason, they count as not held.
import { api } from "../api.js";
import { errorBox, h } from "../dom.js";
import { t } from "../i18n.js";
import { kindText, timeRange } from "./calendar.js";

function cancelWithReason(activity, row, onCancelled) {
  const reason = h("textarea", { rows: 2, maxlength: 2000, testid: `awaiting-reason-${activity.id}`, placeholder: t("awaiting.reason_hint") });
  const error = h("div");
  const confirm = h("button.primary.danger", { type: "button", testid: `awaiting-cancel-confirm-${activity.id}`, onclick: async () => {
    if (!reason.value.trim()) {
      error.replaceChildren(h("p.error", { role: "alert", testid: `awaiting-error-${activity.id}` }, t("calendar.cancel_needs_reason")));
      return;
    }
    confirm.disabled = true;
    try {
      await api(`/api/activities/${activity.id}/cancel`, { method: "POST", json: { reason: reason.value.trim(), scope: "one" } });
      onCancelled();
    } catch (err) {
      confirm.disabled = false;
      error.replaceChildren(errorBox(err, `awaiting-error-${activity.id}`));
    }
  } }, t("calendar.cancel_confirm"));
  row.append(h("div.awaiting-cancel", {}, h("label.field", {}, h("span", {}, t("calendar.cancel_reason")), reason), error,
    h("div.actions", {}, confirm)));
  reason.focus();
}

function awaitingRow(activity, onCancelled) {
  const row = h("li.awaiting-item", { testid: `awaiting-${activity.id}` });
  const cancel = h("button", { type: "button", testid: `awaiting-cancel-${activity.id}`, onclick: () => {
    cancel.disabled = true;
    cancelWithReason(activity, row, () => onCancelled(row));
  } }, t("awaiting.cancel"));
  row.append(
    h("div", {}, h("strong", {}, activity.title), h("span.muted.small.block", {}, kindText(activity), " · ", timeRange(activity),
      activity.place ? ` · ${activity.place}` : "")),
    h("div.actions", {},
      h("a.button", { href: `#/activities/${activity.id}/attendance`, testid: `awaiting-record-${activity.id}` }, t("attendance.take")),
      cancel));
  return row;
}

// The section for an institution's page; it fills itself in and stays empty when nothing waits.
export function awaitingResults(institutionId) {
  const section = h("section.awaiting", { testid: "awaiting-results", hidden: true });
  const message = h("div", { role: "status" });
  api("/api/activities/awaiting-results", { query: { institution: institutionId } }).then((answer) => {
    const items = Array.isArray(answer) ? answer : answer.items || [];
    if (!items.length) return;
    const list = h("ul.awaiting-list", {}, items.map((a) => awaitingRow(a, (row) => {
      row.remove();
      message.replaceChildren(h("p.success", { testid: "awaiting-cancelled" }, t("awaiting.cancelled", { title: a.title })));
    })));
    section.replaceChildren(h("h2", {}, t("awaiting.title", { count: items.length })), h("p.muted", {}, t("awaiting.intro")), message, list);
    section.hidden = false;
  }, (error) => {
    section.replaceChildren(errorBox(error, "awaiting-error"));
    section.hidden = false;
  });
  return section;
}
