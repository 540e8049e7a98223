// The shell: session, navigation by role, language switch and the hash router.
import { api, ApiError } from "./api.js";
import { h, errorBox } from "./dom.js";
import { label, loadLanguage, otherLanguage, t, translateStatic } from "./i18n.js";
import * as login from "./pages/login.js";
import * as institutions from "./pages/institutions.js";
import * as institution from "./pages/institution.js";
import * as roster from "./pages/roster.js";
import * as me from "./pages/me.js";
import * as zone from "./pages/zone.js";
import * as commissionHome from "./pages/commission_home.js";
import * as jurisdiction from "./pages/jurisdiction.js";
import * as rules from "./pages/rules.js";
import * as compliance from "./pages/compliance.js";
import * as matrix from "./pages/matrix.js";
import * as calendar from "./pages/calendar.js";
import * as booking from "./pages/booking.js";
import * as planner from "./pages/planner.js";
import * as attendance from "./pages/attendance.js";
import * as checkIn from "./pages/check_in.js";
import * as drillRecord from "./pages/drill_record.js";
import * as credits from "./pages/credits.js";
import * as creditRegister from "./pages/credit_register.js";
import * as correctiveActions from "./pages/actions.js";
import * as rectification from "./pages/rectification.js";
import * as pairedSupport from "./pages/paired_support.js";
import * as spotChecks from "./pages/spot_checks.js";
import * as myCompetencies from "./pages/my_competencies.js";
import * as competencyMatrix from "./pages/competency_matrix.js";
import * as competencyCoverage from "./pages/competency_coverage.js";
import * as competencyExams from "./pages/competency_exams.js";
import * as competencyCertificates from "./pages/competency_certificates.js";
import * as adminInstitutions from "./pages/admin_institutions.js";
import * as adminUsers from "./pages/admin_users.js";
import * as adminProfiles from "./pages/admin_profiles.js";

