// How a compliance status looks everywhere: a colour and an icon, so it reads without colour too.
import { h } from "../dom.js";
import { t } from "../i18n.js";

export const ICONS = {
  met: "✔", partly_met: "◐", gap: "✖", due_soon: "!", planned: "◷", not_applicable: "–", no_data: "?",
};

export function statusBadge(status, extra = "") {
  return h("span", { class: `st st-${status}`, title: t(`status.${status}`) }, `${ICONS[status] || ""} ${extra || t(`status.${status}`)}`);
}

export function legend() {
  return h("p.legend", {}, Object.keys(ICONS).map((s) => statusBadge(s)));
}

export function citationList(citations) {
  return h("div.citations", {}, citations.map((c) =>
    h("blockquote", {}, h("p", {}, c.quote), h("footer", {}, `${c.clause} · ${c.source}`))));
}
