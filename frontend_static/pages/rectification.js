// Rectification orders (整改通知): a spot-check finding the hospital must put right by a due date.
// The officer answers with a note and photos or documents; the zone's reviewer accepts the answer
// or returns it with a note. Overdue orders (past their due date in Shanghai and not accepted)
// come first and are marked on both sides. `renderFindings` is the panel of a review page.
import { api } from "../api.js";
import { errorBox, h } from "../dom.js";
import { formatDate, formatDateTime, t, todayInShanghai } from "../i18n.js";

const FILTERS = ["all", "overdue", "answered"];

function statusTag(order) {
  return h("span", { class: `tag rect-status rect-${order.status}`, testid: `order-status-${order.id}` },
    t(`rectification.status.${order.status}`));
}

function overdueTag(order) {
  if (!order.overdue) return null;
  return h("span.tag.overdue", { testid: `order-overdue-${order.id}` },
    t("rectification.overdue_days", { days: order.days_overdue }));
}

function sourceLine(order) {
  const s = order.source;
  return t("rectification.source", {
    zone: s.zone_name, quarter: s.quarter, activity: s.activity_title, date: formatDate(s.activity_date),
  });
}

function addDays(iso, days) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function evidenceList(answer) {
  if (!answer.evidence.length) return null;
  return h("ul.evidence-list", { testid: `answer-evidence-${answer.id}` }, answer.evidence.map((e) =>
    h("li", {}, h("a", { href: e.url, target: "_blank", rel: "noopener" }, e.filename), " ",
      h("span.muted.small", {}, `${Math.max(1, Math.round(e.size / 1024))} KB`))));
}

function decisionText(answer) {
  if (!answer.decision) return h("p.muted.small", {}, t("rectification.awaiting_decision"));
  return h("div", { class: `rect-decision rect-${answer.decision}` },
    h("strong", {}, t(`rectification.decision.${answer.decision}`)), " ",
    h("span.muted.small", {}, [answer.decided_by, formatDateTime(answer.decided_at)].filter(Boolean).join(" · ")),
    answer.decision_note ? h("p.prewrap", {}, answer.decision_note) : null);
}

function history(order) {
  if (!order.answers.length) return h("p.empty", {}, t("rectification.no_answers"));
  return h("ol.rect-history", { testid: `order-history-${order.id}` }, order.answers.map((a, i) =>
    h("li", {},
      h("div", {}, h("strong", {}, t("rectification.answer_n", { n: i + 1 })), " ",
        h("span.muted.small", {}, [a.answered_by, formatDateTime(a.answered_at)].filter(Boolean).join(" · "))),
      h("p.prewrap", {}, a.note), evidenceList(a), decisionText(a))));
}

function answerForm(order, onDone) {
  const note = h("textarea", { rows: 3, maxlength: 2000, required: true, testid: `answer-note-${order.id}`,
    placeholder: t("rectification.answer_hint") });
  const files = h("input", { type: "file", multiple: true, accept: "image/jpeg,image/png,application/pdf",
    testid: `answer-files-${order.id}` });
  const error = h("div");
  const send = h("button.primary", { type: "submit", testid: `answer-send-${order.id}` }, t("rectification.answer_send"));
  const form = h("form.rect-form", { testid: `answer-form-${order.id}`, onsubmit: async (event) => {
    event.preventDefault();
    error.replaceChildren();
    if (!note.value.trim()) {
      error.replaceChildren(h("p.error", { role: "alert" }, t("rectification.answer_needed")));
      return;
    }
    send.disabled = true;
    try {
      const answered = await api(`/api/rectification/orders/${order.id}/answers`, { method: "POST", json: { note: note.value } });
      for (const file of files.files) {
        const body = new FormData();
        body.append("file", file);
        await api(`/api/rectification/answers/${answered.latest_answer.id}/evidence`, { method: "POST", form: body });
      }
      onDone();
    } catch (err) {
      send.disabled = false;
      error.replaceChildren(errorBox(err, `answer-error-${order.id}`));
    }
  } },
  h("h3", {}, order.status === "returned" ? t("rectification.answer_again") : t("rectification.answer_title")),
  h("label.field", {}, h("span", {}, t("rectification.answer_note")), note),
  h("label.field", {}, h("span", {}, t("rectification.answer_files")), files),
  h("p.muted.small", {}, t("rectification.files_hint")),
  h("div.buttons", {}, send), error);
  return form;
}

function decisionForm(order, onDone) {
  const note = h("textarea", { rows: 2, maxlength: 2000, testid: `decision-note-${order.id}`,
    placeholder: t("rectification.decision_hint") });
  const error = h("div");
  const decide = (decision) => async () => {
    error.replaceChildren();
    if (decision === "returned" && !note.value.trim()) {
      error.replaceChildren(h("p.error", { role: "alert" }, t("rectification.return_needs_note")));
      return;
    }
    try {
      await api(`/api/rectification/orders/${order.id}/decision`, { method: "POST", json: { decision, note: note.value } });
      onDone();
    } catch (err) {
      error.replaceChildren(errorBox(err, `decision-error-${order.id}`));
    }
  };
  return h("div.rect-form", { testid: `decision-form-${order.id}` },
    h("h3", {}, t("rectification.decision_title")),
    h("label.field", {}, h("span", {}, t("rectification.decision_note")), note),
    h("div.buttons", {},
      h("button.primary", { type: "button", testid: `accept-${order.id}`, onclick: decide("accepted") }, t("rectification.accept")),
      h("button.secondary", { type: "button", testid: `return-${order.id}`, onclick: decide("returned") }, t("rectification.return"))),
    error);
}