const ROUTES = [
  [/^#\/login$/, login],
  [/^#\/institutions$/, institutions],
  [/^#\/institutions\/(\d+)$/, institution],
  [/^#\/institutions\/(\d+)\/roster$/, roster],
  [/^#\/me$/, me],
  [/^#\/zone(?:\/(\d+)(?:\/(\d{4}-Q[1-4]))?)?$/, zone],
  [/^#\/commission\/(\d+)(?:\/(\d{4}))?$/, commissionHome],
  [/^#\/jurisdictions\/(\d+)$/, jurisdiction],
  [/^#\/rules$/, rules],
  [/^#\/institutions\/(\d+)\/compliance(?:\/(\d{4}))?$/, compliance],
  [/^#\/matrix(?:\/(\d+)\/(\d{4})\/(\w+))?(?:\?institution=(\d+))?$/, matrix],
  [/^#\/calendar(?:\/(month|week)\/(\d{4}-\d{2}-\d{2})(?:\/(\d+))?)?$/, calendar],
  [/^#\/book(?:\/(\d{4}-\d{2}-\d{2}))?$/, booking],
  [/^#\/activities\/(\d+)\/edit$/, { render: booking.renderEdit }],
  [/^#\/institutions\/(\d+)\/planner(?:\/(\d{4}))?$/, planner],
  [/^#\/activities\/(\d+)\/attendance$/, attendance],
  [/^#\/activities\/(\d+)\/check-in-screen$/, { render: checkIn.renderScreen }],
  [/^#\/activities\/(\d+)\/check-in$/, { render: checkIn.renderPaper }],
  [/^#\/check-in(?:\?(.*))?$/, { render: checkIn.renderLanding }],
  [/^#\/activities\/(\d+)\/record$/, drillRecord],
  [/^#\/records\/(\d+)$/, { render: drillRecord.renderRecord }],
  [/^#\/actions(?:\/(open))?$/, correctiveActions],
  [/^#\/rectification(?:\/(overdue|answered))?$/, rectification],
  [/^#\/me\/credits(?:\/(\d{4}))?$/, credits],
  [/^#\/staff\/(\d+)\/credits(?:\/(\d{4}))?$/, { render: credits.renderStaff }],
  [/^#\/institutions\/(\d+)\/credits(?:\/(\d{4}))?$/, creditRegister],
  [/^#\/paired-support$/, pairedSupport],
  [/^#\/institutions\/(\d+)\/paired-support$/, pairedSupport],
  [/^#\/paired-support\/(\d+)$/, { render: pairedSupport.renderAgreement }],
  [/^#\/spot-checks(?:\?(.*))?$/, spotChecks],
  [/^#\/spot-checks\/draws\/(\d+)$/, { render: spotChecks.renderDraw }],
  [/^#\/me\/competencies$/, myCompetencies],
  [/^#\/staff\/(\d+)\/competencies$/, { render: myCompetencies.renderStaff }],
  [/^#\/competencies\/framework$/, { render: myCompetencies.renderFramework }],
  [/^#\/departments\/(\d+)\/competencies$/, competencyMatrix],
  [/^#\/competency-coverage(?:\/(\d+))?$/, competencyCoverage],
  [/^#\/competency-exams(?:\?(.*))?$/, competencyExams],
  [/^#\/competency-exams\/(\d+)$/, { render: competencyExams.renderExam }],
  [/^#\/competency-certificates(?:\?(.*))?$/, competencyCertificates],
  [/^#\/admin\/institutions$/, adminInstitutions],
  [/^#\/admin\/institutions\/(\d+)$/, { render: adminInstitutions.renderDepartments }],
  [/^#\/admin\/users$/, adminUsers],
  [/^#\/admin\/profiles$/, adminProfiles],
];

export const app = {
  session: null,
  async refreshSession() {
    try {
      this.session = await api("/api/session");
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      this.session = null;
    }
    renderChrome();
  },
  go(hash) {
    if (location.hash === hash) render();
    else location.hash = hash;
  },
  // A page opened while logged out (a scanned check-in code): shown again right after login.
  returnHereAfterLogin(hash) {
    if (!["", "#/", "#/login"].includes(hash)) sessionStorage.setItem(RETURN_KEY, hash);
  },
  takeReturnTo() {
    const hash = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
    return hash;
  },
};

const RETURN_KEY = "drillbook.return_to";
function sendToLogin(hash) {
  app.returnHereAfterLogin(hash);
  app.go("#/login");
}

function navLinks(session) {
  const own = session.institution_id && `#/institutions/${session.institution_id}`;
  const byRole = {
    admin: [["nav.institutions", "#/institutions"], ["nav.calendar", "#/calendar"], ["nav.matrix", "#/matrix"], ["nav.spot_checks", "#/spot-checks"], ["nav.admin", "#/admin/institutions"]],
    officer: [["nav.my_institution", own], ["nav.calendar", "#/calendar"], ["nav.planner", `${own}/planner`], ["nav.compliance", `${own}/compliance`], ["nav.roster", `${own}/roster`], ["nav.corrective_actions", "#/actions"], ["nav.rectification", "#/rectification"], ["nav.credit_register", `${own}/credits`]],
    staff: [["nav.my_schedule", "#/me"], ["nav.calendar", "#/calendar"], ["nav.my_credits", "#/me/credits"], ["nav.my_competencies", "#/me/competencies"], ["nav.my_institution", own]],
    reviewer: [["nav.my_zone", "#/zone"], ["nav.rectification", "#/rectification"], ["nav.spot_checks", "#/spot-checks"], ["nav.calendar", "#/calendar"], ["nav.matrix", "#/matrix"], ["nav.institutions", "#/institutions"]],
    commission: [["nav.commission_home", `#/commission/${session.jurisdiction_id}`], ["nav.my_jurisdiction", `#/jurisdictions/${session.jurisdiction_id}`], ["nav.competency_coverage", "#/competency-coverage"], ["nav.calendar", "#/calendar"], ["nav.matrix", "#/matrix"], ["nav.institutions", "#/institutions"]],
  };
  // paired support (对口支援): every role but staff (staff reach theirs from the calendar feed)
  const paired = session.role === "staff" ? [] : [["nav.paired_support", "#/paired-support"]];
  // competency exams and certificates (issue 14): the officer keeps both, staff upload their own
  const competencyWork = {
    officer: [["nav.competency_exams", "#/competency-exams"], ["nav.competency_certificates", "#/competency-certificates"]],
    staff: [["nav.competency_certificates", "#/competency-certificates"]],
  }[session.role] || [];
  return [...(byRole[session.role] || []), ...competencyWork, ...paired, ["nav.rules", "#/rules"]];
}

// The menu fits on one line at 1280 px: less used entries sit in drop-down groups (a group with
// a single entry for a role stays a plain link). "more" always comes last; the others stand where
// their first entry would. On a phone every group is shown open in the ☰ menu.
const NAV_GROUPS = {
  corrective_actions: "rectify", rectification: "rectify",
  credit_register: "records", competency_exams: "records", competency_certificates: "records",
  roster: "more", paired_support: "more", rules: "more",
};

function navLink([key, href]) {
  return h("a", { href, testid: `nav-${key.split(".")[1]}`, class: location.hash === href ? "active" : "" }, t(key));
}

function navItems(links) {
  const groups = new Map();
  for (const link of links) {
    const group = NAV_GROUPS[link[0].split(".")[1]];
    if (group) groups.set(group, [...(groups.get(group) || []), link]);
  }
  const items = [];
  const placed = new Set();
  for (const link of links) {
    const group = NAV_GROUPS[link[0].split(".")[1]];
    if (!group || groups.get(group).length === 1) items.push(navLink(link));
    else if (!placed.has(group) && group !== "more") { placed.add(group); items.push(navGroup(group, groups.get(group))); }
  }
  if ((groups.get("more") || []).length > 1) items.push(navGroup("more", groups.get("more")));
  return items;
}

function navGroup(group, links) {
  const menu = h("div.nav-menu", { id: `nav-menu-${group}`, testid: `nav-menu-${group}` }, links.map(navLink));
  const active = links.some(([, href]) => location.hash === href);
  const button = h(active ? "button.nav-group-toggle.active" : "button.nav-group-toggle", { type: "button", testid: `nav-group-${group}`,
    "aria-expanded": "false", "aria-controls": menu.id, onclick: () => openNavGroup(wrapper, !wrapper.classList.contains("open")) },
  t(`nav.group.${group}`), h("span", { "aria-hidden": "true" }, " ▾"));
  const wrapper = h("div.nav-group", { onfocusout: (e) => { if (!wrapper.contains(e.relatedTarget)) openNavGroup(wrapper, false); } },
    button, h("span.nav-group-label", { "aria-hidden": "true" }, t(`nav.group.${group}`)), menu);
  menu.addEventListener("click", (e) => { if (e.target.closest("a")) openNavGroup(wrapper, false); });
  return wrapper;
}

function openNavGroup(wrapper, open) {
  for (const other of document.querySelectorAll(".nav-group.open")) {
    if (other !== wrapper || !open) {
      other.classList.remove("open");
      other.querySelector(".nav-group-toggle").setAttribute("aria-expanded", "false");
    }
  }
  if (open) {
    wrapper.classList.add("open");
    wrapper.querySelector(".nav-group-toggle").setAttribute("aria-expanded", "true");
  }
}

function renderChrome() {
  translateStatic();
  const nav = document.getElementById("nav");
  const session = app.session;
  nav.replaceChildren(...navItems(session ? navLinks(session) : []));
  const switcher = document.querySelector("[data-testid=lang-switch]");
  switcher.textContent = t("lang.switch");
  switcher.title = t("lang.switch_hint");
  const toggle = document.querySelector("[data-testid=menu-toggle]");
  toggle.hidden = !session;
  toggle.setAttribute("aria-label", t("nav.menu"));
  const who = document.querySelector("[data-testid=who]");
  who.textContent = session ? `${session.display_name} · ${label("user_role", session.role)}` : "";
  const logout = document.querySelector("[data-testid=logout]");
  logout.hidden = !session;
  logout.textContent = t("nav.logout");
}

async function render() {
  const view = document.getElementById("view");
  document.getElementById("nav").classList.remove("open");
  const hash = location.hash || "#/";
  if (!app.session && hash !== "#/login") return sendToLogin(await checkIn.keepScanForLogin(hash));
  if (hash === "#/" || (hash === "#/login" && app.session)) return app.go(app.session.landing);
  const match = ROUTES.map(([pattern, page]) => [hash.match(pattern), page]).find(([m]) => m);
  renderChrome();
  if (!match) {
    view.replaceChildren(h("section.page", { testid: "not-found" }, h("h1", {}, t("page.not_found")),
      h("p", {}, h("a.button", { href: app.session.landing, testid: "not-found-home" }, t("page.back_to_landing")))));
    return;
  }
  const [groups, page] = match;
  // Each visit renders into its own slot: a page still loading when the reader moves on
  // writes into a detached slot instead of over the page they moved to.
  const slot = h("div.view-slot", {}, h("p.loading", {}, t("common.loading")));
  view.replaceChildren(slot);
  try {
    await page.render(slot, groups.slice(1), app);
  } catch (error) {
    slot.replaceChildren(h("section.page", {}, errorBox(error, "page-error")));
  }
}

async function start() {
  await loadLanguage();
  document.querySelector("[data-testid=lang-switch]").addEventListener("click", async () => {
    if (await loadLanguage(otherLanguage())) await render();
  });
  document.querySelector("[data-testid=logout]").addEventListener("click", async () => {
    await api("/api/session", { method: "DELETE" }).catch(() => {});
    app.session = null;
    app.go("#/login");
  });
  const toggle = document.querySelector("[data-testid=menu-toggle]");
  toggle.addEventListener("click", () => {
    const open = document.getElementById("nav").classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  });
  // Escape closes an open menu group (focus back on its button); a click elsewhere closes it too
  document.addEventListener("keydown", (e) => {
    const open = document.querySelector(".nav-group.open");
    if (e.key !== "Escape" || !open) return;
    openNavGroup(open, false);
    open.querySelector(".nav-group-toggle").focus();
  });
  document.addEventListener("click", (e) => {
    if (!e.target.closest(".nav-group")) openNavGroup(null, false);
  });
  // The session ended on the server (expired, logged out elsewhere): forget it here too,
  // or the login page would send the reader straight back to a page that cannot load.
  window.addEventListener("drillbook:signed-out", () => {
    app.session = null;
    renderChrome();
    app.go("#/login");
  });
  await app.refreshSession();
  window.addEventListener("hashchange", render);
  await render();
}

start();
