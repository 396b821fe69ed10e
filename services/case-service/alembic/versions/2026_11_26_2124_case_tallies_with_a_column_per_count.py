"""case tallies with a column per count: the table is derived, so it is replaced and recounted

Revision ID: 3a7b08273e05
Revises: f80902a3ae81
Create Date: 2026-11-26 21:24:09.383007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '3a7b08273e05'
down_revision: str | None = 'f80902a3ae81'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _key_columns(second_comment: str) -> list[sa.Column]:
    return [
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
        sa.Column('month', sa.Integer(), nullable=False, comment='锚定时刻所在月(北京时间)：年*12+月-1'),
        sa.Column('second_month', sa.Integer(), nullable=False, comment=second_comment),
        sa.Column('region_code', sa.String(length=12), nullable=False, comment='行政区划代码'),
        sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径'),
        sa.Column('source', sa.String(length=16), nullable=False, comment='来源'),
        sa.Column('lead_unit_id', sa.Integer(), nullable=False, comment='牵头单位ID，未交办为0'),
        sa.Column('lead_unit_name', sa.String(length=100), nullable=False, comment='牵头单位名称(交办时快照)，未交办为空串'),
    ]


def _drop() -> None:
    op.drop_index('ix_case_tally_region_path_month', table_name='case_tally', schema='case_svc', postgresql_ops={'region_path': 'text_pattern_ops'})
    op.drop_table('case_tally', schema='case_svc')


def _index() -> None:
    op.create_index('ix_case_tally_region_path_month', 'case_tally', ['region_path', 'month'], unique=False, schema='case_svc', postgresql_ops={'region_path': 'text_pattern_ops'})


def upgrade() -> None:
    """Apply."""
    _drop()
    op.create_table('case_tally',
    *_key_columns('第二时刻所在月(北京时间)，无第二时刻的计数同锚定月'),
    sa.Column('received', sa.Integer(), nullable=False, comment='登记数(锚定：登记)'),
    sa.Column('done', sa.Integer(), nullable=False, comment='已办结或关闭数(锚定：登记；第二：办结或关闭)'),
    sa.Column('assigned', sa.Integer(), nullable=False, comment='交办数(锚定：交办)'),
    sa.Column('sign_due', sa.Integer(), nullable=False, comment='签收期限已到或已签收数(第二：两者较早者)'),
    sa.Column('signed_in_time', sa.Integer(), nullable=False, comment='按期签收数(第二：签收)'),
    sa.Column('feedback_due', sa.Integer(), nullable=False, comment='反馈期限已到或已反馈数(第二：较早者)'),
    sa.Column('feedback_in_time', sa.Integer(), nullable=False, comment='按期首次反馈数(第二：首次反馈)'),
    sa.Column('resolved', sa.Integer(), nullable=False, comment='办结数(锚定：办结)'),
    sa.Column('on_time', sa.Integer(), nullable=False, comment='按期办结数(锚定：办结)'),
    sa.Column('rated', sa.Integer(), nullable=False, comment='回访评价数(锚定：评价)'),
    sa.Column('satisfied', sa.Integer(), nullable=False, comment='满意及基本满意数(锚定：评价)'),
    sa.Column('closed', sa.Integer(), nullable=False, comment='销号数(锚定：关闭)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_tally')),
    sa.UniqueConstraint('month', 'second_month', 'region_code', 'source', 'lead_unit_id', 'lead_unit_name', name=op.f('uq_case_tally_key')),
    schema='case_svc',
    comment='诉求统计汇总(按月、区划、来源、牵头单位)'
    )
    _index()
    # Existing cases: the tallies and horizons the statistics read from now on. The service's own recount, so the
    # definition of each count stays in one place.
    from case_service.indicators.tally import rebuild

    rebuild(op.get_bind(), rollups=False)  # the roll-ups come with a later revision


def downgrade() -> None:
    """Revert (the previous shape comes back empty: recount with that version's `python -m case_service.indicators.tally`)."""
    _drop()
    op.create_table('case_tally',
    *_key_columns('第二时刻所在月(北京时间)，无第二时刻时同锚定月'),
    sa.Column('measure', sa.String(length=20), nullable=False, comment='指标，如 received/done/assigned/sign_due'),
    sa.Column('n', sa.Integer(), nullable=False, comment='件数'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_tally')),
    sa.UniqueConstraint('measure', 'month', 'second_month', 'region_code', 'source', 'lead_unit_id', 'lead_unit_name', name=op.f('uq_case_tally_key')),
    schema='case_svc',
    comment='诉求统计汇总(按月、区划、来源、牵头单位)'
    )
    _index()
