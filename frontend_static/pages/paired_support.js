// Paired support (对口支援): the rotations an institution supports or receives, and one
// agreement's page: roster with titles, the weekly grid (met / gap / holiday week / planned),
// clinic days with the supported side's log form and the supporting side's confirm button.
import { api } from "../api.js";
import { errorBox, h, table } from "../dom.js";
import { currentLanguage, formatDate, label, t, todayInShanghai } from "../i18n.js";
import { statusBadge } from "./status.js";

// #/paired-support, #/institutions/7/paired-support
export async function render(view, [institution], app) {
  const query = institution ? { institution } : {};
  const agreements = await api("/api/paired-support/agreements", { query });
  view.replaceChildren(h("section.page.wide", { testid: "paired-support-page" },
    h("div.page-head", {}, h("h1", {}, t("paired.title"))),
    h("p.muted", {}, t("paired.intro")),
    table([
      { title: t("paired.supporting"), cell: (a) => a.supporting.name },
      { title: t("paired.supported"), cell: (a) => a.supported.name },
      { title: t("paired.specialty"), cell: (a) => a.specialty },
      { title: t("paired.period"), cell: (a) => `${formatDate(a.starts_on)} – ${formatDate(a.ends_on)}` },
      { title: t("paired.roster"), cell: rosterSize },
      { title: "", cell: (a) => h("a.button.secondary", { href: `#/paired-support/${a.id}`, testid: `agreement-${a.id}` }, t("paired.open")) },
    ], agreements, { testid: "agreements", empty: t("paired.none") }),
    await agreementForm(app.session, institution)));
}

// Who may create an agreement (service.py): the administrator, the supporting institution's own
// officer (or centre account: the supporting side is then fixed to it), a commission over both.
async function agreementForm(session, institution) {
  const own = ["officer", "reviewer"].includes(session.role) && session.institution_id;
  if (!own && !["admin", "commission"].includes(session.role)) return null;
  let supportingField;
  if (own) {
    supportingField = h("span.fixed-value", { testid: "new-agreement-supporting" }, session.institution_name);
  } else {
    const seen = (await api("/api/institutions", { query: { page_size: 500 } })).items.filter((i) => i.active);
    if (!seen.length) return null;
    supportingField = h("select", { name: "supporting_id", required: true, testid: "new-agreement-supporting" },
      seen.map((i) => h("option", { value: i.id, selected: String(i.id) === String(institution) }, i.name_zh)));
  }
  const supportingId = () => (own ? session.institution_id : Number(supportingField.value));
  const supported = h("select", { name: "supported_id", required: true, testid: "new-agreement-supported" });
  const fillSupported = async () => {
    const candidates = await api("/api/paired-support/candidates", { query: { supporting: supportingId() } });
    const group = (mch) => candidates.filter((c) => (c.kind === "mch_hospital") === mch);
    const option = (c) => h("option", { value: c.id }, `${c.name} · ${c.jurisdiction}`);
    const first = group(true), rest = group(false);
    supported.replaceChildren(
      first.length ? h("optgroup", { label: t("paired.mch_first") }, first.map(option)) : null,
      rest.length ? h("optgroup", { label: t("paired.other_institutions") }, rest.map(option)) : null);
  };
  if (!own) supportingField.addEventListener("change", () => fillSupported().catch(() => supported.replaceChildren()));
  await fillSupported().catch(() => supported.replaceChildren());
  const today = todayInShanghai();
  const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  const specialties = ["obstetrics", "neonatology", "paediatrics", "gynaecology", "emergency", "icu", "anaesthesia", "nursing"];
  const message = h("div", {});
  const field = (key, control, wide) => h(wide ? "label.field.wide" : "label.field", {}, h("span", {}, t(key)), control);
  const form = h("form.agreement-form", { testid: "new-agreement-form" },
    h("div.form-grid", {},
      field("paired.supporting", supportingField),
      field("paired.supported", supported),
      field("paired.starts_on", h("input", { type: "date", name: "starts_on", required: true, value: today, testid: "new-agreement-starts" })),
      field("paired.ends_on", h("input", { type: "date", name: "ends_on", required: true, value: nextYear, testid: "new-agreement-ends" })),
      field("paired.specialty", h("span.field-pair-inline", {},
        h("input", { name: "specialty", required: true, maxlength: 32, list: "paired-specialties", placeholder: t("paired.specialty_hint"), testid: "new-agreement-specialty" }),
        h("datalist", { id: "paired-specialties" }, specialties.map((k) => h("option", { value: label("department_kind", k) }))))),
      field("paired.note", h("textarea", { name: "note", maxlength: 2000, rows: 2, testid: "new-agreement-note" }), true)),
    h("button", { type: "submit", testid: "new-agreement-create" }, t("paired.create")),
    message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const created = await api("/api/paired-support/agreements", { method: "POST", json: {
        supporting_id: supportingId(), supported_id: Number(data.get("supported_id")),
        starts_on: data.get("starts_on"), ends_on: data.get("ends_on"),
        specialty: data.get("specialty").trim(), note: data.get("note").trim(),
      } });
      location.hash = `#/paired-support/${created.id}`;
    } catch (error) {
      message.replaceChildren(errorBox(error, "new-agreement-error"));
      button.disabled = false;
    }
  });
  return h("section.agreement-new", { testid: "new-agreement" },
    h("h2", {}, t("paired.new_agreement")),
    h("p.muted", {}, own ? t("paired.new_intro_own", { institution: session.institution_name }) : t("paired.new_intro")),
    form);
}

