"""One error shape everywhere: RFC 9457 problem+json with a stable code, zh-CN or English text."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

# code -> (zh-CN title, English title)
TITLES: dict[str, tuple[str, str]] = {
    "validation_failed": ("请求参数校验失败", "Request validation failed"),
    "unknown_parameter": ("不支持的查询参数", "Unknown query parameter"),
    "not_found": ("资源不存在", "Not found"),
    "method_not_allowed": ("不支持的请求方法", "Method not allowed"),
    "unauthorized": ("未登录或登录已失效", "Authentication required"),
    "auth.invalid_token": ("令牌无效", "Invalid token"),
    "auth.token_expired": ("令牌已过期", "Token expired"),
    "auth.invalid_credentials": ("用户名或密码错误", "Invalid username or password"),
    "auth.account_locked": ("账户已锁定", "Account locked"),
    "auth.account_disabled": ("账户已停用", "Account disabled"),
    "auth.refresh_reused": ("刷新令牌已被使用，登录状态已失效", "Refresh token reused; sign in again"),
    "forbidden": ("无权执行此操作", "Forbidden"),
    "out_of_scope": ("超出数据权限范围", "Outside your data scope"),
    "other_level": ("只能维护本级的条目", "Only entries of your own level can be changed"),
    "conflict": ("数据冲突", "Conflict"),
    "precondition_required": ("缺少 If-Match 请求头", "If-Match header required"),
    "precondition_failed": ("数据已被他人修改，请刷新后重试", "The record has changed; reload and retry"),
    "idempotency_key_reused": ("幂等键已用于不同的请求", "Idempotency key reused with a different request"),
    "idempotency_in_progress": ("请求正在处理", "A request with this key is in progress"),
    "rate_limited": ("请求过于频繁，请稍后再试", "Too many requests"),
    "payload_too_large": ("请求体过大", "Payload too large"),
    "service_unavailable": ("服务暂不可用", "Service unavailable"),
    "gateway_timeout": ("服务响应超时", "Upstream timed out"),
    "internal_error": ("服务器内部错误", "Internal server error"),
}

STATUS_CODES: dict[int, str] = {
    400: "validation_failed",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    422: "validation_failed",
    423: "auth.account_locked",
    428: "precondition_required",
    429: "rate_limited",
    503: "service_unavailable",
    504: "gateway_timeout",
}

# pydantic error type -> zh-CN message; anything else keeps pydantic's own text.
ZH_MESSAGES: dict[str, str] = {
    "missing": "必填项",
    "string_too_short": "长度不足",
    "string_too_long": "长度超出限制",
    "string_pattern_mismatch": "格式不正确",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为布尔值",
    "decimal_parsing": "应为数字",
    "date_from_datetime_parsing": "日期格式不正确",
    "date_parsing": "日期格式不正确",
    "datetime_parsing": "时间格式不正确",
    "datetime_from_date_parsing": "时间格式不正确",
    "timezone_aware": "时间必须带时区偏移",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "extra_forbidden": "不允许的字段",
    "json_invalid": "JSON 格式错误",
    "model_attributes_type": "应为对象",
    "dict_type": "应为对象",
    "list_type": "应为数组",
    "string_type": "应为字符串",
}


def wants_english(request: Request) -> bool:
    """Whether the caller asked for English (zh-CN is the default)."""
    lang = request.headers.get("accept-language", "").lower()
    return lang.startswith("en")


#: The members every problem document has; an `extra` adds members beside them, never replaces one.
PROBLEM_MEMBERS = frozenset({"type", "title", "status", "detail", "code", "instance", "request_id", "errors"})


class ProblemError(Exception):
    """An error that renders as problem+json; raise it from any layer."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str | None = None,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
        title: str | None = None,
    ) -> None:
        """Keep the parts; the handler renders them in the caller's language."""
        clashing = sorted(PROBLEM_MEMBERS.intersection(extra or {}))
        if clashing:
            # A clash would make the document break its own schema (`status` must be the HTTP status).
            raise ValueError(f"extra members replace problem members: {', '.join(clashing)}")
        super().__init__(detail or code)
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = errors
        self.headers = headers
        self.extra = extra or {}
        self.title = title


def not_found(detail: str | None = None) -> ProblemError:
    """A 404 that reveals nothing about records outside the caller's scope."""
    return ProblemError(404, "not_found", detail)


