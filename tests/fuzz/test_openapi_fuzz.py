"""Schemathesis drives every operation of /schema/openapi.json, as each role and anonymously.

Every generated request (valid and deliberately invalid) must get an answer below 500 whose
status code, content type and body are the ones the OpenAPI document promises (issue 12).
Failures are collected across all operations, so one run lists everything that is wrong.
Deterministic (derandomized Hypothesis, no example database): CI sees the same cases each run.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from litestar.testing import TestClient
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from backend.app import create_app
from backend.auth.service import SESSION_COOKIE
from backend.core.settings import load_settings
from tests.world import PASSWORD, build_world

ROLES = ["anonymous", "admin", "officer", "staff", "reviewer", "commission"]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Per operation, role and generation mode: 75 operations x 6 roles x 2 modes x 5 cases stay
# within about four minutes per database on two cores.
EXAMPLES = 5
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
LOGOUT = ("DELETE", "/api/session")


def session_cookies(username: str) -> dict[str, str]:
    """A fresh session of `username` (its own app: the fuzzed one runs in schemathesis' loop)."""
    if username == "anonymous":
        return {}
    with TestClient(create_app(load_settings())) as client:
        response = client.post("/api/session", json={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return {SESSION_COOKIE: response.cookies[SESSION_COOKIE]}


@dataclass
class RoleFuzz:
    """One role's pass over every operation; failures are kept, one per (operation, check)."""

    role: str
    cookies: dict[str, str]
    cases: int = 0
    failures: dict[tuple[str, str], str] = field(default_factory=dict)

    def send(self, case: schemathesis.Case) -> None:
        self.cases += 1
        operation = (case.operation.method.upper(), case.operation.path)
        try:
            case.call_and_validate(cookies=self.cookies, checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as exc:
            self.keep(" ".join(operation), exc, case)
        if operation == LOGOUT:
            self.cookies = session_cookies(self.role)

    def keep(self, label: str, exc: BaseException, case: schemathesis.Case) -> None:
        found = exc.exceptions if isinstance(exc, BaseExceptionGroup) else (exc,)
        for failure in found:
            title = getattr(failure, "title", type(failure).__name__)
            self.failures.setdefault(
                (label, title),
                f"{self.role} {label}: {title}\n  {case.as_curl_command()}\n  {failure}",
            )

    def run(self, operation: schemathesis.APIOperation, mode: GenerationMode) -> None:
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def fuzz(case: schemathesis.Case) -> None:
            self.send(case)

        with contextlib.suppress(Unsatisfiable):  # nothing to make invalid: it takes no input
            fuzz()


def test_every_generated_request_gets_a_documented_answer_below_500() -> None:
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", create_app(load_settings()))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 50  # the document lists the whole API
    started = time.monotonic()
    passes = []
    for role in ROLES:
        asyncio.run(build_world())  # each role starts from the world, not the last one's writes
        fuzz = RoleFuzz(role, session_cookies(role))
        for operation in operations:
            for mode in MODES:
                fuzz.run(operation, mode)
        passes.append(fuzz)
    asyncio.run(build_world())
    cases = sum(p.cases for p in passes)
    failures = [text for p in passes for text in p.failures.values()]
    print(
        f"\nschemathesis: {cases} cases ({', '.join(f'{p.role} {p.cases}' for p in passes)}), "
        f"{len(operations)} operations, {time.monotonic() - started:.0f} s, "
        f"{len(failures)} distinct failures"
    )
    assert all(p.cases >= len(operations) for p in passes)
    assert not failures, "\n".join(failures)