function rosterSize(a) {
  const bounds = a.rule.max_size ? `${a.rule.min_size}-${a.rule.max_size}` : `≥${a.rule.min_size}`;
  return h("span", {}, t("paired.roster_size", { size: a.roster_size, bounds }),
    a.roster_short ? h("span.badge.bad", { testid: "roster-short" }, t("paired.roster_short")) : null);
}

// #/paired-support/12
export async function renderAgreement(view, [id], app) {
  const a = await api(`/api/paired-support/agreements/${id}`);
  const reload = () => app.go(location.hash);
  view.replaceChildren(h("section.page.wide", { testid: "agreement-page" },
    h("div.page-head", {},
      h("h1", {}, t("paired.agreement_title", { supporting: a.supporting.name, supported: a.supported.name }))),
    h("p", {}, `${a.specialty} · ${formatDate(a.starts_on)} – ${formatDate(a.ends_on)} · `, rosterSize(a)),
    a.note ? h("p.muted", {}, a.note) : null,
    h("h2", {}, t("paired.weeks")),
    h("p.muted", {}, t("paired.weeks_intro")),
    weekGrid(a.weeks),
    h("h2", {}, t("paired.roster")),
    h("p.muted", {}, t("paired.roster_rule", { min: a.rule.min_size, max: a.rule.max_size ?? "—", title: label("title", a.rule.min_title) })),
    rosterTable(a, reload),
    a.may_edit_roster ? await addMemberForm(a, reload) : null,
    h("h2", {}, t("paired.clinic_days")),
    a.may_log || a.may_plan ? clinicDayForm(a, reload) : null,
    clinicDays(a, reload)));
}

const RECENT_WEEKS = 12;  // the next 4 and the last 8; earlier ones are folded
const RECENT_DAYS = 10;

function weekGrid(weeks) {
  if (!weeks.length) return h("p.empty", { testid: "weeks-empty" }, t("paired.no_weeks"));
  const english = currentLanguage() === "en";
  const cell = (w) => h("li", { class: `week-cell st-${w.holiday ? "holiday" : w.status}`, testid: `week-${w.week}`, title: english ? w.reason_en : w.reason_zh },
    h("strong", {}, w.week),
    h("span.week-date", {}, formatDate(w.starts_on)),
    w.holiday ? h("span.st.st-not_applicable", {}, t("paired.holiday_week")) : statusBadge(w.status),
    h("span.week-reason", {}, english ? w.reason_en : w.reason_zh));
  const earlier = weeks.slice(RECENT_WEEKS);
  const notable = earlier.filter((w) => w.holiday || ["gap", "partly_met"].includes(w.status)).length;
  return h("div", {},
    h("ol.week-grid", { testid: "week-grid" }, weeks.slice(0, RECENT_WEEKS).map(cell)),
    earlier.length ? h("details.earlier-weeks", { testid: "earlier-weeks" },
      h("summary", {}, t("paired.earlier_weeks", { count: earlier.length, notable })),
      h("ol.week-grid", {}, earlier.map(cell))) : null);
}

function rosterTable(a, reload) {
  const current = a.roster.filter((m) => !m.left_on);
  return table([
    { title: t("paired.name"), cell: (m) => m.name },
    { title: t("paired.title_col"), cell: (m) => label("title", m.title) },
    { title: t("paired.department"), cell: (m) => m.department || "—" },
    { title: t("paired.joined"), cell: (m) => formatDate(m.joined_on) },
    { title: t("paired.left"), cell: (m) => (m.left_on ? formatDate(m.left_on) : "—") },
    { title: "", cell: (m) => (a.may_edit_roster && !m.left_on
      ? h("button.secondary", { type: "button", testid: `remove-${m.staff_id}`, onclick: async (event) => {
        event.target.disabled = true;
        try { await api(`/api/paired-support/agreements/${a.id}/roster/${m.staff_id}`, { method: "DELETE" }); reload(); }
        catch (error) { event.target.replaceWith(errorBox(error)); }
      } }, t("paired.remove")) : "") },
  ], a.roster, { testid: "roster", empty: t("paired.roster_empty", { count: current.length }) });
}

