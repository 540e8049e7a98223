// The administrator's logins (issue 15): who can log in, where they belong, a new login with its
// first password, and a new password for someone who forgot theirs.
import { api } from "../api.js";
import { h, pager, table } from "../dom.js";
import { label, t } from "../i18n.js";
import { adminTabs, field, options, submit } from "./admin_institutions.js";

const ROLES = ["officer", "staff", "reviewer", "commission", "admin"];
const AT_INSTITUTION = ["officer", "staff", "reviewer"];
const PAGE_SIZE = 25;
const CHOICES = 20; // institutions offered per search: a province has thousands
const TYPING_PAUSE_MS = 250;

function belongsTo(user) {
  const place = user.institution_name || user.jurisdiction_name || "—";
  return user.staff_name ? `${place} · ${user.staff_name}` : place;
}

function resetForm(user, done) {
  const slot = h("div.form-error-slot");
  const form = h("form.inline", { testid: `reset-form-${user.username}` },
    h("input", { type: "password", name: "password", required: true, minlength: 12, maxlength: 200, autocomplete: "new-password",
      placeholder: t("admin.new_password"), "aria-label": t("admin.new_password"), testid: "reset-password" }),
    h("button", { type: "submit", testid: "reset-save" }, t("admin.save_password")),
    slot);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const saved = await submit(form, slot, `/api/users/${user.id}/password`, { password: new FormData(form).get("password") });
    if (saved) done(t("admin.password_set", { name: saved.display_name, username: saved.username }));
  });
  return form;
}

const placeName = (i) => `${i.name_zh}（${i.jurisdiction_name}）`;

function choice(institution, checked) {
  return h("label.check", {},
    h("input", { type: "radio", name: "institution_id", value: institution.id, checked, testid: `new-user-institution-${institution.id}` }),
    h("span", {}, placeName(institution)));
}

// The new login's institution, found by typing part of its name or code: the form sends the
// checked radio's institution_id. A chosen institution stays offered while the admin searches on.
function institutionPicker() {
  const input = h("input", { type: "search", id: "new-user-institution-q", maxlength: 100, autocomplete: "off",
    placeholder: t("admin.institution_search"), testid: "new-user-institution-q" });
  const status = h("p.muted", { testid: "new-user-institution-status", "aria-live": "polite" }, t("admin.institution_type"));
  const list = h("div.check-group", { role: "radiogroup", "aria-label": t("admin.institution"), testid: "new-user-institution-choices" });
  let chosen = null;
  let searches = 0;
  let timer;
  list.addEventListener("change", (event) => {
    const radio = event.target;
    chosen = { id: Number(radio.value), text: radio.parentElement.textContent };
  });
  async function search() {
    clearTimeout(timer);
    const mine = ++searches;
    const q = input.value.trim();
    if (!q) return show([], 0, q);
    const data = await api("/api/institutions", { query: { q, page_size: CHOICES } });
    if (mine === searches) show(data.items, data.total, q);
  }
  function show(items, total, q) {
    const kept = chosen && !items.some((i) => i.id === chosen.id)
      ? [h("label.check", {}, h("input", { type: "radio", name: "institution_id", value: chosen.id, checked: true }), h("span", {}, chosen.text))]
      : [];
    list.replaceChildren(...kept, ...items.map((i) => choice(i, chosen?.id === i.id)));
    status.textContent = !q ? t("admin.institution_type")
      : !total ? t("admin.institution_none", { q })
        : total > items.length ? t("admin.institution_more", { shown: items.length, total })
          : t("admin.institution_found", { total });
  }
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, TYPING_PAUSE_MS); });
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault(); // Enter looks the name up now; it does not send the half-filled form
    search();
  });
  const element = h("div.field.wide", { testid: "new-user-institution" },
    h("label", { for: "new-user-institution-q" }, h("strong", {}, t("admin.institution"))), input, status, list);
  function reset() {
    chosen = null;
    input.value = "";
    show([], 0, "");
  }
  return { element, reset };
}

