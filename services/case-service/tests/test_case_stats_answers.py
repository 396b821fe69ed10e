"""The statistics answer: its body is exactly the documented `CaseStats`; kept and shared a short while per scope and
request, dropped by a case written in this process, computed anew when the caller asks `Cache-Control: no-cache`
(concurrent callers sharing one computation: platform-core's test_answers)."""

from __future__ import annotations

import pytest
from test_pairing_support import CITY, GUANGSHAN, local, make_case

from case_service.indicators import service
from case_service.indicators.schemas import CaseStats

URL = "/api/v1/cases/stats"
Q3 = {"period": "2021-Q3"}


@pytest.fixture
def computed(monkeypatch):
    """How many times the statistics were computed."""
    runs = []
    compute = service.compute

    async def counting(*args, **kwargs):
        runs.append(kwargs.get("region_code"))
        return await compute(*args, **kwargs)

    monkeypatch.setattr(service, "compute", counting)
    return runs


@pytest.fixture
def kept(app):
    """The app keeps answers for a minute, as in production."""
    app.state.settings = app.state.settings.model_copy(update={"stats_cache_seconds": 60})
    app.state.case_stats_answers = None
    yield
    app.state.case_stats_answers = None


async def test_the_body_is_exactly_the_documented_shape(client, roles, q3):
    resp = await client.get(URL, params=Q3, headers=roles["city_leader"])
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == "application/json"
    data = resp.json()
    # Built as plain data for speed: validated by the documented model and dumped again, nothing added or lost.
    assert CaseStats.model_validate(data).model_dump(mode="json") == data
    unit = data["by_unit"][0]
    assert set(unit) == {"unit_id", "unit_name", "flow", "cohort", "snapshot", "rates"}
    assert data["pause"]["rates"]["paused_share"]["denominator"] == data["all"]["flow"]["assigned"] == 7


async def test_without_keeping_every_request_computes(client, roles, q3, computed):
    for _ in range(2):
        assert (await client.get(URL, params=Q3, headers=roles["city_leader"])).status_code == 200
    assert len(computed) == 2


async def test_an_answer_is_kept_and_shared_per_scope_and_request(client, roles, q3, computed, kept):
    first = await client.get(URL, params=Q3, headers=roles["city_leader"])
    again = await client.get(URL, params=Q3, headers=roles["city_leader"])
    assert again.content == first.content and again.headers["age"] == "0"
    assert len(computed) == 1
    # Another officer of the same scope shares it; a county officer, another period or a filter does not.
    await client.get(URL, params=Q3, headers=roles["city_officer"])
    assert len(computed) == 1
    county = (await client.get(URL, params=Q3, headers=roles["guangshan"])).json()
    assert county["all"]["flow"]["received"] < first.json()["all"]["flow"]["received"]
    await client.get(URL, params={"period": "2021-Q2"}, headers=roles["city_leader"])
    await client.get(URL, params={**Q3, "region_code": GUANGSHAN}, headers=roles["city_leader"])
    assert len(computed) == 4
    # Asked for the newest figures, it is computed now.
    await client.get(URL, params=Q3, headers={**roles["city_leader"], "Cache-Control": "no-cache"})
    assert len(computed) == 5


async def test_a_case_written_here_drops_the_kept_answers(client, roles, session, regions, ents, q3, kept):
    before = (await client.get(URL, params=Q3, headers=roles["city_leader"])).json()["all"]["flow"]["received"]
    await make_case(session, regions, ents, region=GUANGSHAN, state="SUBMITTED", created=local(2021, 8, 2))
    await session.commit()
    after = (await client.get(URL, params=Q3, headers=roles["city_leader"])).json()["all"]["flow"]["received"]
    assert after == before + 1
    assert (await client.get(URL, params=Q3, headers=roles["city_leader"])).json()["region_code"] == CITY
