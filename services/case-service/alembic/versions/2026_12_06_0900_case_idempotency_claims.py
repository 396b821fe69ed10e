"""case: an idempotency record may be a claim in flight (no answer stored yet)

Revision ID: 2a5c7e9b1d04
Revises: 69334d30583b
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

from platform_core.migrations import allow_idempotency_claims, forbid_idempotency_claims

revision: str = "2a5c7e9b1d04"
down_revision: str | None = "69334d30583b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Keys are claimed before the work runs; the answer is stored when it is done."""
    allow_idempotency_claims("case_svc")


def downgrade() -> None:
    """Back to answers only."""
    forbid_idempotency_claims("case_svc")
