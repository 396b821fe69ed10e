"""Generated project codes: each round may carry a pattern (项目编号规则); a new project's code is offered
from it with the next free sequence number, and the officer may still change it before saving.

A pattern is ASCII text with placeholders: `{year}` (the round's year, else this year), `{round}` (the round's
number, `{round:02}` zero-padded), `{region}` (the project's 6-digit region code) and exactly one `{seq}`
(`{seq:03}` zero-padded), the number that makes the code new.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.project.models import Project
from investment_service.rounds.models import Round

#: The pattern used when a project is listed in no round, or its round has none.
DEFAULT_PATTERN = "XY{year}-{region}-{seq:03}"
#: What a project code looks like (the schemas' rule).
CODE_RULE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$")
_PLACEHOLDER = re.compile(r"\{(year|round|region|seq)(?::0?(\d))?\}")


def check_pattern(pattern: str) -> str:
    """A usable pattern: known placeholders only, one `{seq}`, codes that pass the code rule (ValueError if not)."""
    names = [m.group(1) for m in _PLACEHOLDER.finditer(pattern)]
    if names.count("seq") != 1:
        raise ValueError("编号规则须含且仅含一个 {seq}（序号）")
    rest = _PLACEHOLDER.sub("", pattern)
    if "{" in rest or "}" in rest:
        raise ValueError("编号规则只能使用 {year}、{round}、{region}、{seq} 占位符")
    sample = render(pattern, year=2021, round_number=1, region_code="411522", seq=1)
    if not CODE_RULE.match(sample):
        raise ValueError(f"按此规则生成的编号“{sample}”不合规（字母、数字、- 或 _，3-32位）")
    return pattern


def _fill(pattern: str, values: dict[str, str | int], seq: str | None) -> str:
    def one(m: re.Match[str]) -> str:
        name, width = m.group(1), int(m.group(2) or 0)
        if name == "seq" and seq is not None:
            return seq
        return str(values[name]).zfill(width)

    return _PLACEHOLDER.sub(one, pattern)


def render(pattern: str, *, year: int, round_number: int, region_code: str, seq: int) -> str:
    """The code a pattern gives for these values."""
    return _fill(pattern, {"year": year, "round": round_number, "region": region_code, "seq": seq}, None)


async def next_code(session: AsyncSession, *, region_code: str, round_row: Round | None, today: date) -> str:
    """The next free code under the round's pattern (or the default): one past the highest sequence in use."""
    pattern = (round_row.code_pattern if round_row is not None else None) or DEFAULT_PATTERN
    values: dict[str, str | int] = {
        "year": (round_row.held_on if round_row is not None else today).year,
        "round": round_row.number if round_row is not None else 0,
        "region": region_code,
        "seq": 0,
    }
    # The codes of the same pattern and values differ only in the sequence: match them and take the highest.
    marker = "\x00"
    shape = re.escape(_fill(pattern, values, marker)).replace(re.escape(marker), r"(\d+)")
    prefix = _fill(pattern, values, marker).split(marker, 1)[0]
    codes = await session.scalars(select(Project.code).where(Project.code.startswith(prefix, autoescape=True)))
    used = [int(m.group(1)) for c in codes if (m := re.fullmatch(shape, c))]
    return render(
        pattern,
        year=int(values["year"]),
        round_number=int(values["round"]),
        region_code=region_code,
        seq=max(used, default=0) + 1,
    )
