import { api } from "../api.js";
import { h, errorBox } from "../dom.js";
import { t } from "../i18n.js";

export async function render(view, _params, app) {
  const message = h("div.form-message");
  const form = h("form.login-form", { testid: "login-form" },
    h("h1", {}, t("login.title")),
    h("p.muted", {}, t("login.subtitle")),
    h("label", {}, t("login.username"),
      h("input", { name: "username", autocomplete: "username", required: true, testid: "login-username" })),
    h("label", {}, t("login.password"),
      h("input", { name: "password", type: "password", autocomplete: "current-password", required: true, testid: "login-password" })),
    message,
    h("button.primary", { type: "submit", testid: "login-submit" }, t("login.submit")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    message.replaceChildren();
    try {
      const session = await api("/api/session", {
        method: "POST",
        json: { username: data.get("username"), password: data.get("password") },
      });
      await app.refreshSession();
      app.go(app.takeReturnTo() || session.landing);
    } catch (error) {
      message.replaceChildren(errorBox(error, "login-error"));
    }
  });
  view.replaceChildren(h("section.page.narrow", {}, form));
  form.querySelector("input").focus();
}
