import { api } from "../api.js";
import { h, errorBox, table } from "../dom.js";
import { t } from "../i18n.js";

const FINAL = ["done", "rejected", "failed", "interrupted"];
const POLL_MS = 500;

function progress(job) {
  const percent = job.total_rows ? Math.round((100 * job.processed_rows) / job.total_rows) : 0;
  return h("div.progress-block", { testid: "roster-progress" },
    h("p", {}, t(`roster.state.${job.state}`), " ", t("roster.progress", { done: job.processed_rows, total: job.total_rows })),
    h("progress", { max: 100, value: job.state === "done" ? 100 : percent }));
}

function outcome(job) {
  if (job.state === "done") {
    const r = job.result;
    return h("p.success", { testid: "roster-done", role: "status" },
      t("roster.done", { created: r.created, updated: r.updated, unchanged: r.unchanged }));
  }
  if (job.state === "rejected") {
    const rows = new Set(job.errors.map((e) => e.row)).size;
    return h("div", { testid: "roster-rejected" },
      h("p.error", { role: "alert" }, t("roster.rejected", { rows })),
      table([
        { title: t("roster.row"), cell: (e) => String(e.row) },
        { title: t("roster.column"), cell: (e) => e.column },
        { title: t("roster.problem"), cell: (e) => e.message },
      ], job.errors, { testid: "roster-errors" }));
  }
  if (job.state === "failed") return h("p.error", { testid: "roster-failed", role: "alert" }, t("roster.failed"));
  if (job.state === "interrupted") {
    return h("p.error", { testid: "roster-interrupted", role: "alert" }, t("roster.interrupted"));
  }
  return null;
}

export async function render(view, [id]) {
  const institution = await api(`/api/institutions/${id}`);
  const status = h("div", { testid: "roster-status" });
  // The browser's own file button speaks the browser's language; ours speaks the reader's.
  const fileName = h("span.file-name", { testid: "roster-file-name" }, t("roster.no_file"));
  const input = h("input", {
    type: "file", name: "file", accept: ".xlsx,.csv", testid: "roster-file",
    onchange: () => { fileName.textContent = input.files.length ? input.files[0].name : t("roster.no_file"); },
  });
  const submit = h("button.primary", { type: "submit", testid: "roster-submit" }, t("roster.upload"));
  const form = h("form.upload", { testid: "roster-form" },
    h("label.file-picker", { title: t("roster.pick") }, input,
      h("span.button.secondary", {}, t("roster.choose")), fileName),
    submit);

  function follow(job) {
    if (!status.isConnected) return; // the reader went to another page
    status.replaceChildren(job.state === "rejected" ? "" : progress(job), outcome(job) || "");
    if (FINAL.includes(job.state)) {
      submit.disabled = false;
      return;
    }
    setTimeout(() => api(`/api/roster-imports/${job.id}`).then(follow, failed), POLL_MS);
  }

  function failed(error) {
    submit.disabled = false;
    status.replaceChildren(errorBox(error, "roster-error"));
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!input.files.length) {
      status.replaceChildren(h("p.error", { testid: "roster-error", role: "alert" }, t("roster.pick")));
      return;
    }
    submit.disabled = true;
    const body = new FormData();
    body.append("file", input.files[0]);
    await api(`/api/institutions/${id}/roster-imports`, { method: "POST", form: body }).then(follow, failed);
  });

  view.replaceChildren(h("section.page", { testid: "roster-page" },
    h("p.crumbs", {}, h("a", { href: `#/institutions/${id}` }, institution.name_zh)),
    h("h1", {}, t("roster.title")),
    h("div.hint", {},
      h("p", {}, t("roster.columns")),
      h("p", {}, h("a.button.secondary", { href: `/api/institutions/${id}/roster-template.xlsx`, download: true, testid: "roster-template" },
        t("roster.template"))),
      h("p.muted", {}, t("roster.rules"))),
    form,
    status,
  ));
}
