"""Every audit action code the apps write, and every object type, has a Chinese name (platform_core.audit_labels).

The codes are found in the sources, as a reviewer would grep them: the `action=` of every call (a literal, or
both sides of `a if c else b`), the record kit's `<name>.create/update/delete` for every record kind, the
`*_ACTIONS` tables, and the f-strings whose variable part is an enum (each value of the enum).
"""

from __future__ import annotations

import ast
from pathlib import Path

from platform_core.audit import AuditEntryOut
from platform_core.audit_labels import ACTION_LABELS, ENTITY_LABELS, action_label, entity_label

REPO = Path(__file__).resolve().parents[3]
SOURCES = [REPO / "gateway" / "src", REPO / "services", REPO / "packages"]
#: The record kit's writers and what each one audits.
KIT_VERBS = {"insert": ("create",), "change": ("update",), "remove": ("delete",)}
#: f-string codes whose variable part is an enum: the code's template → the enum class that fills it.
ENUM_CODES = {
    "case.{action.value}": "CaseAction",
    "case.link_{kind.value}": "LinkKind",
    "labour_worker.{body.to.value}": "WorkerStatus",
}
#: The record kit's own templates, filled with every record kind's name.
KIT_CODES = {"{name}.create", "{name}.update", "{name}.delete"}
#: A list's 导出 (platform_core.exports): `<entity_type>.export`, the type named by each export call.
EXPORT_CODES = {"{entity_type}.export"}
#: The calls that audit an export, each with its `entity_type=`.
EXPORT_CALLS = {"export", "audited_export"}


def _source_files() -> list[Path]:
    return [
        p
        for root in SOURCES
        for p in root.rglob("*.py")
        if "tests" not in p.parts and "alembic" not in p.parts and ".venv" not in p.parts
    ]


def _template(node: ast.JoinedStr) -> str:
    """`f"case.{action.value}"` → `case.{action.value}`."""
    return ast.unparse(node)[2:-1]


def _text(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _scan() -> tuple[set[str], set[str], set[str], dict[str, list[str]]]:
    """(literal codes, f-string templates, record kinds with the verbs they audit, enums by class name)."""
    codes: set[str] = set()
    templates: set[str] = set()
    kinds: set[str] = set()
    enums: dict[str, list[str]] = {}
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in ENUM_CODES.values():
                enums[node.name] = [
                    v for s in node.body if isinstance(s, ast.Assign) and (v := _text(s.value)) is not None
                ]
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.endswith("_ACTIONS") for t in node.targets
            ):
                codes |= {v for c in ast.walk(node.value) if (v := _text(c)) and "." in v}
            if not isinstance(node, ast.Call):
                continue
            func = ast.unparse(node.func)
            for kw in node.keywords:
                if kw.arg == "action":
                    sides = [kw.value.body, kw.value.orelse] if isinstance(kw.value, ast.IfExp) else [kw.value]
                    for side in sides:
                        if (v := _text(side)) and "." in v:
                            codes.add(v)
                        elif isinstance(side, ast.JoinedStr):
                            templates.add(_template(side))
                if kw.arg == "name" and (v := _text(kw.value)) and func.rsplit(".", 1)[-1] in {"Resource", *KIT_VERBS}:
                    kinds.add(v)
                if kw.arg == "entity_type" and (v := _text(kw.value)) and func.rsplit(".", 1)[-1] in EXPORT_CALLS:
                    codes.add(f"{v}.export")
    return codes, templates, kinds, enums


def written_codes() -> set[str]:
    """Every action code some app writes into its audit log."""
    codes, templates, kinds, enums = _scan()
    unknown = templates - KIT_CODES - EXPORT_CODES - set(ENUM_CODES)
    assert not unknown, f"audit codes built in a way this test cannot list (add them to ENUM_CODES): {unknown}"
    for template, enum in ENUM_CODES.items():
        assert template in templates, f"{template} is no longer written: drop it from ENUM_CODES"
        prefix = template.split("{", 1)[0]
        codes |= {prefix + value for value in enums[enum]}
    codes |= {f"{kind}.{verb}" for kind in kinds for verbs in KIT_VERBS.values() for verb in verbs}
    return codes


def test_the_scan_finds_the_codes_of_every_app() -> None:
    codes = written_codes()
    # One code from each writer the scan must see: a literal, both sides of a conditional, a table,
    # an enum-filled f-string, and the record kit (a declared record kind and a kit call).
    for code in (
        "auth.login",
        "user.enable",
        "user.disable",
        "role.sensitive_grant",
        "case.accept",
        "labour_worker.returned",
        "fund_grant.create",
        "enterprise.delete",
        "supervision.issue",
        "project.stage",
        "supervision_order.export",
    ):
        assert code in codes
    assert len(codes) > 100


def test_every_written_action_code_has_a_chinese_name() -> None:
    missing = sorted(code for code in written_codes() if action_label(code) is None)
    assert missing == [], f"audit action codes without a name in platform_core.audit_labels: {missing}"


def test_every_audited_object_type_has_a_chinese_name() -> None:
    _, _, kinds, _ = _scan()
    types = set(kinds)
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg in {"entity_type", "entity"} and (v := _text(node.value)):
                types.add(v)
            named_entity = isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "ENTITY" for t in node.targets
            )
            if named_entity and (v := _text(node.value)):
                types.add(v)
    assert "labour_worker" in types and "policy_document" in types
    assert sorted(t for t in types if entity_label(t) is None) == []


def test_names_are_chinese_and_composed_for_the_record_kit() -> None:
    assert action_label("auth.login") == "登录"
    assert action_label("fund_grant.create") == "新增资金拨付"
    assert action_label("labour_worker.returned") == "外派劳务人员回国"
    assert action_label("nobody.writes_this") is None
    for name in [*ACTION_LABELS.values(), *ENTITY_LABELS.values()]:
        assert name and not name.isascii()


def test_an_entry_carries_the_names_beside_the_codes() -> None:
    entry = AuditEntryOut.model_validate(
        {
            "id": 1,
            "service": "gateway",
            "occurred_at": "2026-01-05T08:00:00+08:00",
            "actor": "u1",
            "actor_name": "张三",
            "action": "auth.login",
            "entity_type": "user",
            "entity_id": "1",
            "region_code": None,
            "before": None,
            "after": None,
            "result": "success",
            "detail": None,
            "request_id": None,
            "client_ip": None,
        }
    )
    dumped = entry.model_dump(mode="json")
    assert dumped["action_name"] == "登录" and dumped["entity_type_name"] == "用户"
    # The merged log re-reads the services' answers: the extra names do not break validation.
    assert AuditEntryOut.model_validate(dumped).action_name == "登录"
    unnamed = AuditEntryOut.model_validate({**dumped, "action": "x.y", "entity_type": "thing"})
    assert (unnamed.action_name, unnamed.entity_type_name) == ("x.y", "thing")
