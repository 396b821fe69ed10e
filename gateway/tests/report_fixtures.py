"""Fixtures of the composed-view tests: one live stack with a year of data, shared by the report and profile
tests (`pytest_plugins = ["report_fixtures"]`). The gateway's own writes go to a session rolled back after each test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from report_stack import NOW, YEAR, Stack, YearBuilder, live_stack

from platform_core.testing import bind_session, rolled_back_session


@pytest.fixture(scope="session")
async def report_stack(settings, database, tmp_path_factory) -> AsyncIterator[Stack]:
    """The gateway and the three real services, with this year's data entered through their APIs."""
    async with live_stack(settings, database, tmp_path_factory.mktemp("report-stack")) as stack:
        await YearBuilder(stack, YEAR, NOW.date()).build()
        yield stack


@pytest.fixture
async def report_gw(report_stack: Stack, database) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client of that gateway, its own writes in a session rolled back after the test."""
    transport = httpx.ASGITransport(app=report_stack.gateway)
    async with rolled_back_session(database) as session:
        bind_session(report_stack.gateway, session)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test", timeout=60) as client:
            yield client
        report_stack.gateway.dependency_overrides.clear()
