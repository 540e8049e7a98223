// Answers to an invitation: the staff member's 参加 / 请假 (a leave needs a reason) on "my
// schedule", and the officer's summary of the answers in the activity panel.
import { api } from "../api.js";
import { errorBox, h } from "../dom.js";
import { t } from "../i18n.js";

const ON_THE_LIST = ["invited", "registered", "waitlisted"];

export function mayReply(item, now = new Date()) {
  return ON_THE_LIST.includes(item.invitation_status) && item.activity.status !== "cancelled"
    && new Date(item.activity.ends_at) > now;
}

function answerText(reply, reason) {
  if (reply === "accepted") return t("reply.accepted");
  if (reply === "declined") return reason ? t("reply.declined_because", { reason }) : t("reply.declined");
  return t("reply.none");
}

// The reply cell of one upcoming activity on "my schedule".
export function replyControl(item) {
  const id = item.activity.id;
  const cell = h("div.reply-control", { testid: `reply-${id}` });
  let current = { reply: item.reply || "", reason: item.reply_reason || "" };

  async function send(answer, reason, error) {
    try {
      const result = await api(`/api/activities/${id}/reply`, { method: "POST", json: { answer, reason } });
      current = { reply: result?.reply ?? answer, reason: result?.reply_reason ?? reason };
      draw();
    } catch (err) {
      error.replaceChildren(errorBox(err, `reply-error-${id}`));
    }
  }
  function askReason() {
    const error = h("div");
    const reason = h("textarea", { rows: 2, maxlength: 500, testid: `reply-reason-${id}`, placeholder: t("reply.reason_hint") });
    reason.value = current.reply === "declined" ? current.reason : "";
    const confirm = h("button.primary", { type: "button", testid: `reply-decline-confirm-${id}`, onclick: () => {
      if (!reason.value.trim()) {
        error.replaceChildren(h("p.error", { role: "alert", testid: `reply-error-${id}` }, t("reply.reason_required")));
        return;
      }
      send("declined", reason.value.trim(), error);
    } }, t("reply.decline_confirm"));
    cell.replaceChildren(h("label.field", {}, h("span", {}, t("reply.reason")), reason), error,
      h("div.actions", {}, confirm, h("button", { type: "button", testid: `reply-keep-${id}`, onclick: draw }, t("reply.keep"))));
    reason.focus();
  }
  function draw() {
    const error = h("div");
    cell.replaceChildren(
      h("span", { class: `reply reply-${current.reply || "none"}`, testid: `reply-answer-${id}` }, answerText(current.reply, current.reason)),
      h("div.actions", {},
        current.reply === "accepted" ? null : h("button.small", { type: "button", testid: `reply-accept-${id}`, onclick: () => send("accepted", "", error) }, t("reply.accept")),
        h("button.small", { type: "button", testid: `reply-decline-${id}`, onclick: askReason }, current.reply === "declined" ? t("reply.change_reason") : t("reply.decline"))),
      error);
  }
  draw();
  return cell;
}

// "accepted 12 · declined 2 · no answer 5", and who declined with their reasons.
export function replySummary(invitations) {
  const listed = invitations.filter((i) => ON_THE_LIST.includes(i.status));
  if (!listed.length) return null;
  const declined = listed.filter((i) => i.reply === "declined");
  const accepted = listed.filter((i) => i.reply === "accepted").length;
  const none = listed.length - accepted - declined.length;
  return h("div.reply-summary", { testid: "panel-replies" },
    h("h3", {}, t("reply.summary_title")),
    h("p", {}, t("reply.summary", { accepted, declined: declined.length, none })),
    declined.length ? h("ul.invitees", { testid: "panel-declined" }, declined.map((i) =>
      h("li", {}, h("span", {}, i.name), " ", h("span.reply.reply-declined", {}, i.reply_reason || "—")))) : null);
}
