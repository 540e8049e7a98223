// The institution's 学分登记表 for the officer: per person class I, class II, total and what is
// missing; the .xlsx download; certificates waiting to be confirmed or rejected with a note.
import { api } from "../api.js";
import { errorBox, h, table } from "../dom.js";
import { formatDate, t, todayInShanghai } from "../i18n.js";
import { creditNumber, policyNote, yearSwitch } from "./credits.js";

function missingText(row, classes) {
  if (row.met) return t("credits.year_met");
  const parts = classes.filter((c) => row.missing[c.code] > 0)
    .map((c) => `${c.label} ${creditNumber(row.missing[c.code])}`);
  return [t("credits.missing", { missing: creditNumber(row.missing.total) }), ...parts].join(" · ");
}

function registerTable(register, onlyShort) {
  const rows = onlyShort ? register.rows.filter((r) => !r.met) : register.rows;
  return table([
    { title: t("staff.name"), cell: (r) => h("a", { href: `#/staff/${r.staff_member_id}/credits/${register.year}` }, r.name) },
    { title: t("staff.number"), cell: (r) => r.staff_number },
    { title: t("staff.department"), cell: (r) => r.department || "—" },
    ...register.classes.map((c) => ({ title: c.label, cell: (r) => creditNumber(r.counted[c.code] ?? 0) })),
    { title: t("credits.total"), cell: (r) => h("strong", {}, creditNumber(r.total)) },
    { title: t("credits.missing_column"), cell: (r) => h("span", { class: r.met ? "met-text" : "short-text", testid: `register-missing-${r.staff_member_id}` }, missingText(r, register.classes)) },
  ], rows, { testid: "credit-register", empty: t("credits.register_empty") });
}

function decisionCell(certificate, onDecided) {
  const note = h("input", { type: "text", maxlength: 500, placeholder: t("credits.decision_note_hint"), testid: `decision-note-${certificate.id}` });
  const error = h("div");
  async function decide(decision) {
    error.replaceChildren();
    if (decision === "reject" && !note.value.trim()) {
      error.replaceChildren(h("p.error", { testid: `decision-error-${certificate.id}` }, t("credits.reject_needs_note")));
      return;
    }
    try {
      await api(`/api/credits/certificates/${certificate.id}/decision`, { method: "POST", json: { decision, note: note.value.trim() } });
      onDecided();
    } catch (err) {
      error.replaceChildren(errorBox(err, `decision-error-${certificate.id}`));
    }
  }
  return h("div.decision", {}, note,
    h("div.actions", {},
      h("button.primary.small", { type: "button", testid: `confirm-${certificate.id}`, onclick: () => decide("confirm") }, t("credits.confirm")),
      h("button.small", { type: "button", testid: `reject-${certificate.id}`, onclick: () => decide("reject") }, t("credits.reject"))),
    error);
}

function pendingTable(certificates, onDecided) {
  return table([
    { title: t("staff.name"), cell: (c) => `${c.staff_name}（${c.staff_number}）` },
    { title: t("credits.cert_title"), cell: (c) => c.title },
    { title: t("credits.cme_class"), cell: (c) => t(`credits.class.${c.cme_class}`) },
    { title: t("credits.cert_credits"), cell: (c) => creditNumber(c.credits) },
    { title: t("credits.cert_earned_on"), cell: (c) => formatDate(c.earned_on) },
    { title: t("credits.cert_file"), cell: (c) => (c.has_file
      ? h("a", { href: `/api/credits/certificates/${c.id}/file`, target: "_blank", rel: "noopener", testid: `cert-file-${c.id}` }, c.file_name || t("credits.open_file"))
      : t("credits.no_file")) },
    { title: t("credits.decision"), cell: (c) => decisionCell(c, onDecided) },
  ], certificates, { testid: "pending-certificates", empty: t("credits.no_pending") });
}

export async function render(view, [id, yearText], app) {
  const year = Number(yearText) || Number(todayInShanghai().slice(0, 4));
  const hashFor = (y) => `#/institutions/${id}/credits/${y}`;
  const [register, pending] = await Promise.all([
    api("/api/credits/register", { query: { institution: id, year } }),
    api("/api/credits/certificates", { query: { institution: id, status: "pending" } }).catch(() => null),
  ]);
  const met = register.rows.filter((r) => r.met).length;
  const tableSlot = h("div", {}, registerTable(register, false));
  const onlyShort = h("input", { type: "checkbox", testid: "register-only-short",
    onchange: () => tableSlot.replaceChildren(registerTable(register, onlyShort.checked)) });
  const xlsx = `/api/credits/register?institution=${id}&year=${year}&format=xlsx`;
  view.replaceChildren(h("section.page.wide", { testid: "credit-register-page" },
    h("p.crumbs", {}, h("a", { href: `#/institutions/${id}` }, register.institution_name)),
    h("div.page-head", {},
      h("h1", {}, t("credits.register_title", { name: register.institution_name, year })),
      h("div.actions", {}, yearSwitch(hashFor, year),
        h("a.button", { href: xlsx, download: true, testid: "register-xlsx" }, t("credits.download_xlsx")))),
    policyNote(register.policy),
    h("p", { testid: "register-summary" }, t("credits.register_summary", { met, total: register.rows.length, required: creditNumber(register.required) })),
    pending ? [
      h("h2", {}, t("credits.pending_title", { count: pending.length })),
      pendingTable(pending, () => app.go(hashFor(year))),
    ] : null,
    h("h2", {}, t("credits.register_people")),
    h("label.check", {}, onlyShort, t("credits.only_short")),
    tableSlot));
}
