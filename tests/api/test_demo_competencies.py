"""The demo city shows competencies: the officer's matrix has a mix of states and a coverage
warning, the staff user sees competencies current, expiring, expired and never held."""

import asyncio

import pytest

from backend.core.clock import today_in_shanghai
from backend.institutions.tables import Department, Institution
from backend.staff.tables import StaffMember
from backend.tooling.demo_city.load import load_demo_city
from tests.api.test_demo_city import login
from tests.world import wipe


@pytest.fixture(scope="module")
def demo_city():
    asyncio.run(wipe())
    # the day the reading routes judge by: the demo is loaded on the day it is shown
    assert asyncio.run(load_demo_city(seed=2025, today=today_in_shanghai())) == 0
    yield
    asyncio.run(wipe())


@pytest.fixture
def client_of():
    opened = []

    def open_as(username):
        client, session = login(username)
        opened.append(client)
        return client, session

    yield open_as
    for client in opened:
        client.__exit__(None, None, None)


def obstetrics_of(code: str) -> int:
    row = (
        Department.select(Department.id)
        .where((Department.institution.code == code) & (Department.kind == "obstetrics"))
        .first()
        .run_sync()
    )
    return row["id"]


def test_the_officers_obstetrics_matrix_mixes_states_and_warns_about_night_cover(
    demo_city, client_of
):
    client, _ = client_of("officer")
    response = client.get(f"/api/departments/{obstetrics_of('nh-mch')}/competency-matrix")
    assert response.status_code == 200, response.text
    matrix = response.json()
    states = {cell["state"] for row in matrix["rows"] for cell in row["cells"] if cell["state"]}
    assert states == {"current", "expiring", "expired", "never"}
    warned = [t for t in matrix["thresholds"] if t["warning"]]
    assert [t["competency"]["name_zh"] for t in warned] == ["产后出血抢救团队指挥"]
    assert warned[0]["message_zh"]
    lead = next(t for t in matrix["thresholds"] if t["competency"]["id"] == "pph-team-lead")
    assert lead["people"] >= 1 and lead["holders"] == 0  # night-shift obstetricians, none current
    assert any(row["night_shifts"] for row in matrix["rows"])
    assert not all(row["night_shifts"] for row in matrix["rows"])


def test_the_staff_user_sees_competencies_in_every_state(demo_city, client_of):
    client, session = client_of("staff")
    response = client.get(f"/api/staff/{session['staff_member_id']}/competencies")
    assert response.status_code == 200, response.text
    by_name = {i["competency"]["name_zh"]: i["state"] for i in response.json()["items"]}
    assert by_name["新生儿正压通气"] == "current"
    assert by_name["双手压迫子宫"] == "expiring"
    assert by_name["子痫抽搐处理与硫酸镁应用"] == "expired"
    assert by_name["肩难产处理手法"] == "never"  # a needs-practice drill proves nothing
    assert set(by_name.values()) >= {"current", "expiring", "expired", "never"}


def test_other_demo_hospitals_have_evidence_and_night_shifts_too(demo_city):
    from backend.competencies.tables import CompetencyAssessment

    institutions = Institution.count().run_sync()
    with_evidence = CompetencyAssessment.select(CompetencyAssessment.institution).distinct()
    assert len(with_evidence.run_sync()) == institutions
    nights = StaffMember.count().where(StaffMember.night_shifts == True).run_sync()  # noqa: E712
    assert nights > institutions  # more than one night-shift person per hospital on average
