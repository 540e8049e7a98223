// What a compliance cell's detail shares between the institution page and the matrix: how many
// subjects a cell counts, and links to the activities that counted, nearly counted or are planned.
import { api } from "../api.js";
import { h } from "../dom.js";
import { currentLanguage, formatDateTime, label, t } from "../i18n.js";
import { statusBadge } from "./status.js";

const SEVERITY = ["gap", "partly_met", "due_soon", "planned", "no_data", "met", "not_applicable"];
const SHOWN = 12; // activities listed per kind; the counts above say how many there are

// The subjects a cell is about: those the rule applies to (not_applicable ones are left out of
// both the cell's "1/2" and its detail's "共 2 个对象").
export function subjectCounts(findings) {
  const judged = findings.filter((f) => f.status !== "not_applicable");
  return {
    total: judged.length,
    met: judged.filter((f) => f.status === "met").length,
    problems: judged.filter((f) => f.status !== "met").length,
  };
}

// Activities of one finding (or of all subjects of a cell, each once), linked to the calendar.
export function activityLinks(findings) {
  const box = h("div.finding-activities", { testid: "finding-activities" });
  const kinds = ["counted", "nearly", "planned"].map((kind) => [kind, [...new Set(findings.flatMap((f) => f[kind] || []))]]);
  if (!kinds.some(([, ids]) => ids.length)) return box;
  // an answer for one rule (`?rule=`) names its activities; until it has come, plain links
  const named = new Map(findings.flatMap((f) => f.activities || []).map((a) => [a.id, a]));
  for (const [kind, ids] of kinds) {
    if (!ids.length) continue;
    const list = h("ul.activity-links", {});
    box.append(h("p.activity-kind", {}, t(`finding_detail.${kind}`, { count: ids.length })), list);
    for (const id of ids.slice(0, SHOWN)) {
      const item = h("li", {}, h("a", { href: `#/calendar/week/${periodStart(findings[0].period)}/${id}`, testid: `finding-activity-${id}` }, t("finding_detail.activity")));
      list.append(item);
      if (named.has(id)) nameLink(item.firstChild, named.get(id)); // else not readable: the plain link stays
    }
    if (ids.length > SHOWN) list.append(h("li.muted", {}, t("finding_detail.more", { count: ids.length - SHOWN })));
  }
  return box;
}

// An activity's link: its title, start and (when not held as planned) status, to its week in the calendar.
function nameLink(link, activity) {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(activity.starts_at));
  link.href = `#/calendar/week/${day}/${activity.id}`;
  const status = activity.status === "cancelled" ? label("activity_status", activity.status) : "";
  link.textContent = [activity.title, formatDateTime(activity.starts_at), status].filter(Boolean).join(" · ");
}

// The first day of a period label (2026, 2026-03, 2026-Q2, 2026-H2, 2026-W14), for the calendar.
export function periodStart(label) {
  const year = label.slice(0, 4);
  const rest = label.slice(5);
  const pad = (m) => String(m).padStart(2, "0");
  if (/^\d{2}$/.test(rest)) return `${year}-${rest}-01`;
  if (/^Q[1-4]$/.test(rest)) return `${year}-${pad((Number(rest[1]) - 1) * 3 + 1)}-01`;
  if (/^H[12]$/.test(rest)) return `${year}-${rest[1] === "1" ? "01" : "07"}-01`;
  if (/^W\d{2}$/.test(rest)) {
    const jan4 = new Date(Date.UTC(Number(year), 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86400000 + (Number(rest.slice(1)) - 1) * 7 * 86400000);
    return monday.toISOString().slice(0, 10);
  }
  return `${year}-01-01`;
}

// The last day of a period label.
export function periodLast(label) {
  const start = new Date(`${periodStart(label)}T00:00:00Z`);
  const rest = label.slice(5);
  const end = new Date(start);
  if (/^W\d{2}$/.test(rest)) end.setUTCDate(end.getUTCDate() + 7);
  else end.setUTCMonth(end.getUTCMonth() + (/^\d{2}$/.test(rest) ? 1 : /^Q/.test(rest) ? 3 : /^H/.test(rest) ? 6 : 12));
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

// A matrix cell opened: the rule for one institution over the matrix's window, period by period.
// `first`..`last`: the matrix's window (ISO dates); a period touching it is shown, as the matrix
// judges a half-year or yearly rule on the whole half or year in a quarter's view.
export async function matrixCellDetail({ institution, ruleId, ruleName, year, first, last }) {
  const english = currentLanguage() === "en";
  const data = await api("/api/compliance", { query: { institution: institution.id, year, rule: ruleId } });
  const findings = data.findings.filter((f) => f.rule_id === ruleId
    && periodStart(f.period) <= last && periodLast(f.period) >= first);
  const byPeriod = new Map();
  for (const f of findings) {
    if (!byPeriod.has(f.period)) byPeriod.set(f.period, []);
    byPeriod.get(f.period).push(f);
  }
  return h("div.detail", { testid: "matrix-cell-detail" },
    h("h3", {}, `${institution.name_zh} · ${ruleName}`),
    findings.length ? null : h("p.muted", {}, t("status.not_applicable")),
    [...byPeriod].map(([period, group]) => {
      const counts = subjectCounts(group);
      const several = group.length > 1;
      const worst = group.map((f) => f.status).sort((a, b) => SEVERITY.indexOf(a) - SEVERITY.indexOf(b))[0];
      const problems = group.filter((f) => !["met", "not_applicable"].includes(f.status));
      return h("section.finding-period", { testid: `matrix-detail-${period}` },
        h("h4", {}, period, " ", statusBadge(worst)),
        several
          ? [
            h("p", { testid: "finding-subjects" }, t("compliance.subjects", { total: counts.total, problems: counts.problems })),
            h("ul.subject-list", {}, problems.slice(0, 50).map((f) => h("li", {}, statusBadge(f.status, f.subject_name), " ", english ? f.reason_en : f.reason_zh))),
          ]
          : h("p", { testid: "finding-reason" }, english ? group[0].reason_en : group[0].reason_zh),
        activityLinks(group.filter((f) => f.subject_kind !== "staff_member")));
    }),
    h("p", {}, h("a", { href: `#/institutions/${institution.id}/compliance/${year}` }, t("finding_detail.open_institution"))));
}

// The matrix's window for its period choice ("year", "H1".."Q4").
export function windowOf(year, period) {
  if (period === "year") return { first: `${year}-01-01`, last: `${year}-12-31` };
  const label = `${year}-${period}`;
  return { first: periodStart(label), last: periodLast(label) };
}

// Open a matrix cell's detail in `panel` (shown, scrolled into view); a later click wins.
export async function showCell(panel, cell) {
  const token = Symbol("cell");
  panel.token = token;
  panel.hidden = false;
  panel.replaceChildren(h("p.loading", {}, t("common.loading")));
  panel.scrollIntoView({ block: "nearest" });
  try {
    const body = await matrixCellDetail(cell);
    if (panel.token === token) panel.replaceChildren(body);
  } catch (error) {
    if (panel.token === token) panel.replaceChildren(h("p.error", {}, error.message || String(error)));
  }
}
