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


def mask_id_number(value: str | None) -> str | None:
    """A resident ID number with only the first 6 and last 4 characters shown."""
    return mask_middle(value, 6, 4)


def mask_passport(value: str | None) -> str | None:
    """A passport number with only the first and last 2 characters shown."""
    return mask_middle(value, 2, 2)
