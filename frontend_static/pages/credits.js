// A staff member's CME credits for a year (继续医学教育学分): required, class I / class II earned,
// counted and missing, each entry with its source and note; and the certificate upload for credits
// earned outside the hospital, which the education officer confirms.
import { api } from "../api.js";
import { errorBox, h, table } from "../dom.js";
import { formatDate, formatDateTime, t, todayInShanghai } from "../i18n.js";

export const CME_CLASSES = ["I", "II"];

export function creditNumber(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export function yearSwitch(hashFor, year) {
  return h("div.year-switch", {},
    h("a.button.secondary", { href: hashFor(year - 1), testid: "year-previous" }, `‹ ${year - 1}`),
    h("a.button.secondary", { href: hashFor(year + 1), testid: "year-next" }, `${year + 1} ›`));
}

export function policyNote(policy) {
  return h("p.muted.small", { testid: "credit-policy" },
    t("credits.policy", { name: policy.name, source: policy.source_title, clause: policy.source_clause }),
    policy.effective_from_verified ? "" : ` ${t("credits.policy_unverified")}`);
}

function classStat(c) {
  return h("div", { class: `stat credit-stat${c.missing > 0 ? " short" : ""}`, testid: `credit-class-${c.code}` },
    h("strong", {}, creditNumber(c.counted)),
    h("span", {}, c.label),
    h("span.small.block", {}, c.max_counted
      ? t("credits.class_bounds", { min: creditNumber(c.min), max: creditNumber(c.max_counted) })
      : t("credits.class_min", { min: creditNumber(c.min) })),
    c.earned > c.counted ? h("span.small.block.muted", {}, t("credits.earned_over", { earned: creditNumber(c.earned) })) : null,
    h("span", { class: `small block ${c.missing > 0 ? "short-text" : "met-text"}` },
      c.missing > 0 ? t("credits.missing", { missing: creditNumber(c.missing) }) : t("credits.class_met")));
}

function summary(ledger) {
  return h("div", { testid: "credit-summary" },
    h("div.stats", {},
      h("div", { class: `stat credit-stat${ledger.met ? "" : " short"}`, testid: "credit-total" },
        h("strong", {}, `${creditNumber(ledger.total_counted)} / ${creditNumber(ledger.required)}`),
        h("span", {}, t("credits.total_counted")),
        h("span", { class: `small block ${ledger.met ? "met-text" : "short-text"}` }, ledger.met ? t("credits.year_met")
          : t("credits.missing", { missing: creditNumber(ledger.missing_total) }))),
      ledger.classes.map(classStat)),
    h("p.muted.small", {}, t("credits.counting_rule")));
}

function entriesTable(entries) {
  return table([
    { title: t("credits.on"), cell: (e) => formatDate(e.on) },
    { title: t("credits.entry_title"), cell: (e) => e.title },
    { title: t("credits.source"), cell: (e) => t(`credits.source.${e.source}`) },
    { title: t("credits.cme_class"), cell: (e) => t(`credits.class.${e.cme_class}`) },
    { title: t("credits.carries"), cell: (e) => creditNumber(e.credits) },
    { title: t("credits.earned"), cell: (e) => h("strong", {}, creditNumber(e.earned)) },
    { title: t("credits.note"), cell: (e) => e.note || "—" },
  ], entries, { testid: "credit-entries", empty: t("credits.no_entries") });
}

function certificateForm(onSent) {
  const title = h("input", { type: "text", name: "title", maxlength: 200, required: true, testid: "cert-title" });
  const cmeClass = h("select", { name: "cme_class", testid: "cert-class" },
    CME_CLASSES.map((c) => h("option", { value: c }, t(`credits.class.${c}`))));
  const credits = h("input", { type: "number", name: "credits", min: 0.5, step: 0.5, required: true, testid: "cert-credits" });
  const earned = h("input", { type: "date", name: "earned_on", required: true, max: todayInShanghai(), testid: "cert-earned-on" });
  const file = h("input", { type: "file", name: "file", accept: "image/jpeg,image/png,application/pdf", testid: "cert-file" });
  const message = h("div");
  const form = h("form.cert-form", { testid: "cert-form" },
    h("div.form-grid", {},
      h("label.field.wide", {}, h("span", {}, t("credits.cert_title")), title),
      h("label.field", {}, h("span", {}, t("credits.cme_class")), cmeClass),
      h("label.field", {}, h("span", {}, t("credits.cert_credits")), credits),
      h("label.field", {}, h("span", {}, t("credits.cert_earned_on")), earned),
      h("label.field", {}, h("span", {}, t("credits.cert_file")), file)),
    message,
    h("div.actions.form-actions", {}, h("button.primary", { type: "submit", testid: "cert-submit" }, t("credits.cert_submit"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.replaceChildren();
    const data = new FormData(form);
    if (!file.files.length) data.delete("file");
    try {
      await api("/api/credits/certificates", { method: "POST", form: data });
      onSent();
    } catch (error) {
      message.replaceChildren(errorBox(error, "cert-error"));
    }
  });
  return form;
}

function certificateList(certificates) {
  return table([
    { title: t("credits.cert_title"), cell: (c) => c.has_file
      ? h("a", { href: `/api/credits/certificates/${c.id}/file`, target: "_blank", rel: "noopener" }, c.title) : c.title },
    { title: t("credits.cme_class"), cell: (c) => t(`credits.class.${c.cme_class}`) },
    { title: t("credits.cert_credits"), cell: (c) => creditNumber(c.credits) },
    { title: t("credits.cert_earned_on"), cell: (c) => formatDate(c.earned_on) },
    { title: t("credits.cert_status"), cell: (c) => h("span", { class: `cert-status cert-${c.status}`, testid: `cert-status-${c.id}` }, c.status_label) },
    { title: t("credits.decision_note"), cell: (c) => c.decision_note || "—" },
  ], certificates, { testid: "my-certificates", empty: t("credits.no_certificates") });
}

// #/me/credits[/YEAR] (the staff member) and #/staff/ID/credits[/YEAR] (their officer, reviewers).
async function ledgerPage(view, staffId, year, app, own) {
  const ledger = await api(`/api/staff/${staffId}/credits`, { query: { year } });
  const certificates = own
    ? await api("/api/credits/certificates").catch(() => null)
    : null;
  const hashFor = (y) => (own ? `#/me/credits/${y}` : `#/staff/${staffId}/credits/${y}`);
  const flash = sessionStorage.getItem("drillbook.cert_flash");
  sessionStorage.removeItem("drillbook.cert_flash");
  view.replaceChildren(h("section.page", { testid: "credits-page" },
    own ? h("p.crumbs", {}, h("a", { href: "#/me" }, t("me.title"))) : null,
    h("div.page-head", {},
      h("h1", {}, own ? t("credits.my_title", { year }) : t("credits.title", { name: ledger.name, year })),
      yearSwitch(hashFor, year)),
    policyNote(ledger.policy),
    flash ? h("div.success", { testid: "cert-flash", role: "status" }, t("credits.cert_sent")) : null,
    summary(ledger),
    h("h2", {}, t("credits.entries")),
    entriesTable(ledger.entries),
    own ? [
      h("h2", {}, t("credits.certificates")),
      h("p.muted", {}, t("credits.cert_intro")),
      certificates ? certificateList(certificates) : null,
      h("h3", {}, t("credits.cert_new")),
      certificateForm(() => {
        sessionStorage.setItem("drillbook.cert_flash", "1");
        app.go(hashFor(year));
      }),
    ] : null,
    h("p.muted.small", {}, t("credits.as_of", { when: formatDateTime(new Date().toISOString()) }))));
}

export async function render(view, [yearText], app) {
  const year = Number(yearText) || Number(todayInShanghai().slice(0, 4));
  const own = app.session.staff_member_id;
  if (!own) {
    view.replaceChildren(h("section.page", {}, h("p.empty", {}, t("credits.no_staff_member"))));
    return;
  }
  await ledgerPage(view, own, year, app, true);
}

export async function renderStaff(view, [staffId, yearText], app) {
  const year = Number(yearText) || Number(todayInShanghai().slice(0, 4));
  const own = Number(staffId) === app.session.staff_member_id;
  await ledgerPage(view, Number(staffId), year, app, own);
}
