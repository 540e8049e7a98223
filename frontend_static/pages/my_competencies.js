// A person's competencies (我的能力): each one grouped by domain, its state as coloured text (never
// colour alone), valid until, the evidence behind it and the next planned activity that would
// renew it. Also the framework page explaining which competencies exist and who must hold them.
import { api } from "../api.js";
import { h, table } from "../dom.js";
import { currentLanguage, formatDate, t } from "../i18n.js";

export const nameOf = (named) => (currentLanguage() === "en" ? named.name_en || named.name_zh : named.name_zh);
const pick = (zh, en) => (currentLanguage() === "en" ? en || zh : zh);

export function stateChip(state, validUntil, attrs = {}) {
  if (!state) return h("span.comp-state.comp-none", attrs, t("comp.not_required_short"));
  return h(`span.comp-state.comp-${state}`, attrs, t(`comp.state.${state}`),
    validUntil ? h("span.comp-until", {}, t("comp.until", { date: formatDate(validUntil) })) : null);
}

function evidenceList(evidence) {
  if (!evidence.length) return h("p.muted.small", {}, t("comp.no_evidence"));
  return h("ul.comp-evidence", {}, evidence.map((e) => h("li", {},
    h("span.comp-ev-date", {}, formatDate(e.assessed_on)), " ",
    h("strong", {}, pick(e.method_zh, e.method_en)), " · ",
    h("span", { class: e.proves ? "met-text" : "short-text" }, pick(e.outcome_zh, e.outcome_en)),
    e.score !== null ? ` · ${t("comp.score", { score: e.score, max: e.max_score ?? 100 })}` : "",
    pick(e.source_zh, e.source_en) ? h("span.muted", {}, ` · ${pick(e.source_zh, e.source_en)}`) : "",
    e.comment ? h("span.block.small.muted", {}, `“${e.comment}”`) : null)));
}

function nextActivity(item) {
  const next = item.next_activity;
  if (!next) return h("span.muted.small", {}, t("comp.no_next"));
  const day = next.starts_at.slice(0, 10);
  return h("a", { href: `#/calendar/week/${day}/${next.id}`, testid: `comp-next-${item.competency.id}` },
    `${next.title}（${next.starts_at.replace("T", " ")}）`);
}

function itemCard(item) {
  return h("article.comp-item", { testid: `comp-item-${item.competency.id}`, "data-state": item.state },
    h("div.comp-item-head", {},
      h("h3", {}, nameOf(item.competency), item.required ? null : h("span.badge", {}, t("comp.not_required"))),
      stateChip(item.state, item.valid_until, { testid: `comp-state-${item.competency.id}` })),
    h("div.comp-item-body", {},
      h("div", {}, h("span.small.muted.block", {}, t("comp.evidence")), evidenceList(item.evidence)),
      h("div", {}, h("span.small.muted.block", {}, t("comp.next_activity")), nextActivity(item))));
}

function summary(items) {
  const counts = { current: 0, expiring: 0, expired: 0, never: 0 };
  for (const item of items.filter((i) => i.required)) counts[item.state] += 1;
  return h("div.stats", { testid: "comp-summary" }, Object.entries(counts).map(([state, count]) =>
    h(`div.stat.comp-stat-${state}`, {}, h("strong", {}, String(count)), h("span", {}, t(`comp.state.${state}`)))));
}

function page(data, heading) {
  const domains = [];
  for (const item of data.items) {
    let group = domains.find((d) => d.id === item.domain.id);
    if (!group) domains.push(group = { id: item.domain.id, domain: item.domain, items: [] });
    group.items.push(item);
  }
  return h("section.page", { testid: "my-competencies" },
    h("div.page-head", {}, h("h1", {}, heading),
      h("div.actions", {}, h("a.button.secondary", { href: "#/competencies/framework", testid: "framework-link" }, t("comp.framework_link")))),
    h("p.muted", {}, t("comp.person_intro", { name: data.name, department: data.department_name || "—",
      role: pick(data.role_zh, data.role_en), date: formatDate(data.as_of), days: data.expiring_within_days })),
    summary(data.items),
    data.items.length ? domains.map((group) => h("section.comp-domain", { testid: `comp-domain-${group.id}` },
      h("h2", {}, nameOf(group.domain)), group.items.map(itemCard)))
      : h("p.empty", {}, t("comp.nothing_required")));
}

export async function render(view, _groups, app) {
  const id = app.session.staff_member_id;
  if (!id) {
    view.replaceChildren(h("section.page", {}, h("h1", {}, t("comp.my_title")), h("p.empty", {}, t("comp.not_staff"))));
    return;
  }
  const data = await api(`/api/staff/${id}/competencies`);
  view.replaceChildren(page(data, t("comp.my_title")));
}

export async function renderStaff(view, [id]) {
  const data = await api(`/api/staff/${id}/competencies`);
  view.replaceChildren(page(data, t("comp.person_title", { name: data.name })));
}

export async function renderFramework(view) {
  const data = await api("/api/competencies");
  const list = (zh, en) => (currentLanguage() === "en" ? en : zh).join(currentLanguage() === "en" ? ", " : "、") || "—";
  view.replaceChildren(h("section.page", { testid: "competency-framework" },
    h("h1", {}, nameOf(data.framework)),
    h("p.muted", {}, t("comp.framework_intro", { date: formatDate(data.effective_from), days: data.expiring_within_days })),
    data.domains.map((domain) => {
      const items = data.competencies.filter((c) => c.domain.id === domain.id);
      return items.length ? h("section.comp-domain", {}, h("h2", {}, nameOf(domain)), table([
        { title: t("comp.competency"), cell: (c) => h("strong", {}, nameOf(c.competency)) },
        { title: t("comp.required_of"), cell: (c) => list(c.required_of_zh, c.required_of_en) },
        { title: t("comp.methods"), cell: (c) => list(c.methods_zh, c.methods_en) },
        { title: t("comp.validity"), cell: (c) => t("comp.months", { months: c.valid_months }) + (c.pass_mark ? ` · ${t("comp.pass_mark", { mark: c.pass_mark })}` : "") },
        { title: t("comp.source"), cell: (c) => h("span.small", {}, `${c.source_document}：${c.source_clause}`,
          c.local_choice ? h("span.block.muted", {}, t("comp.local_choice")) : null) },
      ], items)) : null;
    }),
    h("h2", {}, t("comp.thresholds")),
    table([
      { title: t("comp.competency"), cell: (x) => nameOf(x.competency) },
      { title: t("comp.departments"), cell: (x) => list(x.department_kinds_zh, x.department_kinds_en) },
      { title: t("comp.min_current"), cell: (x) => t(x.night_shifts_only ? "comp.min_nights" : "comp.min_all", { n: x.min_current }) },
      { title: t("comp.source"), cell: (x) => h("span.small", {}, `${x.source_document}：${x.source_clause}`) },
    ], data.thresholds, { testid: "framework-thresholds" })));
}
