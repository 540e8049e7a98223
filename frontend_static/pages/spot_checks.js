// Spot-checks (抽查点评) for the zone's reviewer: draw a quarter's sample of submitted drill records,
// see every sample (current and superseded, with the redraw's reason), and review a drawn record:
// the exact version drawn beside the checklist, rating and 点评. Findings (B's rectification
// orders) mount in the "review-findings" box once the review exists.
import { api } from "../api.js";
import { errorBox, h, table } from "../dom.js";
import { formatDate, formatDateTime, t, todayInShanghai } from "../i18n.js";
import { pick } from "./calendar.js";
import { actionsTable, contentView, missedSummary } from "./record_view.js";

function quarterOf(isoDate) {
  const [y, m] = isoDate.split("-").map(Number);
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

// The last `count` quarters that have ended (CST), newest first.
function endedQuarters(count) {
  const current = quarterOf(todayInShanghai());
  let [y, q] = [Number(current.slice(0, 4)), Number(current.slice(6))];
  const found = [];
  for (let i = 0; i < count; i += 1) {
    [y, q] = q === 1 ? [y - 1, 4] : [y, q - 1];
    found.push(`${y}-Q${q}`);
  }
  return found;
}

async function zonesFor(session) {
  const zones = await api("/api/zones");
  if (session.role === "reviewer") return zones.filter((z) => z.lead_institution_id === session.institution_id);
  return zones;
}

function reviewBadge(draw) {
  return h("span", { class: `review-status review-${draw.review_status}` }, t(`spot.review.${draw.review_status}`));
}

function drawsTable(sample) {
  return table([
    { title: "#", cell: (d) => String(d.position) },
    { title: t("spot.institution"), cell: (d) => d.institution_name },
    { title: t("spot.activity"), cell: (d) => [d.activity_title, h("br"), h("span.muted", {}, formatDate(d.activity_date))] },
    { title: t("spot.version"), cell: (d) => t("spot.version_n", { version: d.version }) },
    { title: t("spot.drawn_for"), cell: (d) => t(`spot.drawn_for.${d.drawn_for}`) },
    { title: t("spot.review"), cell: (d) => [reviewBadge(d), d.rating ? ` ${pick(d.rating_name_zh, d.rating_name_en)}` : ""] },
    { title: "", cell: (d) => h("a.button", { href: `#/spot-checks/draws/${d.id}`, testid: `open-draw-${d.id}` }, sample.superseded ? t("spot.open") : t("spot.review_it")) },
  ], sample.draws, { testid: `draws-${sample.id}`, empty: t("spot.no_draws") });
}

function riskTable(sample) {
  return table([
    { title: t("spot.institution"), cell: (i) => i.name },
    { title: t("spot.records"), cell: (i) => String(i.records) },
    { title: t("spot.factor.compliance_gaps"), cell: (i) => String(i.factors.compliance_gaps ?? 0) },
    { title: t("spot.factor.missed_timing_targets"), cell: (i) => String(i.factors.missed_timing_targets ?? 0) },
    { title: t("spot.factor.open_rectifications"), cell: (i) => String(i.factors.open_rectifications ?? 0) },
    { title: t("spot.factor.past_poor_ratings"), cell: (i) => String(i.factors.past_poor_ratings ?? 0) },
    { title: t("spot.risk"), cell: (i) => String(i.risk) },
  ], sample.institutions, { testid: `risk-${sample.id}` });
}

function redrawBox(sample, app) {
  const reason = h("input", { type: "text", maxlength: 2000, testid: `redraw-reason-${sample.id}`, placeholder: t("spot.redraw_reason") });
  const error = h("div");
  const button = h("button", { type: "button", testid: `redraw-${sample.id}`, onclick: async () => {
    error.replaceChildren();
    if (!reason.value.trim()) {
      error.replaceChildren(h("p.error", { role: "alert" }, t("spot.redraw_reason_needed")));
      return;
    }
    try {
      await api(`/api/spot-checks/samples/${sample.id}/redraw`, { method: "POST", json: { reason: reason.value } });
      app.go(location.hash);
    } catch (e) {
      error.replaceChildren(errorBox(e));
    }
  } }, t("spot.redraw"));
  return h("details.redraw", {}, h("summary", {}, t("spot.redraw")), h("div.filters", {}, reason, button), error);
}

function sampleCard(sample, app) {
  return h("section", { class: `card sample${sample.superseded ? " superseded" : ""}`, testid: `sample-${sample.id}` },
    h("div.page-head", {},
      h("h2", {}, `${sample.zone_name} · ${sample.quarter}`),
      h("span", { class: `sample-state ${sample.superseded ? "muted" : ""}`, testid: `sample-state-${sample.id}` },
        sample.superseded ? t("spot.superseded") : t("spot.current"))),
    h("p.muted", {}, t("spot.drawn_line", {
      when: formatDateTime(sample.drawn_at), who: sample.drawn_by || "—", size: sample.size, seed: sample.seed,
    })),
    sample.replaces ? h("p", { testid: `sample-reason-${sample.id}` }, t("spot.replaces", { reason: sample.reason })) : null,
    sample.short_by ? h("p.warning", { testid: `sample-short-${sample.id}` }, pick(sample.note_zh, sample.note_en)) : null,
    sample.without_records.length ? h("div.warning", { testid: `without-records-${sample.id}` },
      h("strong", {}, t("spot.without_records")),
      h("ul", {}, sample.without_records.map((i) => h("li", {}, i.name)))) : null,
    drawsTable(sample),
    h("details", {}, h("summary", {}, t("spot.risk_inputs")), riskTable(sample)),
    sample.superseded ? null : redrawBox(sample, app));
}

// The list's filters live in the hash (#/spot-checks?zone=3&quarter=2026-Q3): a link can be shared.
function listFilters(queryText, zones) {
  const params = new URLSearchParams(queryText || "");
  const zone = zones.find((z) => String(z.id) === params.get("zone"));
  const quarter = /^\d{4}-Q[1-4]$/.test(params.get("quarter") || "") ? params.get("quarter") : "";
  return { zone: zone ? String(zone.id) : "", quarter };
}

function listHash({ zone, quarter }) {
  const params = new URLSearchParams();
  if (zone) params.set("zone", zone);
  if (quarter) params.set("quarter", quarter);
  const text = params.toString();
  return text ? `#/spot-checks?${text}` : "#/spot-checks";
}

function filterBar(zones, chosen, app) {
  const change = (key) => (e) => app.go(listHash({ ...chosen, [key]: e.target.value }));
  const quarters = endedQuarters(8);
  if (chosen.quarter && !quarters.includes(chosen.quarter)) quarters.push(chosen.quarter);
  return h("div.filters.card", { testid: "spot-filters" },
    h("strong", {}, t("spot.filter_title")),
    h("label", {}, t("spot.zone"), " ", h("select", { testid: "spot-filter-zone", "aria-label": t("spot.zone"), onchange: change("zone") },
      h("option", { value: "" }, t("spot.all_zones")),
      zones.map((z) => h("option", { value: z.id, selected: String(z.id) === chosen.zone }, pick(z.name_zh, z.name_en || z.name_zh))))),
    h("label", {}, t("spot.quarter"), " ", h("select", { testid: "spot-filter-quarter", "aria-label": t("spot.quarter"), onchange: change("quarter") },
      h("option", { value: "" }, t("spot.all_quarters")),
      quarters.map((q) => h("option", { value: q, selected: q === chosen.quarter }, q)))),
    chosen.zone || chosen.quarter ? h("a.button.secondary", { href: "#/spot-checks", testid: "spot-filter-clear" }, t("spot.filter_clear")) : null);
}

export async function render(view, [queryText], app) {
  const zones = await zonesFor(app.session);
  const chosen = listFilters(queryText, zones);
  const samples = await api("/api/spot-checks/samples", { query: chosen });
  const filtered = Boolean(chosen.zone || chosen.quarter);
  const zone = h("select", { testid: "spot-zone", "aria-label": t("spot.zone") },
    zones.map((z) => h("option", { value: z.id }, pick(z.name_zh, z.name_en || z.name_zh))));
  const quarter = h("select", { testid: "spot-quarter", "aria-label": t("spot.quarter") },
    endedQuarters(8).map((q) => h("option", { value: q }, q)));
  const size = h("input", { type: "number", min: 1, max: 500, value: 5, testid: "spot-size", "aria-label": t("spot.size") });
  const error = h("div");
  const draw = h("button.primary", { type: "button", testid: "spot-draw", onclick: async () => {
    error.replaceChildren();
    try {
      await api("/api/spot-checks/samples", { method: "POST", json: {
        zone: Number(zone.value), quarter: quarter.value, size: Number(size.value),
      } });
      app.go("#/spot-checks");
    } catch (e) {
      error.replaceChildren(errorBox(e));
    }
  } }, t("spot.draw"));
  view.replaceChildren(h("section.page", { testid: "spot-checks-page" },
    h("h1", {}, t("spot.title")),
    h("p.muted", {}, t("spot.intro")),
    zones.length ? h("div.filters.card", { testid: "spot-form" },
      h("label", {}, t("spot.zone"), " ", zone),
      h("label", {}, t("spot.quarter"), " ", quarter),
      h("label", {}, t("spot.size"), " ", size), draw) : h("p.empty", {}, t("spot.no_zone")),
    error,
    zones.length ? filterBar(zones, chosen, app) : null,
    samples.length ? samples.map((s) => sampleCard(s, app))
      : h("p.empty", { testid: "spot-empty" }, filtered ? t("spot.no_samples_filtered") : t("spot.no_samples"))));
}

// --- one drawn record and its review -------------------------------------------------------

function checklistForm(detail, editable) {
  const saved = detail.review?.checklist || {};
  const rows = detail.checklist.items.map((item) => {
    const answer = saved[item.id]?.answer || "";
    const select = h("select", { name: item.id, testid: `check-${item.id}`, disabled: !editable, "aria-label": pick(item.text_zh, item.text_en) },
      h("option", { value: "" }, "—"),
      ["yes", "no", "n/a"].map((a) => h("option", { value: a, selected: a === answer }, t(`spot.answer.${a}`))));
    const note = h("input", { type: "text", maxlength: 2000, value: saved[item.id]?.note || "", disabled: !editable,
      testid: `note-${item.id}`, placeholder: t("spot.note") });
    return { item, select, note };
  });
  const rating = h("select", { testid: "review-rating", disabled: !editable, "aria-label": t("spot.rating") },
    h("option", { value: "" }, "—"),
    detail.checklist.ratings.map((r) => h("option", { value: r.id, selected: r.id === detail.review?.rating }, pick(r.name_zh, r.name_en))));
  const comment = h("textarea", { rows: 5, maxlength: 4000, testid: "review-comment", disabled: !editable, placeholder: t("spot.comment_hint") },
    detail.review?.comment || "");
  const body = () => {
    const checklist = {};
    for (const row of rows) {
      if (row.select.value) checklist[row.item.id] = { answer: row.select.value, note: row.note.value };
    }
    return { checklist, rating: rating.value, comment: comment.value };
  };
  const element = h("div.checklist", {},
    h("ol.checklist-items", {}, rows.map((r) => h("li", {},
      h("p", {}, pick(r.item.text_zh, r.item.text_en)), h("div.filters", {}, r.select, r.note)))),
    h("label", {}, t("spot.rating"), " ", rating),
    h("label.block", {}, t("spot.comment"), comment));
  return { element, body };
}

export async function renderDraw(view, [drawId], app) {
  const detail = await api(`/api/spot-checks/draws/${drawId}`);
  const record = detail.record;
  const editable = detail.may_review;
  const form = checklistForm(detail, editable);
  const error = h("div");
  const run = async (method, path, json) => {
    error.replaceChildren();
    try {
      await api(path, { method, json });
      app.go(location.hash);
    } catch (e) {
      error.replaceChildren(errorBox(e));
    }
  };
  const buttons = editable ? h("div.actions", {},
    h("button", { type: "button", testid: "review-save", onclick: () => run("PUT", `/api/spot-checks/draws/${drawId}/review`, form.body()) }, t("spot.save")),
    h("button.primary", { type: "button", testid: "review-submit", onclick: async () => {
      error.replaceChildren();
      try {
        await api(`/api/spot-checks/draws/${drawId}/review`, { method: "PUT", json: form.body() });
        await api(`/api/spot-checks/draws/${drawId}/review/submit`, { method: "POST" });
        app.go(location.hash);
      } catch (e) {
        error.replaceChildren(errorBox(e));
      }
    } }, t("spot.submit"))) : null;
  const review = detail.review;
  const status = review
    ? h("p", { testid: "review-state" }, t(`spot.review.${review.status}`),
      review.submitted_at ? ` · ${formatDateTime(review.submitted_at)}` : "", review.reviewer ? ` · ${review.reviewer}` : "")
    : h("p.muted", { testid: "review-state" }, t("spot.review.none"));
  const findings = h("div", { testid: "review-findings" });
  view.replaceChildren(h("section.page", { testid: "spot-draw-page" },
    h("p.crumbs", {}, h("a", { href: "#/spot-checks" }, t("spot.back"))),
    h("div.page-head", {},
      h("h1", {}, t("spot.draw_title"), " · ", detail.draw.institution_name),
      h("span.muted", {}, `${detail.zone_name} · ${detail.quarter}`)),
    h("p.muted", {}, [record.activity.title, formatDate(detail.draw.activity_date), t("spot.version_n", { version: detail.draw.version })].join(" · ")),
    detail.newer_version_exists ? h("p.warning", { testid: "newer-version" }, t("spot.newer_version", { version: detail.current_version })) : null,
    detail.sample_superseded ? h("p.warning", { testid: "draw-superseded" }, t("spot.draw_superseded")) : null,
    h("div.spot-review", {},
      h("div.spot-record", { testid: "drawn-record" },
        missedSummary(record.targets),
        contentView(record, record.templates || []),
        h("h2", {}, t("spot.actions")),
        actionsTable(record.actions, { editable: false })),
      h("div.spot-form.card", { testid: "review-form" },
        h("h2", {}, t("spot.review_title")),
        status,
        form.element, buttons, error,
        h("p.muted.small", {}, t("spot.source", { clause: detail.checklist.source_clause, quote: detail.checklist.source_quote })),
        findings))));
  if (review) {
    // B's findings panel (rectification orders), if that page is there yet.
    import("./rectification.js")
      .then((module) => module.renderFindings?.(findings, review, app))
      .catch(() => {});
  }
}
