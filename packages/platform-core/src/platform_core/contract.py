"""The OpenAPI document tells every answer a route can give, in one place for every app.

FastAPI documents the success answer and the 422 of its own validation. What the shared mechanisms add to
every route is added here to each operation, each with the RFC 9457 problem schema: 400 (a body that is
not JSON), 401 and 403 (tokens and permissions), 404 (an id that names nothing the caller may see),
409 (a conflict, or a key still in flight), 412 and 428 with a required `If-Match` on updates, deletes
and the actions that declare it, 413 on uploads, 422 (validation), 429 (rate limits at the gateway) and
503 (a database or a service unavailable).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_REF = "#/components/schemas/Problem"

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 问题详情",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string", "description": "问题类型 URI", "examples": ["urn:problem:validation_failed"]},
        "title": {"type": "string", "description": "问题标题"},
        "status": {"type": "integer", "description": "HTTP 状态码"},
        "detail": {"type": ["string", "null"], "description": "说明"},
        "code": {"type": "string", "description": "稳定的机器可读代码"},
        "instance": {"type": ["string", "null"], "description": "请求路径"},
        "request_id": {"type": ["string", "null"], "description": "请求ID"},
        "errors": {
            "type": "array",
            "description": "逐项错误（校验失败时）",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string", "description": "字段"},
                    "location": {"type": "string", "description": "位置：body、query、path、header"},
                    "message": {"type": "string", "description": "说明"},
                    "code": {"type": "string", "description": "错误代码"},
                },
                "additionalProperties": True,
            },
        },
    },
    "additionalProperties": True,
}

DESCRIPTIONS: dict[str, str] = {
    "400": "请求体不是有效的 JSON",
    "401": "未登录或令牌无效",
    "403": "无权执行此操作或超出数据权限",
    "404": "资源不存在或不在数据权限范围内",
    "409": "数据冲突，或相同幂等键的请求正在处理",
    "410": "链接已使用或已过期",
    "412": "数据已被他人修改（If-Match 不是当前版本）",
    "413": "上传文件过大",
    "422": "请求参数校验失败",
    "428": "缺少 If-Match 请求头",
    "429": "请求过于频繁",
    "503": "服务或数据库暂不可用，请按 Retry-After 重试",
}
RETRY_AFTER = {"Retry-After": {"description": "建议的重试等待秒数", "schema": {"type": "integer"}}}
IF_MATCH_PARAMETER: dict[str, Any] = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": "记录当前的 ETag（读取时返回）；不是当前版本时返回 412",
    "schema": {"type": "string", "examples": ['"3"']},
}
CONDITIONAL_METHODS = frozenset({"put", "patch", "delete"})
WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
PUBLIC_PREFIXES = ("/api/", "/open/")
#: Operations served without a token (the gateway's public rows): never a 401 or 403.
ANONYMOUS_PREFIX = "/api/v1/public/"


def _problem(status: str) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "description": DESCRIPTIONS[status],
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM_REF}}},
    }
    if status in {"409", "429", "503"}:
        answer["headers"] = copy.deepcopy(RETRY_AFTER)
    return answer


def requires_if_match(method: str, operation: dict[str, Any]) -> bool:
    """Whether the operation refuses a request without If-Match: every PUT, PATCH and DELETE, and an action
    that declares the header required (`platform_core.etag.IF_MATCH_REQUIRED`)."""
    if method in CONDITIONAL_METHODS:
        return True
    return any(
        p.get("in") == "header" and p.get("name", "").lower() == "if-match" and p.get("required")
        for p in operation.get("parameters", [])
    )


def statuses_of(method: str, path: str, operation: dict[str, Any]) -> list[str]:
    """The error statuses an operation of the platform can answer."""
    out = ["401", "403", "422", "429", "503"]
    params = operation.get("parameters", [])
    if "{" in path:
        out.append("404")
    body = operation.get("requestBody", {}).get("content", {})
    if body:
        out.append("400")
    if any(media.startswith("multipart/") for media in body):
        out.append("413")
    if method in WRITE_METHODS or any(p.get("name") == "Idempotency-Key" for p in params):
        out.append("409")
    if requires_if_match(method, operation):
        out += ["412", "428"]
    elif method == "post" and "{" in path:
        out.append("412")  # an action on a record honours an If-Match when one is sent
    if path.startswith(ANONYMOUS_PREFIX):
        out = [s for s in out if s not in ("401", "403")]
    return out


RESPONSE_NAMES = {status: f"Problem{status}" for status in DESCRIPTIONS}


def complete_document(doc: dict[str, Any]) -> dict[str, Any]:
    """Add the problem schema, every error answer and the required If-Match to a document (in place).

    Each error answer is described once under `components/responses` and referenced by the operations.
    """
    components = doc.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = copy.deepcopy(PROBLEM_SCHEMA)
    shared = components.setdefault("responses", {})
    for status, name in RESPONSE_NAMES.items():
        shared[name] = _problem(status)
    for path, item in doc.get("paths", {}).items():
        if not path.startswith(PUBLIC_PREFIXES):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            # Every error is answered as problem+json, whatever a route declared (FastAPI's own 422 included);
            # a route may declare one more of the shared errors (a link's 410).
            for status in {*statuses_of(method, path, operation), *(s for s in responses if s in RESPONSE_NAMES)}:
                responses[status] = {"$ref": f"#/components/responses/{RESPONSE_NAMES[status]}"}
            if requires_if_match(method, operation):
                params = operation.setdefault("parameters", [])
                params[:] = [p for p in params if p.get("name", "").lower() != "if-match"]
                params.append(copy.deepcopy(IF_MATCH_PARAMETER))
    return doc


def install_contract(app: FastAPI) -> None:
    """Have the app's OpenAPI document list every answer of every route."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete_document(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