async function addMemberForm(a, reload) {
  const staff = await api("/api/staff", { query: { institution: a.supporting.id, page_size: 500 } });
  const onRoster = new Set(a.roster.filter((m) => !m.left_on).map((m) => m.staff_id));
  const qualifying = new Set(a.rule.qualifying_titles);
  const choices = staff.items.filter((p) => !onRoster.has(p.id) && qualifying.has(p.title));
  const below = staff.items.filter((p) => !onRoster.has(p.id) && !qualifying.has(p.title)).length;
  const full = a.rule.max_size !== null && onRoster.size >= a.rule.max_size;
  const message = h("div", {});
  const hint = h("p.muted", { testid: "add-member-hint" },
    t("paired.add_member_hint", { title: label("title", a.rule.min_title), min: a.rule.min_size, max: a.rule.max_size ?? "—" }),
    below ? ` ${t("paired.below_title_hidden", { below })}` : "",
    full ? ` ${t("paired.roster_full", { max: a.rule.max_size })}` : "");
  if (!choices.length) return h("div", { testid: "add-member" }, hint, h("p.empty", {}, t("paired.no_qualifying", { title: label("title", a.rule.min_title) })));
  const form = h("form.inline-form", { testid: "add-member" },
    h("label", {}, t("paired.add_member"),
      h("select", { name: "staff_id", required: true },
        choices.map((p) => h("option", { value: p.id }, `${p.name} · ${label("title", p.title)}`)))),
    h("button", { type: "submit", disabled: full }, t("paired.add")),
    hint,
    message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api(`/api/paired-support/agreements/${a.id}/roster`, { method: "POST", json: { staff_id: Number(new FormData(form).get("staff_id")) } });
      reload();
    } catch (error) {
      message.replaceChildren(errorBox(error, "add-member-error"));
    }
  });
  return form;
}

function clinicDayForm(a, reload) {
  const members = a.roster.filter((m) => !m.left_on);
  const message = h("div", {});
  const form = h("form.clinic-form", { testid: "clinic-day-form" },
    h("label", {}, t("paired.day"), h("input", { type: "date", name: "day", required: true, min: a.starts_on, max: a.ends_on })),
    h("label", {}, t("paired.member"),
      h("select", { name: "staff_id", required: true }, members.map((m) => h("option", { value: m.staff_id }, m.name)))),
    h("label", {}, t("paired.work"), h("input", { name: "work", maxlength: 2000, placeholder: t("paired.work_hint") })),
    h("label", {}, t("paired.status"),
      h("select", { name: "status" },
        a.may_log ? h("option", { value: "held" }, t("paired.status_held")) : null,
        h("option", { value: "planned" }, t("paired.status_planned")))),
    h("button", { type: "submit" }, a.may_log ? t("paired.log") : t("paired.plan")),
    message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api(`/api/paired-support/agreements/${a.id}/clinic-days`, { method: "POST", json: {
        day: data.get("day"), staff_id: Number(data.get("staff_id")), work: data.get("work").trim(), status: data.get("status"),
      } });
      reload();
    } catch (error) {
      message.replaceChildren(errorBox(error, "clinic-day-error"));
    }
  });
  return form;
}

function clinicDays(a, reload) {
  const all = [...a.clinic_days].reverse();
  const box = h("div", {});
  const show = (days) => box.replaceChildren(dayTable(a, days, reload),
    days.length < all.length ? h("button.secondary", { type: "button", testid: "all-days", onclick: () => show(all) }, t("paired.all_days", { count: all.length })) : "");
  show(all.slice(0, RECENT_DAYS));
  return box;
}

function dayTable(a, days, reload) {
  return table([
    { title: t("paired.day"), cell: (d) => `${formatDate(d.day)} (${d.week})` },
    { title: t("paired.member"), cell: (d) => d.staff_name },
    { title: t("paired.department"), cell: (d) => d.department || "—" },
    { title: t("paired.work"), cell: (d) => d.work || "—" },
    { title: t("paired.status"), cell: (d) => h("span", { class: `status-${d.status}` }, t(`paired.status_${d.status}`)) },
    { title: t("paired.confirmation"), cell: (d) => confirmCell(a, d, reload) },
    { title: "", cell: (d) => cancelCell(a, d, reload) },
  ], days, { testid: "clinic-days", empty: t("paired.no_days") });
}

function confirmCell(a, d, reload) {
  if (d.confirmed) return h("span.met-text", {}, `✔ ${t("paired.confirmed")}`);
  if (d.status !== "held") return "—";
  if (!a.may_confirm) return h("span.muted", {}, t("paired.awaiting"));
  return h("button", { type: "button", testid: `confirm-${d.id}`, onclick: async (event) => {
    event.target.disabled = true;
    try { await api(`/api/paired-support/clinic-days/${d.id}/confirm`, { method: "POST" }); reload(); }
    catch (error) { event.target.replaceWith(errorBox(error)); }
  } }, t("paired.confirm"));
}

// A planned day can be called off by either side's officer; a held one stays (it happened).
function cancelCell(a, d, reload) {
  if (!a.may_plan || d.status !== "planned") return "";
  return h("button.secondary", { type: "button", testid: `cancel-${d.id}`, title: t("paired.cancel_ask", { day: formatDate(d.day), name: d.staff_name }), onclick: async (event) => {
    event.target.disabled = true;
    try { await api(`/api/paired-support/clinic-days/${d.id}/cancel`, { method: "POST" }); reload(); }
    catch (error) { event.target.replaceWith(errorBox(error, "cancel-error")); }
  } }, t("paired.cancel"));
}
