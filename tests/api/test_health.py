from tests.conftest import TEST_DB


def test_health_reports_ok_and_the_database_in_use(anonymous):
    response = anonymous.get("/api/health")
    assert response.status_code == 200
    expected = "postgresql" if TEST_DB == "postgresql" else "sqlite"
    assert response.json() == {"status": "ok", "database": expected}


def test_openapi_schema_is_served(anonymous):
    response = anonymous.get("/schema/openapi.json")
    assert response.status_code == 200
    assert "/api/institutions" in response.json()["paths"]
