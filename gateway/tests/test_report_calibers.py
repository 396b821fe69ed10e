"""The work report names a figure's statistical caliber in words (never `local`/`mofcom`)."""

from __future__ import annotations

from gateway.reports.service import _with_caliber


def test_a_caliber_is_named_once_in_words():
    assert _with_caliber("实际使用外资（商务部口径）", "mofcom") == "实际使用外资（商务部口径）"
    assert _with_caliber("实际吸收外资", "local") == "实际吸收外资（省定口径）"
    assert _with_caliber("实际吸收外资", "province_x") == "实际吸收外资（其他口径）"
    assert _with_caliber("签约项目数", None) == "签约项目数"
