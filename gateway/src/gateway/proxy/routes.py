"""The route table: which public paths go to which service, and the permission each method needs.

A row is `(path pattern, service, {method: permission})`. A pattern is a path prefix whose segments are
literals or `{name}` (one segment, any value). The most specific row wins: more matched segments first,
then literal segments over `{name}` from left to right. A path no row covers is a 404; a covered path
with a method its row does not list is a 405. Later modules add rows here and nothing else changes.

Each method of a row has a kind that sets how long the gateway waits for the service (one setting per kind):
GET and HEAD are reads, other methods writes, and the methods a row names in `long` (exports, imports,
templates, reports) are long. A long path under a wider row gets a row of its own, with the same permission.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from gateway.public import PUBLIC, PUBLIC_PREFIX, is_public_path

#: Services behind the gateway; the URL of each comes from `GatewaySettings.<name>_service_url`.
SERVICES: tuple[str, ...] = ("case", "investment", "trade")

#: Each service's name in the UI's words (problem titles, the work report), and in English.
SERVICE_LABELS: dict[str, str] = {"case": "诉求办理服务", "investment": "招商引资服务", "trade": "对外经贸服务"}
SERVICE_LABELS_EN: dict[str, str] = {
    "case": "case service",
    "investment": "investment service",
    "trade": "trade service",
}


class RouteKind(StrEnum):
    """How long a request may wait for its service: each kind has its own timeout setting."""

    READ = "read"  # GET and HEAD: lists, details, statistics
    WRITE = "write"  # POST, PUT, PATCH, DELETE
    LONG = "long"  # exports, imports, templates, reports


READ_METHODS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True, slots=True)
class RouteEntry:
    """One row of the table."""

    pattern: str
    service: str
    permissions: Mapping[str, str]
    long: frozenset[str] = frozenset()  # methods whose requests are long-running
    segments: tuple[str, ...] = field(init=False, repr=False)
    kinds: Mapping[str, RouteKind] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Normalise methods, split the pattern and fix each method's kind once."""
        if not self.pattern.startswith("/") or self.pattern.endswith("/"):
            raise ValueError(f"route pattern {self.pattern!r} must start and must not end with '/'")
        if self.service not in SERVICES:
            raise ValueError(f"route {self.pattern!r}: unknown service {self.service!r}")
        perms = {method.upper(): perm for method, perm in self.permissions.items()}
        if "GET" in perms:
            perms.setdefault("HEAD", perms["GET"])
        long = {method.upper() for method in self.long}
        public = {method for method, perm in perms.items() if perm == PUBLIC}
        if (public and public != perms.keys()) or bool(public) != is_public_path(self.pattern + "/"):
            raise ValueError(f"route {self.pattern!r}: public rows are exactly the rows under {PUBLIC_PREFIX}")
        if not long <= perms.keys():
            raise ValueError(f"route {self.pattern!r}: long methods {sorted(long - perms.keys())} are not listed")
        if "GET" in long:
            long.add("HEAD")
        kinds = {
            method: RouteKind.LONG if method in long else RouteKind.READ if method in READ_METHODS else RouteKind.WRITE
            for method in perms
        }
        object.__setattr__(self, "permissions", MappingProxyType(perms))
        object.__setattr__(self, "long", frozenset(long))
        object.__setattr__(self, "kinds", MappingProxyType(kinds))
        object.__setattr__(self, "segments", tuple(self.pattern.strip("/").split("/")))

    @property
    def public(self) -> bool:
        """Whether the row serves callers without a token."""
        return is_public_path(self.pattern + "/")

    @property
    def methods(self) -> tuple[str, ...]:
        """The methods the row allows, sorted."""
        return tuple(sorted(self.permissions))

    def permission_for(self, method: str) -> str | None:
        """The permission a method needs, or None when the method is not allowed here."""
        return self.permissions.get(method)

    def kind_for(self, method: str) -> RouteKind:
        """The kind of a request with a method the row allows."""
        return self.kinds[method]


def route(pattern: str, service: str, *, long: Iterable[str] = (), **permissions: str) -> RouteEntry:
    """A row; methods as keyword arguments, e.g. `route("/api/v1/x", "case", GET="x:y:list", long=["GET"])`."""
    return RouteEntry(pattern, service, permissions, frozenset(long))


def trade_module(prefix: str, module: str) -> RouteEntry:
    """A trade-service module under one prefix: reads need `trade:<module>:list`, writes `trade:<module>:manage`."""
    read, write = f"trade:{module}:list", f"trade:{module}:manage"
    return route(prefix, "trade", GET=read, POST=write, PATCH=write, DELETE=write)


