"""Dates and instants are ISO 8601 text only: a number is never a date (pydantic's lax mode reads it as a
Unix time), and a request naming one is 422 naming the field."""

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Annotated

import httpx
import pytest
from fastapi import FastAPI, Query
from pydantic import BaseModel, TypeAdapter, ValidationError

from platform_core.dates import IsoAwareDatetime, IsoDate, IsoDatetime
from platform_core.problems import install_problem_handlers
from platform_core.route_properties import check_numbers_are_not_dates, lax_dates

NOT_DATES = [0, 1609459200, "0", "1609459200", 0.0, True, "", "2021-1-1", "20210101", "2021-01-01T00:00:00", "明天"]
NOT_INSTANTS = [0, 1609459200, "0", "1609459200", True, "", "2021-01-01", "yesterday", "2021-01-01T00:00:00 UTC"]


@pytest.mark.parametrize("value", NOT_DATES)
def test_a_number_or_other_text_is_not_a_date(value):
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(IsoDate).validate_python(value)
    assert caught.value.errors()[0]["type"] in {"date_parsing", "date_from_datetime_parsing"}


@pytest.mark.parametrize("raw", ["0", '"0"', "86400", '"2021-01-01T00:00:00Z"', "null"])
def test_a_number_in_json_is_not_a_date(raw):
    with pytest.raises(ValidationError):
        TypeAdapter(IsoDate).validate_json(raw)


def test_a_date_is_read_and_its_calendar_checked():
    assert TypeAdapter(IsoDate).validate_python("2024-02-29") == date(2024, 2, 29)
    assert TypeAdapter(IsoDate).validate_json('"2021-07-10"') == date(2021, 7, 10)
    assert TypeAdapter(IsoDate).validate_python(date(2021, 1, 1)) == date(2021, 1, 1)
    with pytest.raises(ValidationError):
        TypeAdapter(IsoDate).validate_python("2021-02-29")
    with pytest.raises(ValidationError):
        TypeAdapter(IsoDate).validate_python(datetime(2021, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize("value", NOT_INSTANTS)
def test_a_number_or_a_bare_day_is_not_an_instant(value):
    for kind in (IsoDatetime, IsoAwareDatetime):
        with pytest.raises(ValidationError):
            TypeAdapter(kind).validate_python(value)


def test_an_instant_is_read_with_its_offset():
    shanghai = timezone(timedelta(hours=8))
    assert TypeAdapter(IsoAwareDatetime).validate_python("2021-01-01T09:00:00+08:00") == datetime(
        2021, 1, 1, 9, tzinfo=shanghai
    )
    assert TypeAdapter(IsoDatetime).validate_python("2021-01-01T09:00:00Z") == datetime(2021, 1, 1, 9, tzinfo=UTC)
    assert TypeAdapter(IsoDatetime).validate_python("2021-01-01T09:00") == datetime(2021, 1, 1, 9)
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(IsoAwareDatetime).validate_python("2021-01-01T09:00:00")
    assert caught.value.errors()[0]["type"] == "timezone_aware"


class Visit(BaseModel):
    visited_on: IsoDate
    follow_up: IsoDate | None = None


class Lax(BaseModel):
    visited_on: date


def _app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/visits")
    async def create(body: Visit) -> dict[str, str]:
        return {"visited_on": body.visited_on.isoformat()}

    @app.get("/visits")
    async def search(
        since: Annotated[IsoDate | None, Query()] = None, at: Annotated[IsoDatetime | None, Query()] = None
    ) -> dict[str, str | None]:
        return {"since": since and since.isoformat(), "at": at and at.isoformat()}

    return app


async def test_a_request_with_a_number_for_a_date_is_422_naming_the_field():
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=_app()), base_url="http://t") as client:
        body = await client.post("/visits", json={"visited_on": 0})
        assert body.status_code == 422
        assert body.json()["errors"][0]["field"] == "visited_on"
        assert body.json()["errors"][0]["message"] == "日期格式不正确"
        nested = await client.post("/visits", json={"visited_on": "2021-07-10", "follow_up": "0"})
        assert nested.status_code == 422 and nested.json()["errors"][0]["field"] == "follow_up"
        query = await client.get("/visits", params={"since": "0"})
        assert query.status_code == 422 and query.json()["errors"][0]["field"] == "since"
        instant = await client.get("/visits", params={"at": "0"})
        assert instant.status_code == 422 and instant.json()["errors"][0]["field"] == "at"
        ok = await client.post("/visits", json={"visited_on": "2021-07-10"})
        assert ok.status_code == 200 and ok.json() == {"visited_on": "2021-07-10"}
        assert (await client.get("/visits", params={"since": "2021-07-10"})).json()["since"] == "2021-07-10"


async def test_the_route_checks_find_a_lax_date_and_prove_the_strict_ones():
    app = _app()

    @app.post("/lax")
    async def lax(body: Lax) -> dict[str, str]:
        return {"visited_on": body.visited_on.isoformat()}

    assert lax_dates(app.openapi()) == ["POST /lax application/json visited_on"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        # The bare `date` takes 0 as 1 January 1970: the check names it, and only it.
        assert await check_numbers_are_not_dates(client, app.openapi(), {}) == ["POST /lax visited_on=0: 200"]
