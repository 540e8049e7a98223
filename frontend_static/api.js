// fetch() for the JSON API: sends the reader's language, turns error bodies into ApiError.
import { currentLanguage } from "./i18n.js";

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error;
    this.body = body;
  }
}

// How many API calls are under way, on <body data-busy>: tests wait for 0 before a screenshot.
let busy = 0;
function countBusy(delta) {
  busy += delta;
  document.body.dataset.busy = String(busy);
}

export async function api(path, options = {}) {
  countBusy(1);
  try {
    return await request(path, options);
  } finally {
    countBusy(-1);
  }
}

async function request(path, { method = "GET", json, form, query } = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
  }
  const headers = { "Accept": "application/json", "Accept-Language": currentLanguage() };
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  }
  const response = await fetch(url, { method, headers, body, credentials: "same-origin" });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && path !== "/api/session") {
      window.dispatchEvent(new CustomEvent("drillbook:signed-out"));
    }
    throw new ApiError(response.status, data);
  }
  return data;
}
