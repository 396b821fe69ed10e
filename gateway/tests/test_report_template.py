"""The report's wording of a change: a fall reads 「下降3.0%」, as the bureau writes it, never 「增长-3.0%」."""

from __future__ import annotations

from gateway.reports.schemas import FigureComparison, FigureProvenance, RecordsLink, ReportFigure
from gateway.reports.template import render


def figure(key: str, yoy: float | None = None, mom: float | None = None) -> ReportFigure:
    """A figure with a value and the given 同比 / 环比."""
    return ReportFigure(
        key=key,
        rows=[1],
        name=key,
        value=10,
        display="10",
        unit="个",
        missing=False,
        comparison=FigureComparison(yoy_percent=yoy, mom_percent=mom),
        provenance=FigureProvenance(service="trade", query="GET /x", indicator=key, link=RecordsLink(path="/x")),
    )


def body(text: str, *figures: ReportFigure) -> str:
    """The first paragraph's text after rendering."""
    rendered = render("标题\n" + text, list(figures), {})
    return "".join(s.text for s in rendered.paragraphs[0].body)


def test_growth_keeps_the_template_word():
    assert body("同比增长{{a.yoy}}%。", figure("a", yoy=12.34)) == "同比增长12.3%。"


def test_a_fall_is_written_as_decline():
    assert (
        body("同比增长{{a.yoy}}%，环比增长{{a.mom}}%。", figure("a", yoy=-5.0, mom=-0.25))
        == "同比下降5.0%，环比下降0.2%。"
    )


def test_listed_changes_name_their_own_direction_when_it_differs():
    text = "同比分别增长{{a.yoy}}%、{{b.yoy}}%、{{c.yoy}}%。"
    assert (
        body(text, figure("a", yoy=8), figure("b", yoy=-3), figure("c", yoy=2))
        == "同比分别增长8.0%、下降3.0%、增长2.0%。"
    )
    assert (
        body(text, figure("a", yoy=-8), figure("b", yoy=-3), figure("c", yoy=2)) == "同比分别下降8.0%、3.0%、增长2.0%。"
    )


def test_a_change_that_cannot_be_computed_stays_missing():
    rendered = render("标题\n同比增长{{a.yoy}}%。", [figure("a")], {})
    assert "".join(s.text for s in rendered.paragraphs[0].body) == "同比增长（暂无数据）%。"
    assert [m.key for m in rendered.missing] == ["a.yoy"]