def trade_long(path: str, module: str, method: str) -> RouteEntry:
    """A long-running path inside a trade module's prefix, with the permission the module's row gives it."""
    permission = f"trade:{module}:list" if method == "GET" else f"trade:{module}:manage"
    return route(path, "trade", long=[method], **{method: permission})


ROUTES: tuple[RouteEntry, ...] = (
    # Enterprise directory (case-service).
    route("/api/v1/enterprises", "case", GET="enterprise:enterprise:list", POST="enterprise:enterprise:create"),
    route(
        "/api/v1/enterprises/{id}",
        "case",
        GET="enterprise:enterprise:read",
        PATCH="enterprise:enterprise:update",
        DELETE="enterprise:enterprise:delete",
    ),
    route("/api/v1/enterprises/stats", "case", GET="dashboard:stats:read"),
    # Cases (诉求) under 13710: one POST row per lifecycle action with its own permission (case-service).
    route("/api/v1/cases", "case", GET="case:case:list", POST="case:case:create"),
    route("/api/v1/cases/transitions", "case", GET="case:case:list"),
    route("/api/v1/cases/export", "case", long=["GET"], GET="case:case:list"),
    route("/api/v1/cases/{id}", "case", GET="case:case:read", PATCH="case:case:update"),
    route("/api/v1/cases/{id}/events", "case", GET="case:case:read"),
    route("/api/v1/cases/{id}/attachments", "case", GET="case:case:read", POST="case:attachment:upload"),
    # Routing catalogue proposals, similar cases, links, split and the repeat rate (case-service).
    route("/api/v1/cases/{id}/routing-proposals", "case", GET="case:case:assign"),
    route("/api/v1/cases/similar", "case", GET="case:case:create"),
    route("/api/v1/cases/repeat-rate", "case", GET="case:stats:read"),
    route("/api/v1/cases/{id}/similar", "case", GET="case:case:read"),
    route("/api/v1/cases/{id}/links", "case", GET="case:case:read", POST="case:case:accept"),
    route("/api/v1/cases/{id}/split", "case", POST="case:case:accept"),
    *(
        route(f"/api/v1/cases/{{id}}/{action}", "case", POST=permission)
        for permission, actions in (
            ("case:case:accept", ("accept", "reject", "merge", "answer_now")),
            ("case:case:assign", ("assign", "approve_return", "deny_return", "urge")),
            (
                "case:case:handle",
                (
                    "sign",
                    "request_return",
                    "feedback",
                    "request_extension",
                    "long_term",
                    "submit_result",
                    "pause",
                    "resume",
                ),
            ),
            ("case:attachment:upload", ("supply_material",)),
            ("case:case:review", ("approve_extension", "deny_extension", "escalate", "approve_result", "send_back")),
            ("case:case:decide", ("decide",)),
            ("case:case:rate", ("revisit",)),
            ("case:case:close", ("close", "reopen")),
        )
        for action in actions
    ),
    # Bulk actions answered per row, with the permission of the action they repeat.
    route("/api/v1/cases/bulk/assign", "case", POST="case:case:assign"),
    route("/api/v1/cases/bulk/urge", "case", POST="case:case:assign"),
    route("/api/v1/cases/bulk/close", "case", POST="case:case:close"),
    # Saved case-list filters (我的视图): whoever reads the list keeps their own views.
    route("/api/v1/case-views", "case", GET="case:case:list", POST="case:case:list"),
    route("/api/v1/case-views/{id}", "case", GET="case:case:list", PATCH="case:case:list", DELETE="case:case:list"),
    route("/api/v1/case-categories", "case", GET="case:case:list", POST="case:category:manage"),
    route("/api/v1/routing-rules", "case", GET="case:routing:list", POST="case:routing:manage"),
    route("/api/v1/routing-rules/stats", "case", GET="case:stats:read"),
    route(
        "/api/v1/routing-rules/{id}",
        "case",
        GET="case:routing:list",
        PATCH="case:routing:manage",
        DELETE="case:routing:manage",
    ),
    route("/api/v1/case-categories/{id}", "case", PATCH="case:category:manage"),
    # Knowledge base (知识库): curated answers, the draft from a case, the submit form's instant answers.
    route("/api/v1/knowledge-entries", "case", GET="case:knowledge:list", POST="case:knowledge:edit"),
    route("/api/v1/knowledge-entries/suggestions", "case", GET="case:case:create"),
    route("/api/v1/knowledge-entries/outcomes", "case", POST="case:case:create"),
    route("/api/v1/knowledge-entries/deflection-rate", "case", GET="case:stats:read"),
    route(
        "/api/v1/knowledge-entries/{id}",
        "case",
        GET="case:knowledge:list",
        PATCH="case:knowledge:edit",
        DELETE="case:knowledge:edit",
    ),
    route("/api/v1/cases/{id}/knowledge-draft", "case", GET="case:knowledge:edit"),
    # 撤单质检: bureaus and reviewers read the samples of their region; the 撤单质检员 records verdicts.
    route("/api/v1/quality/samples", "case", GET="case:quality:list"),
    route("/api/v1/quality/samples/{id}", "case", GET="case:quality:list"),
    route("/api/v1/quality/samples/{id}/review", "case", POST="case:quality:review"),
    route("/api/v1/quality/stats", "case", GET="case:stats:read"),
    route("/api/v1/supervision-orders", "case", GET="case:supervision:list", POST="case:supervision:issue"),
    route("/api/v1/supervision-orders/by-unit", "case", GET="case:supervision:list"),
    route("/api/v1/supervision-orders/export", "case", long=["GET"], GET="case:supervision:list"),
    route("/api/v1/supervision-orders/{id}", "case", GET="case:supervision:list"),
    route("/api/v1/supervision-orders/{id}/reply", "case", POST="case:supervision:reply"),
    route("/api/v1/notifications", "case", GET="case:notification:read"),
    route("/api/v1/notifications/unread-count", "case", GET="case:notification:read"),
    route("/api/v1/notifications/read-all", "case", POST="case:notification:read"),
    route("/api/v1/notifications/{id}/read", "case", POST="case:notification:read"),
    route("/api/v1/attachments/{id}/content", "case", GET="case:case:read"),
    # Pairing (包联), visits (走访), policy documents and campaign staff (case-service).
    route("/api/v1/pairings", "case", GET="case:pairing:list", POST="case:pairing:manage"),
    route("/api/v1/pairings/mine", "case", GET="case:pairing:list"),
    route("/api/v1/pairings/export", "case", long=["GET"], GET="case:pairing:list"),
    route(
        "/api/v1/pairings/{id}",
        "case",
        GET="case:pairing:list",
        PATCH="case:pairing:manage",
        DELETE="case:pairing:manage",
    ),
    route("/api/v1/visits", "case", GET="case:visit:list", POST="case:visit:manage"),
    route("/api/v1/visits/export", "case", long=["GET"], GET="case:visit:list"),
    route("/api/v1/visits/{id}", "case", GET="case:visit:list", PATCH="case:visit:manage", DELETE="case:visit:manage"),
    route("/api/v1/policies", "case", GET="case:policy:list", POST="case:policy:manage"),
    route("/api/v1/policies/for-me", "case", GET="case:policy:list"),
    route("/api/v1/policies/{id}/conditions", "case", GET="case:policy:list", PUT="case:policy:manage"),
    route("/api/v1/policies/{id}/matches", "case", GET="case:policy:list"),
    route("/api/v1/policies/{id}/pushes", "case", POST="case:policy:manage"),
    route("/api/v1/policies/{id}/read", "case", POST="case:policy:list"),
    route("/api/v1/policies/{id}/push-statistics", "case", GET="case:policy:list"),
    route(
        "/api/v1/policies/{id}", "case", GET="case:policy:list", PATCH="case:policy:manage", DELETE="case:policy:manage"
    ),
    route("/api/v1/campaign-staff", "case", GET="case:staff:list", POST="case:staff:manage"),
    route("/api/v1/campaign-staff/summary", "case", GET="case:staff:list"),
    route(
        "/api/v1/campaign-staff/{id}",
        "case",
        GET="case:staff:list",
        PATCH="case:staff:manage",
        DELETE="case:staff:manage",
    ),
    route("/api/v1/visits/{id}/cases", "case", POST="case:visit:manage"),
    route("/api/v1/visits/{id}/photos", "case", GET="case:visit:list", POST="case:visit:manage"),
    route("/api/v1/visit-photos/{id}/content", "case", GET="case:visit:list"),
    # Case statistics, the campaign report's figures and the rhythm reports (case-service).
    route("/api/v1/cases/stats", "case", GET="case:stats:read"),
    route("/api/v1/campaign/figures", "case", GET="case:stats:read"),
    route("/api/v1/case-reports/{kind}", "case", GET="case:report:read", long=["GET"]),
    # Foreign trade, labour cooperation, domestic trade and rural e-commerce (trade-service): one row per module,
    # reads need the module's list permission and every write its manage permission.
    trade_module("/api/v1/trade/labour", "labour"),
    trade_module("/api/v1/trade/funds", "fund"),
    trade_module("/api/v1/trade/fairs", "fair"),
    trade_module("/api/v1/trade/trainings", "fair"),
    trade_module("/api/v1/trade/export-registrations", "export"),
    trade_module("/api/v1/trade/shipments", "export"),
    trade_module("/api/v1/trade/foreign-trade", "statistics"),
    trade_module("/api/v1/trade/bulletins", "statistics"),
    trade_module("/api/v1/trade/domestic", "domestic"),
    trade_module("/api/v1/trade/ecommerce", "ecommerce"),
    # Exports, imports and templates inside the module rows above: long requests, same permissions.
    trade_long("/api/v1/trade/labour/workers/export", "labour", "GET"),
    trade_long("/api/v1/trade/foreign-trade/template", "statistics", "GET"),
    trade_long("/api/v1/trade/foreign-trade/import", "statistics", "POST"),
    trade_long("/api/v1/trade/bulletins/template", "statistics", "GET"),
    trade_long("/api/v1/trade/bulletins/import", "statistics", "POST"),
    route("/api/v1/trade/indicators", "trade", GET="trade:indicator:read"),
    # 招商引资: 三个一批 rounds, projects, funds in place, foreign-invested enterprises, capital (investment-service).
    route("/api/v1/rounds", "investment", GET="investment:project:list", POST="investment:round:manage"),
    route("/api/v1/rounds/{id}", "investment", GET="investment:project:list", PATCH="investment:round:manage"),
    route("/api/v1/rounds/{id}/projects", "investment", GET="investment:project:list"),
    route("/api/v1/projects", "investment", GET="investment:project:list", POST="investment:project:manage"),
    route("/api/v1/projects/stats", "investment", GET="investment:project:list"),
    route("/api/v1/projects/import-template", "investment", GET="investment:project:manage", long=["GET"]),
    route("/api/v1/projects/import", "investment", POST="investment:project:manage", long=["POST"]),
    route(
        "/api/v1/projects/{id}",
        "investment",
        GET="investment:project:list",
        PATCH="investment:project:manage",
        DELETE="investment:project:manage",
    ),
    route("/api/v1/projects/{id}/stage", "investment", POST="investment:project:manage"),
    route(
        "/api/v1/projects/{id}/progress", "investment", GET="investment:project:list", POST="investment:project:manage"
    ),
    route("/api/v1/projects/{id}/funds", "investment", GET="investment:project:list", POST="investment:funds:manage"),
    route(
        "/api/v1/projects/{id}/funds/{month}",
        "investment",
        GET="investment:project:list",
        PUT="investment:funds:manage",
    ),
    route("/api/v1/project-funds", "investment", GET="investment:project:list"),
    route("/api/v1/foreign-enterprises", "investment", GET="investment:foreign:list", POST="investment:foreign:manage"),
    route(
        "/api/v1/foreign-enterprises/{id}",
        "investment",
        GET="investment:foreign:list",
        PATCH="investment:foreign:manage",
        DELETE="investment:foreign:manage",
    ),
    route(
        "/api/v1/foreign-enterprises/{id}/visits",
        "investment",
        GET="investment:foreign:list",
        POST="investment:foreign:manage",
    ),
    route("/api/v1/foreign-capital", "investment", GET="investment:foreign:list", POST="investment:foreign:manage"),
    route("/api/v1/foreign-capital/totals", "investment", GET="investment:foreign:list"),
    route(
        "/api/v1/foreign-capital/{id}",
        "investment",
        GET="investment:foreign:list",
        PATCH="investment:foreign:manage",
        DELETE="investment:foreign:manage",
    ),
    route("/api/v1/investment/indicators", "investment", GET="investment:stats:read"),
    route(
        "/api/v1/investment/bulletins",
        "investment",
        GET="investment:stats:read",
        POST="investment:bulletin:import",  # the bulletin's import
        long=["POST"],
    ),
    route("/api/v1/investment/bulletins/template", "investment", GET="investment:bulletin:import", long=["GET"]),
    route("/api/v1/investment/bulletins/{id}", "investment", GET="investment:stats:read"),
    route(
        "/api/v1/investment/industry-chains",
        "investment",
        GET="investment:project:list",
        POST="investment:dictionary:manage",
    ),
    route("/api/v1/investment/industry-chains/{id}", "investment", PATCH="investment:dictionary:manage"),
    # 系统参数 of each service (platform_core.parameters): the gateway's own are at /api/v1/parameters/gateway.
    *(
        entry
        for service in SERVICES
        for entry in (
            route(f"/api/v1/parameters/{service}", service, GET="system:parameter:list"),
            route(f"/api/v1/parameters/{service}/{{key}}", service, PUT="system:parameter:update"),
        )
    ),
    # Public: the enterprise's revisit from the SMS link; the token in the path is the only credential.
    route("/api/v1/public/revisits/{token}", "case", GET=PUBLIC, POST=PUBLIC),
    # Machine clients (provincial systems): read-only sync; a user's token passes only with the permission.
    route("/open/v1/enterprises", "case", GET="open:enterprise:read"),
    route("/open/v1/projects", "investment", GET="open:investment:read"),
    route("/open/v1/project-funds", "investment", GET="open:investment:read"),
    route("/open/v1/foreign-enterprises", "investment", GET="open:investment:read"),
    route("/open/v1/investment/indicators", "investment", GET="open:investment:read"),
    route("/open/v1/visits", "case", GET="open:visit:read"),
    route("/open/v1/pairings", "case", GET="open:pairing:read"),
    route("/open/v1/cases", "case", GET="open:case:read"),
    route("/open/v1/trade/labour/workers", "trade", GET="open:trade:read"),
)


