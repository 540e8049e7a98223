// A health commission's landing page: the institutions below it with the most gaps, overdue
// rectification orders in its area, its own duties for the year, and the zones led from its area.
import { api } from "../api.js";
import { h, table } from "../dom.js";
import { currentLanguage, formatDate, label, t, todayInShanghai } from "../i18n.js";
import { pickerYears } from "../years.js";
import { statusBadge } from "./status.js";
import { landingSummary } from "./landing_summary.js";
import { updatingNotice } from "./updating.js";

const english = () => currentLanguage() === "en";

export async function render(view, [idText, yearText], app) {
  const id = Number(idText) || app.session.jurisdiction_id;
  const thisYear = Number(todayInShanghai().slice(0, 4));
  const year = Number(yearText) || thisYear;
  const [data, years] = await Promise.all([
    api(`/api/commissions/${id}/summary`, { query: { year } }),
    pickerYears(year),
  ]);
  const picker = h("div.filters", {}, h("label", {}, t("commission_home.year"), " ",
    h("select", { testid: "commission-year", onchange: (e) => app.go(`#/commission/${id}/${e.target.value}`) },
      years.map((y) => h("option", { value: y, selected: y === year }, String(y))))));
  view.replaceChildren(h("section.page", { testid: "commission-home" },
    h("div.page-head", {}, h("h1", { testid: "commission-name" }, data.name_zh),
      h("a.button.secondary", { href: `#/matrix/${id}/${year}/year` }, t("commission_home.open_matrix"))),
    updatingNotice(data, `/api/commissions/${id}/summary`, { year }, () => render(view, [idText, yearText], app)),
    h("p.muted", {}, label("jurisdiction_level", data.level), " · ",
      t("commission_home.intro", { count: data.institutions, gaps: data.with_gaps, date: formatDate(data.as_of) })),
    landingSummary({
      total: data.institutions, withGaps: data.with_gaps, overdue: data.overdue_orders.length,
      worst: data.top.map((r) => ({ name: r.name_zh, href: `#/institutions/${r.id}/compliance/${year}`, gaps: r.gaps })),
      overdueLink: "[data-testid=commission-overdue]",
    }),
    picker,
    h("h2", {}, t("commission_home.top")),
    table([
      { title: t("zones.col.institution"), cell: (r) => h("a", { href: `#/institutions/${r.id}/compliance/${year}` }, r.name_zh) },
      { title: t("zones.col.county"), cell: (r) => r.jurisdiction_name },
      { title: t("zones.col.gaps"), cell: (r) => h("a", { href: `#/matrix/${r.jurisdiction_id}/${year}/year` }, String(r.gaps)) },
    ], data.top, { testid: "commission-top", empty: t("commission_home.no_gaps") }),
    h("h2", {}, t("commission_home.overdue")),
    table([
      { title: t("zones.col.institution"), cell: (o) => o.institution_name },
      { title: t("zones.col.finding"), cell: (o) => o.finding },
      { title: t("zones.zone"), cell: (o) => `${o.zone_name} · ${o.quarter}` },
      { title: t("zones.col.due"), cell: (o) => formatDate(o.due_on) },
      { title: t("zones.col.status"), cell: (o) => h("span", {}, t(`zones.order.${o.status}`),
        h("span.tag.overdue", {}, t("zones.days_overdue", { days: o.days_overdue }))) },
    ], data.overdue_orders, { testid: "commission-overdue", empty: t("commission_home.no_overdue") }),
    h("h2", {}, t("commission_home.duties")),
    table([
      { title: t("commission_home.rule"), cell: (d) => (english() ? d.rule_name_en : d.rule_name_zh) },
      { title: t("commission_home.period"), cell: (d) => d.period },
      { title: t("zones.col.status"), cell: (d) => statusBadge(d.status) },
      { title: t("commission_home.reason"), cell: (d) => (english() ? d.reason_en : d.reason_zh) },
    ], data.duties, { testid: "commission-duties-own", empty: t("commission_home.no_duties") }),
    data.zones.length ? [
      h("h2", {}, t("commission_home.zones")),
      h("ul.zone-links", { testid: "commission-zones" }, data.zones.map((z) =>
        h("li", {}, h("a", { href: `#/zone/${z.id}` }, english() && z.name_en ? z.name_en : z.name_zh),
          h("span.muted", {}, ` ${t("commission_home.zone_lead", { name: z.lead_institution_name })}`)))),
    ] : null));
}
