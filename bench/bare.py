"""The baseline of the enterprise-list benchmark: a bare FastAPI endpoint on the same server settings.

It answers a fixed page of 20 enterprise-shaped items, without authentication, database or validation, so
the difference to the real list is what the platform's request path costs.
`uv run python -m uvicorn bare:create_app --factory --app-dir bench --port 18610`
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

ITEM = {
    "id": 1, "uscc": "91411500MA9XXXXXX1", "name": "信阳市平桥区茶叶第1号有限公司", "region_code": "411503",
    "region_name": "平桥区", "industry": "茶叶", "size": "small", "is_key": False, "contact_person": "联系人",
    "contact_phone": "139****1234", "address": "平桥区工业园1号", "version": 1,
    "created_at": "2021-01-01T00:00:00+00:00", "updated_at": "2021-01-01T00:00:00+00:00",
}  # fmt: skip
PAGE = {"items": [{**ITEM, "id": i} for i in range(20)], "total": 69000, "page": 1, "page_size": 20}


def create_app() -> FastAPI:
    """The bare application: one GET endpoint returning the fixed page."""
    app = FastAPI()

    @app.get("/api/v1/enterprises")
    async def enterprises() -> dict[str, Any]:
        return PAGE

    return app
