"""Every table of the service, imported in one place so the metadata (and Alembic) knows them all.

Importing it also installs the flush hooks that keep the totals the indicators read in step (`funds/totals.py`,
`project/totals.py`).
"""

from __future__ import annotations

from investment_service.bulletins.models import Bulletin, BulletinRow
from investment_service.core import AuditLog, IdempotencyRecord
from investment_service.dictionary.models import IndustryChain
from investment_service.foreign.models import ForeignCapital, ForeignEnterprise, ForeignVisit
from investment_service.funds import totals as _totals  # noqa: F401 - installs the totals' flush hook
from investment_service.funds.models import FundMonthTotal, FundRecord
from investment_service.project import totals as _project_totals  # noqa: F401 - installs its flush hook
from investment_service.project.models import (
    Project,
    ProjectCohortTotal,
    ProjectMonthTotal,
    ProjectProgress,
    ProjectStageEvent,
)
from investment_service.rounds.models import Round

__all__ = [
    "AuditLog",
    "Bulletin",
    "BulletinRow",
    "ForeignCapital",
    "ForeignEnterprise",
    "ForeignVisit",
    "FundMonthTotal",
    "FundRecord",
    "IdempotencyRecord",
    "IndustryChain",
    "Project",
    "ProjectCohortTotal",
    "ProjectMonthTotal",
    "ProjectProgress",
    "ProjectStageEvent",
    "Round",
]
