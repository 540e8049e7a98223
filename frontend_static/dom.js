// h("tag.class", {attrs}, ...children): builds elements; text is always text, never HTML.
export function h(spec, attrs = {}, ...children) {
  const [tag, ...classes] = spec.split(".");
  const element = document.createElement(tag || "div");
  if (classes.length) element.className = classes.join(" ");
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "testid") element.dataset.testid = value;
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

// A table that turns into labelled cards on a phone (see .responsive in styles.css).
export function table(columns, rows, { testid, empty } = {}) {
  if (!rows.length) return h("p.empty", { testid: testid && `${testid}-empty` }, empty || "");
  return h("table.responsive", { testid },
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", {}, c.title)))),
    h("tbody", {}, rows.map((row) =>
      h("tr", {}, columns.map((c) => h("td", { "data-label": c.title }, c.cell(row)))))),
  );
}

export function pager({ page, pageSize, total, onPage, t }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return h("div.pager", { testid: "pager" },
    h("button", { type: "button", disabled: page <= 1, onclick: () => onPage(page - 1) }, t("pager.previous")),
    h("span", {}, t("pager.status", { page, pages, total })),
    h("button", { type: "button", disabled: page >= pages, onclick: () => onPage(page + 1) }, t("pager.next")),
  );
}

export function errorBox(error, testid = "error") {
  return h("p.error", { testid, role: "alert" }, error.message);
}
