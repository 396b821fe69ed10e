"""The 业务字典's default labels: one table, well-formed, and the SPA's test copy equal to it."""

from __future__ import annotations

import json
from pathlib import Path

from platform_core.enumerations import COLOUR_PATTERN, ENUMERATIONS, as_json

SPA_COPY = Path(__file__).resolve().parents[3] / "frontend" / "tests" / "unit" / "enumerations.json"


def test_every_enumeration_has_unique_codes_chinese_labels_and_valid_colours():
    assert len({e.key for e in ENUMERATIONS}) == len(ENUMERATIONS)
    for e in ENUMERATIONS:
        codes = [i.code for i in e.items]
        assert len(set(codes)) == len(codes), e.key
        assert e.app in {"case", "investment", "trade"}, e.key
        for item in e.items:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in item.label), (e.key, item.code)
            assert len(item.label) <= 32 and COLOUR_PATTERN.match(item.colour), (e.key, item.code)


def test_the_spa_test_copy_is_the_registry():
    # Regenerate with `cd frontend && npm run dump:enums` after changing platform_core/enumerations.py.
    assert json.loads(SPA_COPY.read_text(encoding="utf-8")) == as_json()
