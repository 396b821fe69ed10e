"""Masking of personal data for roles that may not see it."""

from __future__ import annotations


def mask_middle(value: str | None, keep_start: int, keep_end: int) -> str | None:
    """Keep the first and last characters, star the middle."""
    if not value:
        return value
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


def mask_phone(value: str | None) -> str | None:
    """`13812345678` → `138****5678`; landlines keep area code and last 4."""
    if not value:
        return value
    if "-" in value:
        area, _, rest = value.partition("-")
        return f"{area}-{mask_middle(rest, 0, 4)}"
    return mask_middle(value, 3, 4)


def mask_email(value: str | None) -> str | None:
    """`zhangsan@example.cn` → `z*******@example.cn`: the first character of the name and the domain."""
    if not value or "@" not in value:
        return value
    name, _, domain = value.partition("@")
    return f"{mask_middle(name, 1, 0)}@{domain}"


def mask_id_number(value: str | None) -> str | None:
    """A resident ID number with at most 6 of its 18 characters shown: `411************23X`.

    The first 6 (the county) and the 8-digit birth date together narrow a person down too far; the first 3
    (province and prefecture level) and the last 3 (sequence and check) do not.
    """
    return mask_middle(value, 3, 3)


def mask_passport(value: str | None) -> str | None:
    """A passport number with at most a third of it shown: the first character and the last 2 (`E******78`)."""
    return mask_middle(value, 1, 2)
