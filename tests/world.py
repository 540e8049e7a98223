"""A small world every API test starts from, and clients logged in as each role.

Province 东岚省 > city 南禾市 > counties A (禾城区) and B (柳溪县).
  centre   city maternal critical-care centre in A; leads zone Z
  hosp_a   county hospital in A, member of zone Z
  hosp_b   county hospital in B, in no zone
Users (password PASSWORD): admin, officer (hosp_a), staff (hosp_a, staff member s_a),
reviewer (centre), commission (county A), city_commission (the city).
"""

from __future__ import annotations

import asyncio
import threading
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from argon2 import PasswordHasher
from litestar import Litestar
from litestar.testing import TestClient
from piccolo.engine.postgres import PostgresEngine
from piccolo.querystring import QueryString

from backend.app import create_app
from backend.auth.tables import User
from backend.competencies.coverage import forget_counts
from backend.compliance.freshness import facts_unchanged
from backend.core.chinese_order import person_pinyin_text, pinyin_text
from backend.core.database import (
    close_database_pool,
    current_engine,
    open_database_pool,
    transaction,
)
from backend.core.settings import Settings, load_settings
from backend.institutions.tables import Department, Institution, Jurisdiction, Zone, ZoneMembership
from backend.piccolo_app import ALL_TABLES
from backend.staff.tables import StaffMember

PASSWORD = "correct horse battery"
_HASH: list[str] = []
# The world's users log in thousands of times a run. Their hash is argon2 like every other, verified
# by the product's own code (which reads the cost from the hash), at the lowest cost: about 1 ms a
# login instead of 0.1-0.3 s with the product's default cost.
_CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@dataclass
class World:
    province: int
    city: int
    county_a: int
    county_b: int
    centre: int
    hosp_a: int
    hosp_b: int
    zone: int
    obstetrics_a: int
    neonatology_a: int
    obstetrics_b: int
    s_a: int
    s_b: int


async def wipe() -> None:
    """Empty every table, children first, in one transaction: one commit instead of one per
    table (TRUNCATE on PostgreSQL cost 0.1-1 s a test; ids are not restarted, no test needs it)."""
    async with transaction():
        facts_unchanged()  # every snapshot and facts version goes with the rest
        await _wipe()


async def _wipe() -> None:
    forget_counts()  # the commission coverage's kept counts belong to the database wiped here
    engine = current_engine()
    # RESTRICT is checked row by row, so unlink the self-references first.
    await engine.run_querystring(QueryString("UPDATE jurisdiction SET parent = NULL"))
    await engine.run_querystring(QueryString("UPDATE spot_check_sample SET replaces = NULL"))
    for table in reversed(ALL_TABLES):
        await engine.run_querystring(QueryString(f"DELETE FROM {table._meta.tablename}"))


async def _save(row):
    await row.save()
    return row.id


async def build_world() -> World:
    async with transaction():  # one commit for the whole world
        facts_unchanged()  # every snapshot and facts version is wiped with the rest
        await _wipe()
        return await _build_world()


async def _build_world() -> World:
    province = await _save(Jurisdiction(code="dl", name_zh="东岚省", level="province"))
    city = await _save(
        Jurisdiction(
            code="nh", name_zh="南禾市", level="city", parent=province, profile="kaifeng-2022"
        )
    )
    county_a = await _save(
        Jurisdiction(code="nh-hc", name_zh="禾城区", level="county", parent=city)
    )
    county_b = await _save(
        Jurisdiction(code="nh-lx", name_zh="柳溪县", level="county", parent=city)
    )

    def hospital(code, name, county, **flags):
        return Institution(
            code=code,
            name_zh=name,
            name_pinyin=pinyin_text(name),
            kind="general_hospital",
            level="tertiary",
            jurisdiction=county,
            **flags,
        )

    centre = await _save(
        hospital("centre", "南禾市第一人民医院", county_a, city_maternal_centre=True)
    )
    hosp_a = await _save(hospital("hosp-a", "禾城区人民医院", county_a))
    hosp_b = await _save(hospital("hosp-b", "柳溪县人民医院", county_b))
    zone = await _save(Zone(code="zone-1", name_zh="第一片区", lead_institution=centre))
    await ZoneMembership.insert(ZoneMembership(zone=zone, institution=hosp_a))
    obstetrics_a = await _save(Department(institution=hosp_a, kind="obstetrics", name_zh="产科"))
    neonatology_a = await _save(
        Department(institution=hosp_a, kind="neonatology", name_zh="新生儿科")
    )
    obstetrics_b = await _save(Department(institution=hosp_b, kind="obstetrics", name_zh="产科"))
    now = datetime.now(UTC)

    def person(institution, department, number, name):
        return StaffMember(
            institution=institution,
            department=department,
            staff_number=number,
            name=name,
            name_pinyin=person_pinyin_text(name),
            role="obstetrician",
            title="intermediate",
            active_from=date(2020, 1, 1),
            updated_at=now,
        )

    s_a = await _save(person(hosp_a, obstetrics_a, "A001", "张晓梅"))
    s_b = await _save(person(hosp_b, obstetrics_b, "B001", "李建国"))
    if not _HASH:
        _HASH.append(_CHEAP_HASHER.hash(PASSWORD))
    users = [
        ("admin", "admin", {}),
        ("officer", "officer", {"institution": hosp_a}),
        ("staff", "staff", {"institution": hosp_a, "staff_member": s_a}),
        ("reviewer", "reviewer", {"institution": centre}),
        ("commission", "commission", {"jurisdiction": county_a}),
        ("city_commission", "commission", {"jurisdiction": city}),
    ]
    for username, role, links in users:
        await User.insert(
            User(
                username=username, password_hash=_HASH[0], display_name=username, role=role, **links
            )
        )
    return World(
        province,
        city,
        county_a,
        county_b,
        centre,
        hosp_a,
        hosp_b,
        zone,
        obstetrics_a,
        neonatology_a,
        obstetrics_b,
        s_a,
        s_b,
    )


