import { api } from "../api.js";
import { h } from "../dom.js";
import { currentLanguage, label, t } from "../i18n.js";
import { citationList } from "./status.js";

// Measures whose requirement lives outside the rule's `required` (credit policy, competency
// framework): their summary says where.
const OWN_SUMMARY = {
  cme_credits: "rules.summary_credits",
  competencies_current: "rules.summary_competencies_current",
  competency_coverage: "rules.summary_competency_coverage",
  staff_exam_passed: "rules.summary_staff_exam_passed",
};

// Profiles by name (with their 文号): ids stay in values and test ids, never in the text.
const profileName = (p) => (currentLanguage() === "en" ? p.name_en : p.name_zh);

function ruleCard(item) {
  const rule = item.rule;
  const name = currentLanguage() === "en" ? rule.name_en : rule.name_zh;
  const needs = [
    ...rule.attendance.required_roles.map((r) => [r].flat().map((x) => label("staff_role", x)).join("/")),
    ...rule.attendance.required_department_kinds.map((d) => [d].flat().map((x) => label("department_kind", x)).join("/")),
  ];
  return h("article.rule", { testid: `rule-${rule.id}` },
    h("h2", {}, name),
    h("p", {}, t(OWN_SUMMARY[rule.measure] || "rules.summary", {
      subject: label("subject", rule.subject),
      period: label("period", rule.period),
      required: rule.required,
    })),
    needs.length ? h("p.muted", {}, t("rules.needs", { who: needs.join("、") })) : null,
    h("p.muted", {}, t("rules.profiles", { profiles: item.profile_names.map(profileName).join("；") })),
    citationList(rule.citations));
}

export async function render(view) {
  const profiles = await api("/api/profiles");
  const list = h("div", { testid: "rules-list" });
  const select = h("select", { testid: "rules-profile" },
    h("option", { value: "" }, t("rules.all_profiles")),
    profiles.map((p) => h("option", { value: p.profile.id }, profileName(p.profile))));
  async function load() {
    const items = await api("/api/rules", { query: { profile: select.value } });
    list.replaceChildren(...items.map(ruleCard));
  }
  select.addEventListener("change", load);
  view.replaceChildren(h("section.page", { testid: "rules-page" },
    h("h1", {}, t("rules.title")), h("p.muted", {}, t("rules.intro")), h("div.filters", {}, select), list));
  await load();
}