#: Paths the gateway serves itself although a row's prefix covers them (views it composes from several services).
#: A path matching one of these exactly (`{name}` = any one segment) is never proxied.
GATEWAY_LOCAL: tuple[str, ...] = ("/api/v1/enterprises/{id}/profile", "/api/v1/enterprises/{id}/profile/docx")


class _Node:
    """A trie node: literal children, one `{name}` child, the row ending here."""

    __slots__ = ("entry", "literal", "param")

    def __init__(self) -> None:
        self.literal: dict[str, _Node] = {}
        self.param: _Node | None = None
        self.entry: RouteEntry | None = None


class RouteTable:
    """Longest-prefix lookup over the rows (a segment trie, so the cost grows with path depth only)."""

    def __init__(self, entries: Iterable[RouteEntry] = ROUTES, local: Iterable[str] = GATEWAY_LOCAL) -> None:
        """Index the rows; two rows with the same pattern are a configuration error."""
        self.entries: tuple[RouteEntry, ...] = tuple(entries)
        self.local: tuple[tuple[str, ...], ...] = tuple(tuple(p.strip("/").split("/")) for p in local)
        self._local_depths = frozenset(len(p) for p in self.local)
        self._root = _Node()
        for entry in self.entries:
            node = self._root
            for seg in entry.segments:
                if _is_param(seg):
                    node.param = node.param or _Node()
                    node = node.param
                else:
                    node = node.literal.setdefault(seg, _Node())
            if node.entry is not None:
                raise ValueError(f"duplicate route pattern {entry.pattern!r}")
            node.entry = entry

    def match(self, path: str) -> RouteEntry | None:
        """The most specific row covering a path, or None."""
        segments = path.strip("/").split("/") if path.strip("/") else []
        if "." in segments or ".." in segments:
            # A dot segment would be resolved on the way out (or by the service): the row checked here would not
            # be the endpoint reached, so such a path matches no row at all.
            return None
        if len(segments) in self._local_depths and any(_same(p, segments) for p in self.local):
            return None
        best: tuple[int, tuple[bool, ...], RouteEntry] | None = None
        # Depth-first over (node, depth, literal flags); the table is small and paths are shallow.
        stack: list[tuple[_Node, int, tuple[bool, ...]]] = [(self._root, 0, ())]
        while stack:
            node, depth, kinds = stack.pop()
            if node.entry is not None and (best is None or (depth, kinds) > (best[0], best[1])):
                best = (depth, kinds, node.entry)
            if depth == len(segments):
                continue
            seg = segments[depth]
            if node.param is not None and seg:
                stack.append((node.param, depth + 1, (*kinds, False)))
            child = node.literal.get(seg)
            if child is not None:
                stack.append((child, depth + 1, (*kinds, True)))
        return best[2] if best else None

    def roots(self) -> list[str]:
        """The distinct first literal segments of the rows, e.g. `["/api/v1", "/open/v1"]` prefixes' heads."""
        return sorted({"/" + "/".join(e.segments[:2]) for e in self.entries})


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _same(pattern: tuple[str, ...], segments: list[str]) -> bool:
    """Whether a path's segments match a pattern exactly (`{name}` matches any non-empty segment)."""
    return len(pattern) == len(segments) and all(
        (bool(seg) if _is_param(p) else p == seg) for p, seg in zip(pattern, segments, strict=True)
    )


DEFAULT_TABLE = RouteTable()