def field_error(field: str, message: str, code: str = "invalid", status: int = 422) -> ProblemError:
    """A validation problem naming one field."""
    return ProblemError(
        status, "validation_failed", message, errors=[{"field": field, "message": message, "code": code}]
    )


def duplicate(field: str, message: str) -> ProblemError:
    """A 409 naming the body field whose value is already taken."""
    return ProblemError(
        409, "conflict", message, errors=[{"field": field, "location": "body", "message": message, "code": "duplicate"}]
    )


def problem_body(
    request: Request,
    status: int,
    code: str,
    detail: str | None = None,
    *,
    errors: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    """Build the problem document for a request."""
    english = wants_english(request)
    titles = TITLES.get(code)
    if title is None:
        title = (titles[1] if english else titles[0]) if titles else code
    body: dict[str, Any] = {
        "type": f"urn:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail or title,
        "code": code,
        "instance": request.url.path,
        "request_id": getattr(request.state, "request_id", None) or request.headers.get("x-request-id"),
    }
    if errors:
        body["errors"] = errors
    # The problem's own members are never replaced: the document keeps its schema.
    body.update({key: value for key, value in (extra or {}).items() if key not in PROBLEM_MEMBERS})
    return body


def problem_response(
    request: Request, status: int, code: str, detail: str | None = None, **kwargs: Any
) -> JSONResponse:
    """A problem+json response."""
    headers = kwargs.pop("headers", None)
    return JSONResponse(
        problem_body(request, status, code, detail, **kwargs),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _field_of(loc: tuple[Any, ...]) -> tuple[str, str]:
    """Split a pydantic location into (where, dotted field path)."""
    where = str(loc[0]) if loc else "body"
    rest = [str(p) for p in loc[1:]] if where in {"body", "query", "path", "header", "cookie"} else list(map(str, loc))
    return where, ".".join(rest) or where


def validation_errors(exc_errors: list[Any], english: bool) -> list[dict[str, Any]]:
    """Turn pydantic errors into `[{field, location, message, code}]`."""
    out = []
    for err in exc_errors:
        where, field = _field_of(tuple(err.get("loc", ())))
        kind = err.get("type", "invalid")
        ctx_msg = err.get("msg", "")
        if kind.startswith("value_error") or kind.startswith("assertion_error"):
            ctx_msg = ctx_msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
            message = ctx_msg
        elif english:
            message = ctx_msg
        else:
            message = ZH_MESSAGES.get(kind, ctx_msg)
        out.append({"field": field, "location": where, "message": message, "code": kind})
    return out


async def _problem_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        request,
        exc.status,
        exc.code,
        exc.detail,
        errors=exc.errors,
        extra=exc.extra,
        headers=exc.headers,
        title=exc.title,
    )


async def _validation_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = validation_errors(list(exc.errors()), wants_english(request))
    first = errors[0]["message"] if errors else None
    detail = f"{errors[0]['field']}: {first}" if errors else None
    return problem_response(request, 422, "validation_failed", detail, errors=errors)


async def _http_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = STATUS_CODES.get(exc.status_code, "error")
    detail = (
        exc.detail if isinstance(exc.detail, str) and exc.detail not in {"Not Found", "Method Not Allowed"} else None
    )
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405:
        # The router names only the first route it matched; the caller needs every method the path serves.
        headers["Allow"] = ", ".join(allowed_methods(request))
    return problem_response(request, exc.status_code, code, detail, headers=headers or None)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app serves on the request's path."""
    methods: set[str] = set()
    stack = list(request.app.router.routes)
    while stack:
        route = stack.pop()
        inner = getattr(route, "original_router", None)
        if inner is not None:
            stack.extend(inner.routes)
            continue
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(request.url.path) and getattr(route, "methods", None):
            methods |= set(route.methods)
    return sorted(methods)


async def _unhandled_handler(request: Request, exc: Exception) -> JSONResponse:
    # Handled outside the request's context (Starlette's outermost middleware): name the request here.
    request_id = getattr(request.state, "request_id", None) or request.headers.get("x-request-id")
    log.exception(
        "unhandled error",
        exc_info=exc,
        extra={"request_id": request_id, "method": request.method, "path": request.url.path},
    )
    return problem_response(request, 500, "internal_error")


def install_problem_handlers(app: FastAPI) -> None:
    """Render every error of the app as problem+json."""
    app.add_exception_handler(ProblemError, _problem_handler)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    app.add_exception_handler(Exception, _unhandled_handler)
