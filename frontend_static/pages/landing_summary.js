// The block at the top of the reviewer's zone page and the commission's landing page: how many
// institutions have gaps, the worst few (links), how many rectification orders are overdue.
import { h } from "../dom.js";
import { t } from "../i18n.js";

const WORST = 5;

// worst: [{ name, href, gaps }] already ranked; overdue: a count; overdueLink: a hash to open
// (#/...), or a selector of the page's own table to scroll to.
export function landingSummary({ total, withGaps, worst, overdue, overdueLink }) {
  const shown = worst.filter((w) => w.gaps > 0).slice(0, WORST);
  const overdueText = overdue ? t("summary.overdue", { count: overdue }) : t("summary.no_overdue");
  const overdueItem = !overdue
    ? h("span", { testid: "summary-overdue" }, overdueText)
    : overdueLink.startsWith("#/")
      ? h("a", { href: overdueLink, testid: "summary-overdue" }, overdueText)
      : h("a", { href: "#", testid: "summary-overdue", onclick: (e) => { e.preventDefault(); document.querySelector(overdueLink)?.scrollIntoView({ block: "start" }); } }, overdueText);
  return h("section.landing-summary", { testid: "landing-summary", "aria-label": t("summary.title") },
    h("div.summary-figures", {},
      h("p", { class: `summary-figure${withGaps ? " bad" : ""}`, testid: "summary-with-gaps" },
        h("strong", {}, t("summary.with_gaps", { count: withGaps })), h("span.muted", {}, t("summary.of_institutions", { count: total }))),
      h("p", { class: `summary-figure${overdue ? " bad" : ""}` }, h("strong", {}, overdueItem))),
    shown.length
      ? h("p.summary-worst", { testid: "summary-worst" }, h("span.muted", {}, t("summary.worst")), " ",
        shown.map((w, i) => [i ? t("summary.separator") : "", h("a", { href: w.href }, w.name), h("span.muted", {}, t("summary.gaps_short", { count: w.gaps }))]))
      : null);
}
