"""investment: an idempotency record may be a claim in flight (no answer stored yet)

Revision ID: 4b6d8f0a2c15
Revises: de97fe1e45f2
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

from platform_core.migrations import allow_idempotency_claims, forbid_idempotency_claims

revision: str = "4b6d8f0a2c15"
down_revision: str | None = "de97fe1e45f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Keys are claimed before the work runs; the answer is stored when it is done."""
    allow_idempotency_claims("investment_svc")


def downgrade() -> None:
    """Back to answers only."""
    forbid_idempotency_claims("investment_svc")
