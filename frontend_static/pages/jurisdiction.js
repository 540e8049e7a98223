import { api } from "../api.js";
import { h, pager, table } from "../dom.js";
import { currentLanguage, label, t } from "../i18n.js";
import { institutionTable } from "./institutions.js";

const PAGE_SIZE = 20;

export async function render(view, [id], app) {
  const [jurisdiction, all] = await Promise.all([api(`/api/jurisdictions/${id}`), api("/api/jurisdictions")]);
  const children = all.filter((j) => j.parent_id === jurisdiction.id);
  const results = h("div");
  async function load(page) {
    const data = await api("/api/institutions", { query: { jurisdiction: id, page, page_size: PAGE_SIZE } });
    results.replaceChildren(institutionTable(data.items),
      pager({ page: data.page, pageSize: PAGE_SIZE, total: data.total, t, onPage: load }));
  }
  view.replaceChildren(h("section.page", { testid: "jurisdiction-page" },
    h("h1", { testid: "jurisdiction-name" }, jurisdiction.name_zh),
    h("p.muted", {}, label("jurisdiction_level", jurisdiction.level)),
    profileInForce(jurisdiction, app?.session?.role === "admin", () => render(view, [id], app)),
    children.length ? [
      h("h2", {}, t("jurisdiction.children")),
      table([
        { title: t("jurisdiction.name"), cell: (j) => h("a", { href: `#/jurisdictions/${j.id}` }, j.name_zh) },
        { title: t("jurisdiction.level"), cell: (j) => label("jurisdiction_level", j.level) },
        { title: t("jurisdiction.institutions"), cell: (j) => String(j.institution_count) },
      ], children, { testid: "jurisdiction-children" }),
    ] : null,
    h("h2", {}, t("jurisdiction.all_institutions")),
    results,
  ));
  await load(1);
}

// The policy profile judging this jurisdiction, by name, with its validity; a clear notice when
// it has ended (and, for an administrator, the switch to its successor).
function profileInForce(jurisdiction, isAdmin, reload) {
  const p = jurisdiction.profile_in_force;
  if (!p) return null;
  const en = currentLanguage() === "en";
  const name = en ? p.name_en : p.name_zh;
  const successor = en ? p.successor_en : p.successor_zh;
  const period = p.valid_to
    ? t("profile.period_to", { from: p.valid_from, to: p.valid_to })
    : t("profile.period_open", { from: p.valid_from });
  const line = h("p", { testid: "jurisdiction-profile" },
    t("profile.in_force", { name }), " ", h("span.muted", {}, period),
    p.inherited ? h("span.muted", {}, ` · ${t("profile.inherited")}`) : null);
  if (p.expired) {
    const switcher = p.successor && isAdmin
      ? h("button", {
        type: "button", testid: "profile-switch",
        onclick: async (event) => {
          event.target.disabled = true;
          await api(`/api/jurisdictions/${jurisdiction.id}`, { method: "PATCH", json: { profile: p.successor } });
          await reload();
        },
      }, t("profile.switch", { successor }))
      : h("p.muted", {}, t(p.successor ? "profile.ask_admin" : "profile.ask_admin_no_successor"));
    return h("div.notice.warn", { testid: "profile-expired", role: "alert" },
      line,
      h("p", {}, t(p.successor ? "profile.expired" : "profile.expired_no_successor",
        { name, to: p.valid_to, successor })),
      switcher);
  }
  if (p.plan_ended) {
    return h("div.notice", { testid: "profile-plan-ended" }, line,
      h("p", {}, t("profile.plan_ended", { name, to: p.plan_ends })));
  }
  return line;
}