// One order as a card; "details" opens its history and the form the reader may use.
function orderCard(order, { showInstitution, onChanged }) {
  const body = h("div.rect-body");
  const open = async () => {
    body.replaceChildren(h("p.loading", {}, t("common.loading")));
    try {
      const full = await api(`/api/rectification/orders/${order.id}`);
      body.replaceChildren(...[
        history(full),
        full.may_answer ? answerForm(full, onChanged) : null,
        full.may_decide ? decisionForm(full, onChanged) : null,
      ].filter(Boolean));
    } catch (err) {
      body.replaceChildren(errorBox(err));
    }
  };
  const latest = order.latest_answer;
  return h("article", { class: `rect-card${order.overdue ? " is-overdue" : ""}`, testid: `order-${order.id}` },
    h("header.rect-head", {},
      showInstitution ? h("strong", {}, order.institution_name) : null,
      statusTag(order), overdueTag(order)),
    h("p.prewrap.rect-finding", { testid: `order-finding-${order.id}` }, order.finding),
    h("p.small", {},
      h("span", { class: order.overdue ? "overdue" : "" }, t("rectification.due", { date: formatDate(order.due_on) })),
      order.closed_at ? h("span.muted", {}, " · ", t("rectification.closed_on", { date: formatDateTime(order.closed_at) })) : null),
    h("p.muted.small", {}, sourceLine(order)),
    latest ? h("p.small", {}, t("rectification.latest", {
      when: formatDateTime(latest.answered_at),
      decision: latest.decision ? t(`rectification.decision.${latest.decision}`) : t("rectification.awaiting_decision"),
    })) : null,
    h("details", { ontoggle: (event) => { if (event.target.open && !body.childElementCount) open(); } },
      h("summary", { testid: `order-open-${order.id}` }, t("rectification.details")), body));
}

export async function render(view, [filter = "all"], app) {
  const role = app.session.role;
  const query = { page_size: 200 };
  if (filter === "overdue") query.overdue = "true";
  if (filter === "answered") query.status = "answered";
  const page = await api("/api/rectification/orders", { query });
  const title = role === "officer" ? "rectification.title_officer" : "rectification.title_reviewer";
  const overdue = page.items.filter((o) => o.overdue).length;
  view.replaceChildren(h("section.page.wide", { testid: "rectification-page" },
    h("div.page-head", {},
      h("h1", {}, t(title)),
      h("div.segmented", { role: "group" }, FILTERS.map((f) =>
        h("a", { class: `button secondary${f === filter ? " on" : ""}`, href: f === "all" ? "#/rectification" : `#/rectification/${f}`,
          testid: `filter-${f}` }, t(`rectification.filter.${f}`))))),
    h("p.muted", {}, t(role === "officer" ? "rectification.intro_officer" : "rectification.intro_reviewer")),
    overdue ? h("p.error", { testid: "overdue-summary", role: "status" }, t("rectification.overdue_summary", { count: overdue })) : null,
    page.items.length
      ? h("div.rect-list", { testid: "order-list" }, page.items.map((o) =>
        orderCard(o, { showInstitution: role !== "officer", onChanged: () => app.go(location.hash) })))
      : h("p.empty", { testid: "order-list-empty" }, t("rectification.none")),
    page.total > page.items.length ? h("p.muted.small", {}, t("rectification.more", { shown: page.items.length, total: page.total })) : null));
}

// The panel of a spot-check review: its findings (orders) and, for the zone's reviewer, a form to
// raise one. `review`: the review as A's page has it (its `id`).
export async function renderFindings(container, review, app) {
  const refresh = () => renderFindings(container, review, app);
  const page = await api("/api/rectification/orders", { query: { review: review.id, page_size: 200 } });
  const mayRaise = ["reviewer", "admin"].includes(app.session.role);
  const today = todayInShanghai();
  const finding = h("textarea", { rows: 3, maxlength: 2000, required: true, testid: "finding-text",
    placeholder: t("rectification.finding_hint") });
  const due = h("input", { type: "date", required: true, min: addDays(today, 1), max: addDays(today, 365),
    value: addDays(today, 30), testid: "finding-due" });
  const error = h("div");
  const form = mayRaise ? h("form.rect-form", { testid: "finding-form", onsubmit: async (event) => {
    event.preventDefault();
    error.replaceChildren();
    if (!finding.value.trim()) {
      error.replaceChildren(h("p.error", { role: "alert" }, t("rectification.finding_needed")));
      return;
    }
    try {
      await api(`/api/spot-checks/reviews/${review.id}/findings`, { method: "POST", json: { finding: finding.value, due_on: due.value } });
      await refresh();
    } catch (err) {
      error.replaceChildren(errorBox(err, "finding-error"));
    }
  } },
  h("h3", {}, t("rectification.raise_title")),
  h("label.field", {}, h("span", {}, t("rectification.finding")), finding),
  h("label.field", {}, h("span", {}, t("rectification.due_on")), due),
  h("div.buttons", {}, h("button.primary", { type: "submit", testid: "finding-send" }, t("rectification.raise"))),
  error) : null;
  container.replaceChildren(h("section.rect-findings", {},
    h("h2", {}, t("rectification.findings_title", { count: page.total })),
    page.items.length
      ? h("div.rect-list", { testid: "finding-list" }, page.items.map((o) =>
        orderCard(o, { showInstitution: false, onChanged: refresh })))
      : h("p.empty", { testid: "finding-list-empty" }, t("rectification.no_findings")),
    form));
}
