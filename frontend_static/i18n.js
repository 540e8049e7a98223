// Every word the pages show comes from i18n/<language>.json and its parts
// (i18n/<language>.<part>.json, one per area of the product); page code holds keys only.
const STORAGE_KEY = "drillbook.language";
export const LANGUAGES = ["zh-CN", "en"];

let language = LANGUAGES.includes(localStorage.getItem(STORAGE_KEY))
  ? localStorage.getItem(STORAGE_KEY)
  : "zh-CN";
let dictionary = {};
const PARTS = ["", ".attendance", ".records", ".profiles", ".zones", ".duties", ".paired_support", ".spot_checks", ".rectification", ".competency_records", ".competency_exams", ".competencies", ".admin"];

// The language last asked for: a second click on the switch while the first language is still
// loading toggles from it, and only the last request is applied.
let wanted = language;

// Loads and applies a language; false when a later request superseded this one.
export async function loadLanguage(next = language) {
  wanted = next;
  const parts = await Promise.all(PARTS.map(async (part) => {
    const response = await fetch(`/i18n/${next}${part}.json`, { cache: "no-cache" });
    return response.json();
  }));
  if (next !== wanted) return false;
  dictionary = Object.assign({}, ...parts);
  language = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  document.title = t("app.title");
  return true;
}

export const currentLanguage = () => language;
export const otherLanguage = () => (wanted === "en" ? "zh-CN" : "en");

export function t(key, params = {}) {
  const text = dictionary[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

// Vocabulary from the API (roles, kinds, titles...) shown in the reader's language.
export function label(group, value) {
  if (value === null || value === undefined || value === "") return "—";
  return dictionary[`${group}.${value}`] ?? value;
}

export function translateStatic(root = document) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
}

const SHANGHAI = "Asia/Shanghai";

// English readers get ISO dates (2026-03-01): month/day order differs between English locales.
const dateLocale = () => (language === "en" ? "sv-SE" : language);

export function formatDateTime(iso) {
  return new Intl.DateTimeFormat(dateLocale(), {
    timeZone: SHANGHAI, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hour12: false,
  }).format(new Date(iso));
}

export function formatDate(isoDate) {
  if (!isoDate) return "—";
  const [y, m, d] = isoDate.split("-").map(Number);
  return new Intl.DateTimeFormat(dateLocale(), { timeZone: "UTC", year: "numeric", month: "2-digit", day: "2-digit" })
    .format(new Date(Date.UTC(y, m - 1, d)));
}

export function todayInShanghai() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: SHANGHAI }).format(new Date());
}
