// Self check-in. The officer's screen at the venue (a QR code that changes every 30 s and a live
// count), the page a scanned code opens on a staff member's phone, and the page the paper sign-in
// sheet's QR code opens (it cannot rotate, so it sends people to the screen).
import { api } from "../api.js";
import { errorBox, h } from "../dom.js";
import { formatDateTime, t } from "../i18n.js";
import { clock, timeRange } from "./calendar.js";

// A code is accepted for 30-60 s. The screen fetches the next one when the server says it is
// issued (refresh_at, at the 30 s boundary), and at the latest every 25 s.
const REFRESH_SECONDS = 25;
const COUNT_POLL_MS = 5000;
const TOOK_PART = ["present", "late", "left_early"];

// The server's SVG, parsed as an image and imported node by node: never markup in the page.
export function svgNode(text) {
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
  const svg = parsed.documentElement;
  if (svg.nodeName !== "svg" || parsed.querySelector("parsererror")) return null;
  for (const script of svg.querySelectorAll("script, foreignObject")) script.remove();
  const node = document.importNode(svg, true);
  // drawn at any size: the page's CSS decides how big the code is
  if (!node.hasAttribute("viewBox")) {
    const size = (name) => parseFloat(node.getAttribute(name)) || 0;
    node.setAttribute("viewBox", `0 0 ${size("width")} ${size("height")}`);
  }
  node.removeAttribute("width");
  node.removeAttribute("height");
  node.setAttribute("role", "img");
  return node;
}

function checkedInList(sheet) {
  const came = sheet.entries.filter((e) => e.checked_in_at)
    .sort((a, b) => b.checked_in_at.localeCompare(a.checked_in_at));
  const present = sheet.entries.filter((e) => TOOK_PART.includes(e.status)).length;
  const expected = sheet.entries.filter((e) => e.invited).length;
  return [
    h("p.checkin-count", { testid: "checkin-count" },
      h("strong", {}, String(came.length)), " ", t("check_in.count", { expected, present })),
    h("ul.checkin-names", { testid: "checkin-names" }, came.slice(0, 12).map((e) =>
      h("li", {}, h("span", {}, e.name), " ", h("span.muted.small", {}, clock(e.checked_in_at))))),
  ];
}

export async function renderScreen(view, [id]) {
  const detail = await api(`/api/activities/${id}`);
  const activity = detail.activity;
  const qr = h("div.checkin-qr", { testid: "checkin-qr" });
  const countdown = h("p.checkin-countdown", { testid: "checkin-countdown", "aria-live": "off" });
  const windowLine = h("p.checkin-window", { testid: "checkin-window" });
  const windowTimes = h("p.muted", { testid: "checkin-window-times" });
  const link = h("p.checkin-url.muted.small", { testid: "checkin-url" });
  const live = h("div.checkin-live", { testid: "checkin-live" });
  const problem = h("div");
  let next = 0;
  let code = null;
  let fetching = false;

  async function showCode() {
    try {
      code = await api(`/api/activities/${id}/check-in-code`);
      const node = svgNode(code.qr_svg);
      qr.replaceChildren(node || "");
      if (node) node.setAttribute("aria-label", t("check_in.qr_alt"));
      qr.dataset.code = code.code;
      link.textContent = code.url;
      windowLine.textContent = code.window_message;
      windowLine.className = `checkin-window ${code.window_open ? "open" : "shut"}`;
      windowTimes.textContent = t("check_in.window_times", { opens: formatDateTime(code.window_opens_at), closes: formatDateTime(code.window_closes_at) });
      problem.replaceChildren();
      // between 2 and 25 s from now, whatever this device's clock says
      const wait = new Date(code.refresh_at).getTime() + 500 - Date.now();
      next = Date.now() + Math.min(Math.max(wait, 2000), REFRESH_SECONDS * 1000);
    } catch (error) {
      problem.replaceChildren(errorBox(error, "checkin-error"));
      next = Date.now() + 5000;
    }
  }
  async function showCount() {
    try {
      live.replaceChildren(...checkedInList(await api(`/api/activities/${id}/attendance`)));
    } catch (error) {
      live.replaceChildren(errorBox(error, "checkin-count-error"));
    }
  }
  await Promise.all([showCode(), showCount()]);
  countdown.textContent = t("check_in.countdown", { seconds: Math.max(0, Math.ceil((next - Date.now()) / 1000)) });
  view.replaceChildren(h("section.page.wide.checkin-screen", { testid: "checkin-screen" },
    h("p.crumbs", {}, h("a", { href: `#/activities/${id}/attendance`, testid: "checkin-to-roster" }, t("attendance.title"))),
    h("h1", { testid: "checkin-title" }, activity.title),
    h("p.lead", {}, timeRange(activity), activity.place ? ` · ${activity.place}` : ""),
    problem,
    h("div.checkin-layout", {},
      h("div.checkin-code", {}, h("p.checkin-instruction", {}, t("check_in.scan_instruction")), qr, countdown, link),
      h("div.checkin-side", {}, windowLine, windowTimes, h("h2", {}, t("check_in.live_title")), live))));
  // timers stop by themselves once the reader has left this page
  const tick = setInterval(() => {
    if (!qr.isConnected) return clearInterval(tick);
    const left = Math.max(0, Math.ceil((next - Date.now()) / 1000));
    countdown.textContent = t("check_in.countdown", { seconds: left });
    if (left === 0 && !fetching) {
      fetching = true;
      showCode().finally(() => { fetching = false; });
    }
  }, 1000);
  const poll = setInterval(() => (qr.isConnected ? showCount() : clearInterval(poll)), COUNT_POLL_MS);
}

