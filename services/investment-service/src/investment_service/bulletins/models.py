"""Stored provincial bulletins of investment indicators (the shared bulletin columns, in this schema)."""

from __future__ import annotations

from investment_service.core import Base
from platform_core.bulletins import BulletinMixin, BulletinRowMixin


class Bulletin(BulletinMixin, Base):
    """An imported bulletin of one investment indicator and period."""


class BulletinRow(BulletinRowMixin, Base):
    """One city's value in a bulletin."""
