"""iam: grant the scheduled jobs page (system:job:list, system:job:operate) to the built-in system administrator.

Revision ID: 5d9b3e7f1a62
Revises: 36ee74456729
Create Date: 2026-12-06 18:05:00
"""

from collections.abc import Sequence

from alembic import op

from gateway.role_grants import apply_builtin_grants

revision: str = "5d9b3e7f1a62"
down_revision: str | None = "36ee74456729"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the grant at the time of this revision.
GRANTS: dict[str, tuple[str, ...]] = {"system_admin": ("system:job:list", "system:job:operate")}


def upgrade() -> None:
    """The system administrator reads, pauses, resumes and runs the periodic jobs."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=True)


def downgrade() -> None:
    """Take the grant back."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=False)