function outcome(result) {
  const a = result.activity;
  return h("div.scan-result.ok", { testid: "scan-success", role: "status" },
    h("p.scan-mark", { "aria-hidden": "true" }, "✔"),
    h("p.scan-headline", {}, t("check_in.success")),
    h("p.scan-title", { testid: "scan-activity" }, a.title),
    h("p", {}, formatDateTime(a.starts_at), a.place ? ` · ${a.place}` : "", a.host_name ? ` · ${a.host_name}` : ""),
    h("p.muted", {}, t("check_in.success_at", { time: formatDateTime(result.checked_in_at) })));
}

function refusal(error) {
  // already checked in is good news told twice, not a failure
  const calm = error.code === "check_in_already" || error.code === "check_in_already_recorded";
  return h("div", { class: `scan-result ${calm ? "ok" : "bad"}`, testid: calm ? "scan-already" : "scan-refused", role: "alert" },
    h("p.scan-mark", { "aria-hidden": "true" }, calm ? "✔" : "!"),
    h("p.scan-headline", { testid: "scan-message" }, error.message),
    calm ? null : h("p.muted", {}, t("check_in.refused_hint")));
}

// A scanned code lives 30-60 s, less than logging in on a phone takes: before the login page,
// exchange it for a hold on the scan (ten minutes) and come back to check in with that.
export async function keepScanForLogin(hash) {
  const match = hash.match(/^#\/check-in\?(.*)$/);
  const code = match && new URLSearchParams(match[1]).get("code");
  if (!code) return hash;
  try {
    const kept = await api("/api/check-in/hold", { method: "POST", json: { code } });
    return `#/check-in?hold=${encodeURIComponent(kept.hold)}`;
  } catch {
    return hash; // expired or not ours: the landing page says why after the login
  }
}

export async function renderLanding(view, [query], app) {
  const params = new URLSearchParams(query || "");
  const code = params.get("code") || "";
  const hold = params.get("hold") || "";
  const body = h("div", {}, h("p.loading.scan-wait", {}, t("check_in.sending")));
  view.replaceChildren(h("section.page.narrow.scan-page", { testid: "scan-page" }, body,
    h("p.actions.scan-links", {}, h("a.button.secondary", { href: "#/me", testid: "scan-to-me" }, t("nav.my_schedule")))));
  try {
    const result = await api("/api/check-in", { method: "POST", json: { code, hold } });
    body.replaceChildren(outcome(result));
  } catch (error) {
    if (error.status !== 401) {
      body.replaceChildren(refusal(error));
      return;
    }
    // the session ended on the server: the shell shows the login page; come back here after it
    app.returnHereAfterLogin(await keepScanForLogin(`#/check-in?${query || ""}`));
  }
}

// The sheet on paper carries this page's address: the code itself would be stale by then.
export async function renderPaper(view, [id], app) {
  const session = app.session;
  const detail = await api(`/api/activities/${id}`).catch(() => null);
  const officer = detail && ["officer", "admin", "commission"].includes(session.role);
  view.replaceChildren(h("section.page.narrow.scan-page", { testid: "paper-check-in" },
    h("p.scan-mark", { "aria-hidden": "true" }, "◎"),
    detail ? h("p.scan-title", {}, detail.activity.title) : null,
    h("p.scan-headline", {}, t("check_in.scan_the_screen")),
    officer ? h("p.actions", {}, h("a.button", { href: `#/activities/${id}/check-in-screen` }, t("attendance.qr"))) : null));
}
