"""iam: an idempotency record may be a claim in flight (no answer stored yet)

Revision ID: 8e0a2c4d6f37
Revises: 8d1e4b7a9c20
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

from platform_core.migrations import allow_idempotency_claims, forbid_idempotency_claims

revision: str = "8e0a2c4d6f37"
down_revision: str | None = "8d1e4b7a9c20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Keys are claimed before the work runs; the answer is stored when it is done."""
    allow_idempotency_claims("iam")


def downgrade() -> None:
    """Back to answers only."""
    forbid_idempotency_claims("iam")