_APPS: dict[Settings, Litestar] = {}


def app_for(settings: Settings) -> Litestar:
    """One app per settings for the whole run: building one takes about half a second (every
    route's signature and schema), and the app keeps no state of its own between requests
    (sessions, throttle counts and data live in the database each test wipes)."""
    if settings not in _APPS:
        _APPS[settings] = create_app(settings)
    return _APPS[settings]


class _TestLoop:
    """One event loop thread for the whole run, shared by every test client and the world
    builder, holding the PostgreSQL connection pool the server would hold (without one, every
    query of the app under test connects anew: about 15 ms each, most of a PostgreSQL run).

    asyncpg's pool belongs to the loop that made it; code a test runs with asyncio.run() on
    another loop gets no pool and connects per query as before (`_LoopBoundPool`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._portal: BlockingPortal | None = None
        self._exit = ExitStack()

    def portal(self) -> BlockingPortal:
        with self._lock:
            if self._portal is None:
                _bind_pool_to_its_loop()
                self._portal = self._exit.enter_context(start_blocking_portal())
                self._portal.call(open_database_pool)
            return self._portal

    def close(self) -> None:
        if self._portal is not None:
            self._portal.call(close_database_pool)
            self._portal = None
        self._exit.close()


class _LoopBoundPool:
    """Descriptor for PostgresEngine.pool: one pool per event loop, seen only on its own loop
    (code that opens and closes a pool under asyncio.run, like the benchmarks, keeps its own)."""

    def __init__(self) -> None:
        self._pools: dict[tuple[int, int], object] = {}  # (engine id, loop id) -> pool

    def __get__(self, engine, owner=None):
        if engine is None:
            return self
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None
        return self._pools.get((id(engine), id(loop)))

    def __set__(self, engine, pool) -> None:
        key = (id(engine), id(asyncio.get_running_loop()))
        if pool is None:
            self._pools.pop(key, None)
        else:
            self._pools[key] = pool


class _PooledPerLoop(PostgresEngine):
    __slots__ = ()
    pool = _LoopBoundPool()


def _bind_pool_to_its_loop() -> None:
    engine = current_engine()
    if isinstance(engine, PostgresEngine) and not isinstance(engine, _PooledPerLoop):
        engine.__class__ = _PooledPerLoop


TEST_LOOP = _TestLoop()


def on_test_loop(coroutine):
    """Run a coroutine on the run's shared loop (with the database pool), like asyncio.run."""
    return TEST_LOOP.portal().call(lambda: coroutine)


def open_client(settings: Settings | None = None) -> TestClient:
    """A client of the shared app on the run's shared loop, closed by `client.__exit__` (which
    leaves the loop running for the next test). Not `with TestClient(app)`: that runs the app's
    lifespan, which an app shared by several clients at once cannot (the second shutdown waits
    forever); create_app has no startup work the tests need."""
    client = TestClient(app_for(settings or load_settings()))
    client.blocking_portal = TEST_LOOP.portal()
    client.exit_stack = ExitStack()
    return client


@pytest.fixture
def world() -> World:
    return on_test_loop(build_world())


@pytest.fixture
def anonymous():
    client = open_client()
    yield client
    client.__exit__(None, None, None)


@pytest.fixture
def api(world):
    """api("officer") -> a TestClient logged in as that user of the world."""
    clients: list[TestClient] = []

    def login(username: str) -> TestClient:
        client = open_client()
        clients.append(client)
        response = client.post("/api/session", json={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return client

    yield login
    for client in clients:
        client.__exit__(None, None, None)
