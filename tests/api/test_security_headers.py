"""Every answer tells the browser: no framing, no sniffing, no foreign or inline scripts, and in
production, HTTPS only."""

from dataclasses import replace

import pytest
from litestar.testing import TestClient

from backend.app import create_app
from backend.core.settings import load_settings


def _policy(response) -> dict[str, str]:
    directives = [d.strip() for d in response.headers["Content-Security-Policy"].split(";")]
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in directives if d}


@pytest.mark.parametrize(
    "path",
    ["/", "/app.js", "/api/health", "/api/session", "/api/no-such-thing", "/calendar/x.ics"],
)
def test_pages_api_answers_and_errors_carry_the_security_headers(anonymous, path):
    response = anonymous.get(path)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    policy = _policy(response)
    assert policy["frame-ancestors"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP in development


def test_the_page_loads_nothing_the_policy_forbids(anonymous):
    page = anonymous.get("/").text
    assert "<script>" not in page and "style=" not in page  # inline code would be blocked
    assert '<script type="module" src="/app.js">' in page


def test_production_adds_strict_transport_security():
    settings = replace(load_settings(), production=True, public_url="https://drillbook.example.cn")
    with TestClient(create_app(settings)) as client:
        response = client.get("/api/health")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_openapi_viewer_may_load_its_script_but_not_be_framed(anonymous):
    response = anonymous.get("/schema")
    assert _policy(response) == {"frame-ancestors": "'none'"}
    assert (
        anonymous.get("/schema/openapi.json")
        .headers["Content-Security-Policy"]
        .startswith("default-src 'self'")
    )
