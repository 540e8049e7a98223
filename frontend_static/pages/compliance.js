// One institution's year: each rule, each period, coloured by status; click a cell for the why.
import { api } from "../api.js";
import { h } from "../dom.js";
import { currentLanguage, label, t, todayInShanghai } from "../i18n.js";
import { citationList, legend, statusBadge } from "./status.js";
import { activityLinks, subjectCounts } from "./finding_detail.js";
import { updatingNotice } from "./updating.js";

const SEVERITY = ["gap", "partly_met", "due_soon", "planned", "no_data", "met", "not_applicable"];
const worst = (findings) => findings.map((f) => f.status).sort((a, b) => SEVERITY.indexOf(a) - SEVERITY.indexOf(b))[0];
const reason = (f) => (currentLanguage() === "en" ? f.reason_en : f.reason_zh);
const ruleName = (f) => (currentLanguage() === "en" ? f.rule_name_en : f.rule_name_zh);

function groupBy(items, key) {
  const groups = new Map();
  for (const item of items) {
    const k = key(item);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(item);
  }
  return groups;
}

function shortPeriod(period) {
  return period.length > 4 ? period.slice(5) : period;
}

function detail(findings) {
  const first = findings[0];
  const single = findings.length === 1;
  const problems = findings.filter((f) => !["met", "not_applicable"].includes(f.status));
  return h("div.detail", { testid: "finding-detail" },
    h("h3", {}, `${ruleName(first)} · ${first.period}`),
    single
      ? [
        h("p", {}, statusBadge(first.status)),
        h("p", { testid: "finding-reason" }, reason(first)),
        first.missing.length ? h("p", {}, t("compliance.missing", { who: first.missing.map((m) => m.split("|").map((x) => label("staff_role", x) !== x ? label("staff_role", x) : label("department_kind", x)).join("/")).join("、") })) : null,
        first.counted.length || first.nearly.length || first.planned.length
          ? h("p.muted", {}, t("compliance.activities", { counted: first.counted.length, nearly: first.nearly.length, planned: first.planned.length }))
          : null,
        first.subject_kind === "staff_member" ? null : activityLinks([first]),
      ]
      : [
        h("p", { testid: "finding-subjects" }, t("compliance.subjects", subjectCounts(findings))),
        h("ul.subject-list", {}, problems.slice(0, 200).map((f) => h("li", {}, statusBadge(f.status, f.subject_name), " ", reason(f)))),
        first.subject_kind === "staff_member" ? null : activityLinks(findings),
      ],
    citationList(first.citations));
}

// A cell's detail at once with plain activity links, then named by one answer for its rule
// (`?rule=` names every activity) instead of one request per activity.
async function openCell(panel, group, query) {
  const opened = `${group[0].rule_id}|${group[0].period}|${Date.now()}`;
  panel.dataset.opened = opened;
  panel.replaceChildren(detail(group));
  if (group[0].subject_kind === "staff_member") return;
  const answer = await api("/api/compliance", { query: { ...query, rule: group[0].rule_id } }).catch(() => null);
  if (!answer || panel.dataset.opened !== opened) return; // failed, or another cell was opened meanwhile
  const key = (f) => `${f.subject_kind}|${f.subject_id}|${f.period}`;
  const named = new Map(answer.findings.map((f) => [key(f), f]));
  panel.replaceChildren(detail(group.map((f) => named.get(key(f)) || f)));
}

function ruleRow(findings, panel, query) {
  const byPeriod = groupBy(findings, (f) => f.period);
  const first = findings[0];
  const perSubject = new Set(findings.map((f) => f.subject_id)).size > 1;
  return h("div.rule-row", { testid: `compliance-${first.rule_id}-${first.subject_kind}` },
    h("div.rule-name", {}, ruleName(first), perSubject ? h("span.muted", {}, ` · ${label("subject", first.subject_kind)}`) : null),
    h("div.cells", {}, [...byPeriod].map(([period, group]) => {
      const status = worst(group);
      const counts = perSubject ? ` ${subjectCounts(group).met}/${subjectCounts(group).total}` : "";
      return h("button", {
        type: "button", class: `cell st-${status}`, testid: `cell-${first.rule_id}-${period}`,
        title: t(`status.${status}`),
        onclick: () => openCell(panel, group, query),
      }, h("span.period", {}, shortPeriod(period)), " ", h("span", {}, `${statusBadge(status).textContent.split(" ")[0]}${counts}`));
    })));
}

export async function render(view, [id, yearText], app) {
  const year = Number(yearText) || Number(todayInShanghai().slice(0, 4));
  const data = await api("/api/compliance", { query: { institution: id, year } });
  const panel = h("div.detail-panel", {}, h("p.muted", {}, t("compliance.click_cell")));
  const groups = groupBy(data.findings, (f) => `${f.rule_id}|${f.subject_kind}`);
  const totals = groupBy(data.findings.filter((f) => f.subject_kind !== "staff_member"), (f) => f.status);
  view.replaceChildren(h("section.page", { testid: "compliance-page" },
    h("p.crumbs", {}, h("a", { href: `#/institutions/${id}` }, data.institution.name_zh)),
    h("div.page-head", {},
      h("h1", {}, t("compliance.title", { name: data.institution.name_zh, year })),
      h("div.year-switch", {},
        h("a.button.secondary", { href: `#/institutions/${id}/compliance/${year - 1}`, testid: "year-previous" }, `‹ ${year - 1}`),
        h("a.button.secondary", { href: `#/institutions/${id}/compliance/${year + 1}`, testid: "year-next" }, `${year + 1} ›`))),
    h("p.muted", {}, t("compliance.profile", { profile: currentLanguage() === "en" ? data.profile_name_en : data.profile_name_zh, as_of: data.as_of })),
    updatingNotice(data, "/api/compliance", { institution: id, year }, () => render(view, [id, yearText], app)),
    h("p", { testid: "compliance-summary" }, t("compliance.summary", {
      gaps: (totals.get("gap") || []).length, partly: (totals.get("partly_met") || []).length,
      due: (totals.get("due_soon") || []).length,
    })),
    legend(),
    h("div.compliance-layout", {},
      h("div.grid", { testid: "compliance-grid" }, [...groups.values()].map((g) => ruleRow(g, panel, { institution: id, year }))),
      panel)));
}
