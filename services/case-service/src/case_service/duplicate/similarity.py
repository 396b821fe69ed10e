"""Text similarity as pg_trgm computes it, for databases without the extension (SQLite, or PostgreSQL where it
could not be created).

pg_trgm lower-cases the text, splits it into words (runs of letters and digits; a Chinese sentence without
spaces is one word), pads each word with two spaces in front and one behind, and takes the set of its
three-character substrings. `similarity(a, b)` is |A ∩ B| / |A ∪ B| of the two sets: 0 for nothing in common,
1 for the same set. The same threshold means the same thing on both databases (tests compare the two).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+")


def trigrams(text: str) -> frozenset[str]:
    """The set of trigrams pg_trgm's `show_trgm` would give for the text."""
    out: set[str] = set()
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        out.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(out)


def similarity(a: str, b: str) -> float:
    """pg_trgm's `similarity(a, b)`: shared trigrams over all trigrams of both (0 when either has none)."""
    first, second = trigrams(a), trigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)
