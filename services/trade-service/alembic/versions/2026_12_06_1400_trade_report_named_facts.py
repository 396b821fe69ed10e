"""trade: named facts of the work report (labour brands, honour titles, featured brands)

Revision ID: 2b015719b085
Revises: c3e5a7b9d124
Create Date: 2026-12-06 14:03:01.913961
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '2b015719b085'
down_revision: str | None = 'c3e5a7b9d124'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


SCHEMA = "trade_svc"


def _on_sqlite() -> bool:
    """SQLite keeps the schema as the file's main database and has no column comments to alter."""
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    """Labour brands; honour titles and the 美食之乡 kind; the brand a promotion features."""
    op.create_table('labour_brand',
    sa.Column('name', sa.String(length=100), nullable=False, comment='品牌名称，如 信阳'),
    sa.Column('level', sa.String(length=16), nullable=True, comment='认定级别 national国家级/provincial省级/city市级'),
    sa.Column('recognized_on', sa.Date(), nullable=True, comment='认定或发布日期'),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True, comment='依托的对外劳务合作项目ID'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.ForeignKeyConstraint(['program_id'], ['trade_svc.labour_program.id'], name=op.f('fk_labour_brand_program_id_labour_program')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_labour_brand')),
    schema='trade_svc',
    comment='涉外劳务品牌(名片)'
    )
    op.create_index(op.f('ix_labour_brand_program_id'), 'labour_brand', ['program_id'], unique=False, schema='trade_svc')
    op.create_index('ix_labour_brand_region_path', 'labour_brand', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_labour_brand_updated_at_id', 'labour_brand', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.add_column('commerce_honour', sa.Column('title', sa.String(length=100), nullable=True, comment='称号全称，如 中国茶筵之乡、河南老字号'), schema=None if _on_sqlite() else SCHEMA)
    if not _on_sqlite():
        op.alter_column('commerce_honour', 'kind',
                   existing_type=sa.VARCHAR(length=40),
                   comment='类别 time_honoured_brand老字号/brand_consumption_cluster品牌消费集聚区/safe_mall平安商场/green_mall绿色商场/express_logistics_park快递物流示范园区/pedestrian_street步行街/food_town美食之乡',
                   existing_comment='类别 time_honoured_brand老字号/brand_consumption_cluster品牌消费集聚区/safe_mall平安商场/green_mall绿色商场/express_logistics_park快递物流示范园区/pedestrian_street步行街',
                   existing_nullable=False,
                   schema='trade_svc')
    op.add_column('promotion_event', sa.Column('featured_brand', sa.String(length=100), nullable=True, comment='推介的餐饮品牌，如 信阳菜'), schema=None if _on_sqlite() else SCHEMA)
    if not _on_sqlite():
        op.alter_column('promotion_event', 'kind',
                   existing_type=sa.VARCHAR(length=32),
                   comment='类别 food_festival美食节/shopping_festival购物节/consumption_season消费季/cuisine_contest美食推广大赛/food_season美食季(系列活动)/other其他',
                   existing_comment='类别 food_festival美食节/shopping_festival购物节/consumption_season消费季/other其他',
                   existing_nullable=False,
                   schema='trade_svc')


def downgrade() -> None:
    """Without the named facts."""
    if not _on_sqlite():
        op.alter_column('promotion_event', 'kind',
                   existing_type=sa.VARCHAR(length=32),
                   comment='类别 food_festival美食节/shopping_festival购物节/consumption_season消费季/other其他',
                   existing_comment='类别 food_festival美食节/shopping_festival购物节/consumption_season消费季/cuisine_contest美食推广大赛/food_season美食季(系列活动)/other其他',
                   existing_nullable=False,
                   schema='trade_svc')
    op.drop_column('promotion_event', 'featured_brand', schema=None if _on_sqlite() else SCHEMA)
    if not _on_sqlite():
        op.alter_column('commerce_honour', 'kind',
                   existing_type=sa.VARCHAR(length=40),
                   comment='类别 time_honoured_brand老字号/brand_consumption_cluster品牌消费集聚区/safe_mall平安商场/green_mall绿色商场/express_logistics_park快递物流示范园区/pedestrian_street步行街',
                   existing_comment='类别 time_honoured_brand老字号/brand_consumption_cluster品牌消费集聚区/safe_mall平安商场/green_mall绿色商场/express_logistics_park快递物流示范园区/pedestrian_street步行街/food_town美食之乡',
                   existing_nullable=False,
                   schema='trade_svc')
    op.drop_column('commerce_honour', 'title', schema=None if _on_sqlite() else SCHEMA)
    op.drop_index('ix_labour_brand_updated_at_id', table_name='labour_brand', schema='trade_svc')
    op.drop_index('ix_labour_brand_region_path', table_name='labour_brand', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index(op.f('ix_labour_brand_program_id'), table_name='labour_brand', schema='trade_svc')
    op.drop_table('labour_brand', schema='trade_svc')
