// External competency certificates, #/competency-certificates: the staff member uploads a
// certificate (photo or scan) with its dates and follows its status; the officer confirms or
// rejects (with a reason) what their institution's people uploaded.
import { api } from "../api.js";
import { errorBox, h, table } from "../dom.js";
import { formatDate, t, todayInShanghai } from "../i18n.js";

const fileLink = (c) => h("a", { href: `/api/competency-certificates/${c.id}/file`, target: "_blank", rel: "noopener", testid: `ccert-file-${c.id}` }, c.file_name || t("compcert.open_file"));
const status = (c) => h("span", { class: `cert-status cert-${c.status}`, testid: `ccert-status-${c.id}` }, c.status_label);

function uploadForm(staffId, competencies, onSent) {
  const competency = h("select", { name: "competency", required: true, testid: "ccert-competency" },
    competencies.map((c) => h("option", { value: c.id }, c.name)));
  const field = (key, input, wide) => h(wide ? "label.field.wide" : "label.field", {}, h("span", {}, t(`compcert.${key}`)), input);
  const message = h("div");
  const form = h("form.cert-form", { testid: "ccert-form" },
    h("div.form-grid", {},
      field("competency", competency, true),
      field("issuer", h("input", { type: "text", name: "issuer", maxlength: 200, required: true, testid: "ccert-issuer" }), true),
      field("number", h("input", { type: "text", name: "certificate_number", maxlength: 100, testid: "ccert-number" })),
      field("file", h("input", { type: "file", name: "file", required: true, accept: "image/jpeg,image/png,application/pdf", testid: "ccert-file" })),
      field("issued_on", h("input", { type: "date", name: "issued_on", required: true, max: todayInShanghai(), testid: "ccert-issued" })),
      field("expires_on", h("input", { type: "date", name: "expires_on", required: true, testid: "ccert-expires" }))),
    message,
    h("div.actions.form-actions", {}, h("button.primary", { type: "submit", testid: "ccert-submit" }, t("compcert.submit"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.replaceChildren();
    try {
      await api(`/api/staff/${staffId}/competency-certificates`, { method: "POST", form: new FormData(form) });
      onSent();
    } catch (error) {
      message.replaceChildren(errorBox(error, "ccert-error"));
    }
  });
  return form;
}

function decision(c, onDecided) {
  if (c.status !== "pending") return c.decision_note || "—";
  const note = h("input", { type: "text", maxlength: 500, placeholder: t("compcert.note_hint"), testid: `ccert-note-${c.id}` });
  const error = h("div");
  async function decide(action) {
    error.replaceChildren();
    if (action === "reject" && !note.value.trim()) {
      error.replaceChildren(h("p.error", { testid: `ccert-decision-error-${c.id}` }, t("compcert.reject_needs_note")));
      return;
    }
    try {
      await api(`/api/competency-certificates/${c.id}/${action}`, { method: "POST", json: { note: note.value.trim() } });
      onDecided();
    } catch (err) {
      error.replaceChildren(errorBox(err, `ccert-decision-error-${c.id}`));
    }
  }
  return h("div.decision", {}, note,
    h("div.actions", {},
      h("button.primary.small", { type: "button", testid: `ccert-confirm-${c.id}`, onclick: () => decide("confirm") }, t("compcert.confirm")),
      h("button.small", { type: "button", testid: `ccert-reject-${c.id}`, onclick: () => decide("reject") }, t("compcert.reject"))),
    error);
}

const common = () => [
  { title: t("compcert.competency"), cell: (c) => c.competency_name },
  { title: t("compcert.issuer"), cell: (c) => c.issuer },
  { title: t("compcert.number"), cell: (c) => c.certificate_number || "—" },
  { title: t("compcert.valid"), cell: (c) => `${formatDate(c.issued_on)} – ${formatDate(c.expires_on)}` },
  { title: t("compcert.file"), cell: fileLink },
  { title: t("compcert.status"), cell: status },
];

export async function render(view, [query], app) {
  const session = app.session;
  const flash = sessionStorage.getItem("drillbook.ccert_flash");
  sessionStorage.removeItem("drillbook.ccert_flash");
  const again = () => render(view, [query], app);
  if (session.role === "staff") {
    const data = await api("/api/competency-certificates");
    view.replaceChildren(h("section.page", { testid: "ccert-page" },
      h("h1", {}, t("compcert.my_title")),
      h("p.muted", {}, t("compcert.intro")),
      flash ? h("div.success", { role: "status", testid: "ccert-flash" }, t("compcert.sent")) : null,
      table([...common(), { title: t("compcert.note"), cell: (c) => c.decision_note || "—" }],
        data.certificates, { testid: "ccert-mine", empty: t("compcert.none_mine") }),
      session.staff_member_id ? [h("h2", {}, t("compcert.new")),
        uploadForm(session.staff_member_id, data.competencies, () => {
          sessionStorage.setItem("drillbook.ccert_flash", "1");
          again();
        })] : null));
    return;
  }
  const params = new URLSearchParams(query || "");
  const institutionId = Number(params.get("institution")) || session.institution_id;
  if (!institutionId) {
    view.replaceChildren(h("section.page", {}, h("h1", {}, t("compcert.title")), h("p.empty", {}, t("compcert.choose_institution"))));
    return;
  }
  const shown = params.get("status") || "pending";
  const data = await api("/api/competency-certificates", { query: { institution: institutionId, status: shown === "all" ? "" : shown } });
  const filter = h("select", { testid: "ccert-filter", onchange: (e) => app.go(`#/competency-certificates?institution=${institutionId}&status=${e.target.value}`) },
    ["pending", "confirmed", "rejected", "all"].map((s) => h("option", { value: s, selected: s === shown }, t(`compcert.filter.${s}`))));
  view.replaceChildren(h("section.page", { testid: "ccert-queue-page" },
    h("div.page-head", {}, h("h1", {}, t("compcert.title")), filter),
    h("p.muted", {}, t("compcert.queue_intro")),
    table([
      { title: t("compcert.person"), cell: (c) => `${c.staff_name}（${c.staff_number}）` },
      ...common(),
      { title: t("compcert.decision"), cell: (c) => decision(c, again) },
    ], data.certificates, { testid: "ccert-queue", empty: t("compcert.none_queue") })));
}
