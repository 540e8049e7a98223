// Corrective actions from drill records (整改措施) for the officer: the overdue ones first (open and
// past their due date), each marked done with a follow-up note; all open ones on request.
import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { actionsTable } from "./record_view.js";

export async function render(view, [which], app) {
  const overdueOnly = which !== "open";
  const query = overdueOnly ? { overdue: 1 } : { status: "open" };
  if (app.session.institution_id) query.institution = app.session.institution_id;
  const actions = await api("/api/actions", { query });
  const editable = ["officer", "admin"].includes(app.session.role);
  view.replaceChildren(h("section.page.wide", { testid: "actions-page" },
    h("div.page-head", {},
      h("h1", {}, t(overdueOnly ? "actions.overdue_title" : "actions.open_title")),
      h("div.segmented", { role: "group" },
        h("a", { class: `button secondary${overdueOnly ? " on" : ""}`, href: "#/actions", testid: "actions-overdue" }, t("actions.show_overdue")),
        h("a", { class: `button secondary${overdueOnly ? "" : " on"}`, href: "#/actions/open", testid: "actions-open" }, t("actions.show_open")))),
    h("p.muted", {}, t(overdueOnly ? "actions.overdue_intro" : "actions.open_intro", { count: actions.length })),
    actionsTable(actions, { editable, withRecord: true, onChanged: () => app.go(location.hash) })));
}
