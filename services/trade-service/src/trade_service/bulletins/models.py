"""Bulletins stored in trade_svc through the shared bulletin mechanism."""

from __future__ import annotations

from platform_core.bulletins import BulletinMixin, BulletinRowMixin
from trade_service.core import Base


class Bulletin(BulletinMixin, Base):
    """An imported bulletin of one indicator and period (全国/全省通报)."""


class BulletinRow(BulletinRowMixin, Base):
    """One entity's value in a bulletin."""
