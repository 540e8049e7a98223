// Judgements served while they are being brought up to date (a rule or an upgrade changed them):
// a notice with the time they were judged, and the page reloads itself once the update is done.
import { api } from "../api.js";
import { h } from "../dom.js";
import { formatDateTime, t } from "../i18n.js";

const POLL_MS = 3000;

// `data`: the answer of `path` with `query`; `reload`: renders the page again. Polls the same
// answer every few seconds while it says `updating`, and stops once the page is left.
export function updatingNotice(data, path, query, reload) {
  if (!data.updating) return null;
  const notice = h("p.notice", { testid: "judgements-updating", role: "status" },
    t("judgements.updating", { time: data.judged_at ? formatDateTime(data.judged_at) : "—" }));
  const poll = async () => {
    if (!notice.isConnected) return;  // the reader moved on
    try {
      const fresh = await api(path, { query });
      if (!fresh.updating) return reload();
    } catch {
      // a failed poll is tried again: the notice stays until an answer is up to date
    }
    setTimeout(poll, POLL_MS);
  };
  setTimeout(poll, POLL_MS);
  return notice;
}
