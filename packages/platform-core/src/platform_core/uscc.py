"""The unified social credit code (统一社会信用代码, GB 32100-2015) and its check characters."""

from __future__ import annotations

from dataclasses import dataclass

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
REGISTRARS = set("123456789ANY")
ORG_CODE_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


@dataclass(frozen=True, slots=True)
class UsccCheck:
    """The outcome of checking a code: hard errors block, warnings only inform."""

    value: str
    error: str | None
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the code passes the hard (mod 31) check."""
        return self.error is None


def check_character(first17: str) -> str:
    """The mod-31 check character for the first 17 characters."""
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def org_code_check(body8: str) -> str:
    """The GB 11714 check character for the 8-character organisation code body."""
    total = sum(ORG_CODE_CHARSET.index(c) * w for c, w in zip(body8, ORG_CODE_WEIGHTS, strict=True))
    rest = 11 - total % 11
    return {10: "X", 11: "0"}.get(rest, str(rest))


def check_uscc(raw: str) -> UsccCheck:
    """Check an 18-character code; messages are the zh-CN texts shown to users."""
    value = raw.strip().upper()
    if len(value) != 18:
        return UsccCheck(value, "统一社会信用代码应为18位")
    bad = [c for c in value if c not in CHARSET]
    if bad:
        return UsccCheck(value, f"统一社会信用代码含非法字符：{''.join(sorted(set(bad)))}")
    if value[0] not in REGISTRARS:
        return UsccCheck(value, "统一社会信用代码第1位（登记管理部门）不正确")
    if not value[2:8].isdigit():
        return UsccCheck(value, "统一社会信用代码第3-8位应为行政区划代码")
    if check_character(value[:17]) != value[17]:
        return UsccCheck(value, "统一社会信用代码校验位错误")
    warnings: list[str] = []
    body = value[8:16]
    if all(c in ORG_CODE_CHARSET for c in body) and org_code_check(body) != value[16]:
        warnings.append("组织机构代码（第9-17位）校验位不符，请核对")
    return UsccCheck(value, None, tuple(warnings))


def normalise_uscc(raw: str) -> str:
    """Validate and normalise a code, raising ValueError with the user-facing message."""
    result = check_uscc(raw)
    if result.error:
        raise ValueError(result.error)
    return result.value
