"""case pause: the resolve clock stands still while the enterprise supplies material (PAUSED, case_pause)

Revision ID: 037cbddba199
Revises: 21aa1a653ac3
Create Date: 2026-12-06 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "037cbddba199"
down_revision: str | None = "21aa1a653ac3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the open states before and after this revision (the snapshot indexes' predicates).
OPEN_BEFORE = (
    "'ACCEPTED', 'ASSIGNED', 'ESCALATED', 'EXTENSION_REQUESTED', 'IN_PROGRESS', 'LONG_TERM_TRACKING', "
    "'PENDING_REVIEW', 'RETURN_REQUESTED', 'SUBMITTED'"
)
OPEN_AFTER = (
    "'ACCEPTED', 'ASSIGNED', 'ESCALATED', 'EXTENSION_REQUESTED', 'IN_PROGRESS', 'LONG_TERM_TRACKING', "
    "'PAUSED', 'PENDING_REVIEW', 'RETURN_REQUESTED', 'SUBMITTED'"
)
SPAN = (
    "tstzrange(created_at, greatest(created_at, coalesce(least(resolved_at, closed_at), 'infinity'::timestamptz)), "
    "'[]')"
)


def _alter_schema() -> str | None:
    """ALTER TABLE is not schema-translated: on SQLite the schema is the file's main database."""
    return None if op.get_bind().dialect.name == "sqlite" else "case_svc"


def _snapshot_indexes(states: str) -> None:
    """The statistics' two partial indexes over open and done cases, for a list of open states."""
    op.create_index(
        "ix_case_record_open_region_path",
        "case_record",
        ["region_path"],
        unique=False,
        schema="case_svc",
        postgresql_ops={"region_path": "text_pattern_ops"},
        postgresql_where=sa.text(f"state IN ({states})"),
        sqlite_where=sa.text(f"state IN ({states})"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_case_record_done_open_span",
            "case_record",
            [sa.literal_column(SPAN)],
            unique=False,
            schema="case_svc",
            postgresql_using="gist",
            postgresql_where=sa.text(f"(state NOT IN ({states}))"),
        )


def _drop_snapshot_indexes() -> None:
    op.drop_index("ix_case_record_open_region_path", table_name="case_record", schema="case_svc")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_case_record_done_open_span", table_name="case_record", schema="case_svc")


def upgrade() -> None:
    """Two columns on the case, the pause records, and the snapshot indexes over the new open state."""
    schema = _alter_schema()
    op.add_column(
        "case_record",
        sa.Column(
            "paused_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="暂停时间(等待企业补充材料，办理时限冻结；恢复后清空)",
        ),
        schema=schema,
    )
    op.add_column(
        "case_record",
        sa.Column(
            "paused_seconds",
            sa.Integer(),
            nullable=False,
            server_default="0",
            comment="累计暂停的计时时长(秒，按期限计算方式：自然日或工作日)",
        ),
        schema=schema,
    )
    op.create_table(
        "case_pause",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False,
                  comment="主键"),
        sa.Column("case_id", sa.BigInteger(), nullable=False, comment="诉求ID"),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=False, comment="暂停时间"),
        sa.Column("paused_by", sa.String(length=64), nullable=False, comment="暂停人(sub)"),
        sa.Column("paused_by_name", sa.String(length=64), nullable=True, comment="暂停人姓名"),
        sa.Column("reason", sa.Text(), nullable=False, comment="需企业补充的材料及理由"),
        sa.Column("resumed_at", sa.DateTime(timezone=True), nullable=True, comment="恢复时间"),
        sa.Column("resumed_by", sa.String(length=64), nullable=True, comment="恢复人(sub)"),
        sa.Column(
            "resumed_kind", sa.String(length=16), nullable=True, comment="恢复方式 officer承办单位/enterprise企业补充材料"
        ),
        sa.Column("paused_seconds", sa.Integer(), nullable=True, comment="计入的暂停时长(秒，按期限计算方式)"),
        sa.Column("previous_due", sa.DateTime(timezone=True), nullable=True, comment="恢复前的办结期限"),
        sa.Column("new_due", sa.DateTime(timezone=True), nullable=True, comment="顺延后的办结期限"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_svc.case_record.id"], name=op.f("fk_case_pause_case_id_case_record"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_pause")),
        schema="case_svc",
        comment="诉求暂停计时记录",
    )
    op.create_index("ix_case_pause_case_id", "case_pause", ["case_id"], unique=False, schema="case_svc")
    op.create_index("ix_case_pause_paused_at", "case_pause", ["paused_at"], unique=False, schema="case_svc")
    _drop_snapshot_indexes()
    _snapshot_indexes(OPEN_AFTER)


def downgrade() -> None:
    """Revert (a paused case goes back to 办理中 first)."""
    schema = _alter_schema()
    table = f"{schema}.case_record" if schema else "case_record"
    op.execute(f"UPDATE {table} SET state = 'IN_PROGRESS', paused_at = NULL WHERE state = 'PAUSED'")
    _drop_snapshot_indexes()
    _snapshot_indexes(OPEN_BEFORE)
    op.drop_index("ix_case_pause_paused_at", table_name="case_pause", schema="case_svc")
    op.drop_index("ix_case_pause_case_id", table_name="case_pause", schema="case_svc")
    op.drop_table("case_pause", schema="case_svc")
    with op.batch_alter_table("case_record", schema=schema) as batch:
        batch.drop_column("paused_seconds")
        batch.drop_column("paused_at")
