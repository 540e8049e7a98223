// Which policy profile judges each jurisdiction (issue 15): chosen by the plan's name and 文号
// as published, never by its internal id; "inherit" leaves it to the jurisdiction above.
import { api } from "../api.js";
import { errorBox, h, table } from "../dom.js";
import { currentLanguage, label, t } from "../i18n.js";
import { adminTabs } from "./admin_institutions.js";

export async function render(view) {
  const [jurisdictions, profiles] = await Promise.all([api("/api/jurisdictions"), api("/api/profiles")]);
  const en = currentLanguage() === "en";
  const nameOf = (p) => (en ? p.name_en : p.name_zh);
  const byParent = {};
  for (const j of jurisdictions) (byParent[j.parent_id ?? "top"] ||= []).push(j);
  const ordered = [];
  const walk = (parent, depth) => (byParent[parent] || []).forEach((j) => { ordered.push([j, depth]); walk(j.id, depth + 1); });
  walk("top", 0);
  const seen = new Set(ordered.map(([j]) => j.id));
  jurisdictions.filter((j) => !seen.has(j.id)).forEach((j) => ordered.push([j, 0]));
  const notice = h("div", { testid: "admin-profiles-notice", "aria-live": "polite" });

  function chooser(j) {
    const select = h("select", { testid: `profile-select-${j.code}`, "aria-label": t("admin.profile_for", { name: j.name_zh }) },
      h("option", { value: "", selected: !j.profile }, t(j.parent_id ? "admin.profile_inherit" : "admin.profile_default")),
      profiles.map(({ profile: p }) => h("option", { value: p.id, selected: p.id === j.profile },
        `${nameOf(p)}（${t("admin.profile_from", { from: p.valid_from })}）`)));
    const save = h("button", { type: "button", testid: `profile-save-${j.code}` }, t("admin.save"));
    save.addEventListener("click", async () => {
      save.disabled = true;
      notice.replaceChildren();
      try {
        const saved = await api(`/api/jurisdictions/${j.id}`, { method: "PATCH", json: { profile: select.value || null } });
        j.profile = saved.profile;
        const inForce = saved.profile_in_force;
        notice.replaceChildren(h("p.notice", { testid: "admin-notice" }, t("admin.profile_saved", {
          name: saved.name_zh, profile: inForce ? (en ? inForce.name_en : inForce.name_zh) : "—",
        })));
      } catch (error) {
        notice.replaceChildren(errorBox(error, "admin-error"));
      } finally {
        save.disabled = false;
      }
    });
    return h("div.inline", {}, select, save);
  }

  view.replaceChildren(h("section.page", { testid: "admin-profiles-page" },
    h("h1", {}, t("admin.title")), adminTabs("profiles"),
    h("h2", {}, t("admin.profiles")),
    h("p.muted", {}, t("admin.profiles_hint")),
    notice,
    table([
      { title: t("jurisdiction.name"), cell: ([j, depth]) => {
        const name = h("span", {}, h("a", { href: `#/jurisdictions/${j.id}` }, j.name_zh), " ", h("span.muted", {}, label("jurisdiction_level", j.level)));
        name.style.paddingLeft = `${depth * 1.2}rem`; // CSSOM, allowed by the page's CSP (no inline style attribute)
        return name;
      } },
      { title: t("admin.profile_own"), cell: ([j]) => chooser(j) },
    ], ordered, { testid: "profiles-table", empty: t("common.none") })));
}