export async function render(view) {
  const jurisdictions = await api("/api/jurisdictions");
  const state = { page: 1, q: "", role: "" };
  const notice = h("div", { testid: "admin-users-notice", "aria-live": "polite" });
  const say = (text) => notice.replaceChildren(h("p.notice", { testid: "admin-notice" }, text));
  const results = h("div");

  // --- the list, with a new password per row
  const filters = h("form.filters", { testid: "user-filters" },
    h("input", { type: "search", name: "q", placeholder: t("admin.search_users"), testid: "user-q" }),
    h("select", { name: "role", testid: "user-role-filter" }, h("option", { value: "" }, t("admin.all_roles")), options(ROLES, "user_role")),
    h("button", { type: "submit" }, t("filters.apply")));
  let loads = 0; // a slower earlier answer must not replace a later one (or an open reset form)
  async function load() {
    const mine = ++loads;
    const data = await api("/api/users", { query: { page: state.page, page_size: PAGE_SIZE, q: state.q, role: state.role } });
    if (mine !== loads) return;
    results.replaceChildren(table([
      { title: t("admin.username"), cell: (u) => u.username },
      { title: t("admin.display_name"), cell: (u) => u.display_name },
      { title: t("admin.role"), cell: (u) => label("user_role", u.role) },
      { title: t("admin.belongs_to"), cell: (u) => belongsTo(u) },
      { title: t("admin.password"), cell: (u) => {
        const cell = h("div", {});
        cell.append(h("button.secondary", { type: "button", testid: `reset-${u.username}`,
          onclick: () => cell.replaceChildren(resetForm(u, (text) => { say(text); load(); })) }, t("admin.reset_password")));
        return cell;
      } },
    ], data.items, { testid: "users-table", empty: t("common.none") }),
    pager({ page: data.page, pageSize: PAGE_SIZE, total: data.total, t, onPage: (p) => { state.page = p; load(); } }));
  }
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(filters);
    Object.assign(state, { page: 1, q: data.get("q").trim(), role: data.get("role") });
    load();
  });

  // --- a new login
  const slot = h("div.form-error-slot");
  const picker = institutionPicker();
  const institutionField = picker.element;
  const jurisdictionField = field("admin.jurisdiction", h("select", { name: "jurisdiction_id", testid: "new-user-jurisdiction" },
    h("option", { value: "" }, t("admin.choose")),
    jurisdictions.map((j) => h("option", { value: j.id }, `${j.name_zh}（${label("jurisdiction_level", j.level)}）`))));
  const staffField = field("admin.staff_number", h("input", { name: "staff_number", maxlength: 64, testid: "new-user-staff-number", placeholder: t("admin.staff_number_hint") }));
  const role = h("select", { name: "role", testid: "new-user-role" }, options(ROLES, "user_role", "officer"));
  const form = h("form.admin-form", { testid: "new-user-form", autocomplete: "off" },
    h("div.form-grid", {},
      field("admin.username", h("input", { name: "username", required: true, maxlength: 64, pattern: "[A-Za-z0-9_.@\\-]+", title: t("admin.username_hint"), autocomplete: "off", testid: "new-user-username" })),
      field("admin.display_name", h("input", { name: "display_name", required: true, maxlength: 100, testid: "new-user-display-name" })),
      field("admin.role", role),
      institutionField, jurisdictionField, staffField,
      field("admin.first_password", h("input", { type: "password", name: "password", required: true, minlength: 12, maxlength: 200, autocomplete: "new-password", testid: "new-user-password", placeholder: t("admin.password_hint") }))),
    slot,
    h("button", { type: "submit", testid: "new-user-create" }, t("admin.create_user")));
  function showPlaces() {
    const r = role.value;
    institutionField.hidden = !AT_INSTITUTION.includes(r);
    jurisdictionField.hidden = r !== "commission";
    staffField.hidden = !["staff", "officer"].includes(r);
  }
  role.addEventListener("change", showPlaces);
  showPlaces();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const r = data.get("role");
    const number = data.get("staff_number").trim();
    const body = {
      username: data.get("username").trim(), display_name: data.get("display_name").trim(), role: r, password: data.get("password"),
      institution_id: AT_INSTITUTION.includes(r) && data.get("institution_id") ? Number(data.get("institution_id")) : null,
      jurisdiction_id: r === "commission" && data.get("jurisdiction_id") ? Number(data.get("jurisdiction_id")) : null,
      staff_number: ["staff", "officer"].includes(r) && number ? number : null,
    };
    const made = await submit(form, slot, "/api/users", body);
    if (made) {
      form.reset();
      picker.reset();
      showPlaces();
      say(t("admin.user_created", { name: made.display_name, username: made.username }));
      await load();
    }
  });
  view.replaceChildren(h("section.page", { testid: "admin-users-page" },
    h("h1", {}, t("admin.title")), adminTabs("users"), notice,
    h("h2", {}, t("admin.users")), filters, results,
    h("h2", {}, t("admin.new_user")), form));
  await load();
}
