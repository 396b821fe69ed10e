"""trade records

Revision ID: bbcc5fd901c8
Revises: b45f7422a1d6
Create Date: 2026-11-26 15:48:31.340668
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'bbcc5fd901c8'
down_revision: str | None = 'b45f7422a1d6'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_table('bulletin',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('indicator_code', sa.String(length=64), nullable=False, comment='指标编码'),
    sa.Column('period_label', sa.String(length=32), nullable=False, comment='统计期间，如 2021、2021-Q3、2021-06-YTD'),
    sa.Column('scope', sa.String(length=16), nullable=False, comment='排名范围 province 全省 / national 全国'),
    sa.Column('source_document', sa.String(length=200), nullable=False, comment='来源文件(通报名称或文号)'),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False, comment='导入时间'),
    sa.Column('imported_by', sa.String(length=64), nullable=False, comment='导入人(sub)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bulletin')),
    schema='trade_svc',
    comment='全省/全国通报'
    )
    op.create_index('ix_bulletin_indicator_period', 'bulletin', ['indicator_code', 'period_label', 'scope', 'id'], unique=False, schema='trade_svc')
    op.create_table('commerce_honour',
    sa.Column('kind', sa.String(length=40), nullable=False, comment='类别 time_honoured_brand老字号/brand_consumption_cluster品牌消费集聚区/safe_mall平安商场/green_mall绿色商场/express_logistics_park快递物流示范园区/pedestrian_street步行街'),
    sa.Column('level', sa.String(length=16), nullable=False, comment='级别 national国家级/provincial省级/city市级'),
    sa.Column('holder_name', sa.String(length=200), nullable=False, comment='获得者名称'),
    sa.Column('holder_uscc', sa.String(length=18), nullable=True, comment='获得者统一社会信用代码'),
    sa.Column('awarded_on', sa.Date(), nullable=False, comment='认定日期'),
    sa.Column('document_no', sa.String(length=100), nullable=True, comment='认定文号'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commerce_honour')),
    schema='trade_svc',
    comment='内贸荣誉创建'
    )
    op.create_index('ix_commerce_honour_awarded_on', 'commerce_honour', ['awarded_on'], unique=False, schema='trade_svc')
    op.create_index('ix_commerce_honour_region_path', 'commerce_honour', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_commerce_honour_updated_at_id', 'commerce_honour', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_table('ecommerce_demo_county',
    sa.Column('approved_level', sa.String(length=16), nullable=False, comment='获批时级别 national国家级/provincial省级'),
    sa.Column('approved_year', sa.Integer(), nullable=False, comment='获批年份'),
    sa.Column('promoted_to_national_on', sa.Date(), nullable=True, comment='晋级国家级示范日期'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ecommerce_demo_county')),
    schema='trade_svc',
    comment='电子商务进农村综合示范县'
    )
    op.create_index('ix_ecommerce_demo_county_region_path', 'ecommerce_demo_county', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_ecommerce_demo_county_updated_at_id', 'ecommerce_demo_county', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_index('uq_ecommerce_demo_county_region_code', 'ecommerce_demo_county', ['region_code'], unique=True, schema='trade_svc', postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.create_table('ecommerce_public_brand',
    sa.Column('name', sa.String(length=100), nullable=False, comment='品牌名称'),
    sa.Column('launched_on', sa.Date(), nullable=True, comment='发布日期'),
    sa.Column('owner', sa.String(length=200), nullable=True, comment='品牌运营主体'),
    sa.Column('products', sa.Text(), nullable=True, comment='主要产品'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ecommerce_public_brand')),
    schema='trade_svc',
    comment='农产品电商公共品牌'
    )
    op.create_index('ix_ecommerce_public_brand_region_path', 'ecommerce_public_brand', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_ecommerce_public_brand_updated_at_id', 'ecommerce_public_brand', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_table('ecommerce_training',
    sa.Column('title', sa.String(length=200), nullable=False, comment='培训名称'),
    sa.Column('held_on', sa.Date(), nullable=False, comment='举办日期(多期时为首期)'),
    sa.Column('sessions', sa.Integer(), nullable=False, comment='期数/场次'),
    sa.Column('person_times', sa.Integer(), nullable=False, comment='培训人次'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ecommerce_training')),
    schema='trade_svc',
    comment='电商培训'
    )
    op.create_index('ix_ecommerce_training_held_on', 'ecommerce_training', ['held_on'], unique=False, schema='trade_svc')
    op.create_index('ix_ecommerce_training_region_path', 'ecommerce_training', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_ecommerce_training_updated_at_id', 'ecommerce_training', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_table('ecommerce_village_coverage',
    sa.Column('as_of', sa.Date(), nullable=False, comment='统计截至日期'),
    sa.Column('villages_total', sa.Integer(), nullable=False, comment='行政村总数'),
    sa.Column('villages_with_station', sa.Integer(), nullable=False, comment='建有电商服务站点的行政村数'),
    sa.Column('villages_with_express', sa.Integer(), nullable=False, comment='快递服务覆盖的行政村数'),
    sa.Column('poor_villages_total', sa.Integer(), nullable=False, comment='贫困村总数'),
    sa.Column('poor_villages_with_station', sa.Integer(), nullable=False, comment='建有电商服务站点的贫困村数'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ecommerce_village_coverage')),
    schema='trade_svc',
    comment='电商服务站点与快递覆盖情况'
    )
    op.create_index('ix_ecommerce_village_coverage_region_path', 'ecommerce_village_coverage', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_ecommerce_village_coverage_updated_at_id', 'ecommerce_village_coverage', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_index('uq_ecommerce_village_coverage_region_code_as_of', 'ecommerce_village_coverage', ['region_code', 'as_of'], unique=True, schema='trade_svc', postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.create_table('export_registration',
    sa.Column('enterprise_uscc', sa.String(length=18), nullable=False, comment='企业统一社会信用代码'),
    sa.Column('enterprise_name', sa.String(length=200), nullable=False, comment='企业名称'),
    sa.Column('product', sa.String(length=100), nullable=False, comment='产品，如 冻鸭肉'),
    sa.Column('hs_code', sa.String(length=10), nullable=True, comment='HS编码'),
    sa.Column('destination_country', sa.String(length=64), nullable=False, comment='目的国家或地区，如 哈萨克斯坦'),
    sa.Column('recommended_on', sa.Date(), nullable=True, comment='推荐注册日期'),
    sa.Column('registered_on', sa.Date(), nullable=True, comment='获准注册日期'),
    sa.Column('first_exported_on', sa.Date(), nullable=True, comment='首次出口日期'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_registration')),
    schema='trade_svc',
    comment='出口注册备案'
    )
    op.create_index(op.f('ix_export_registration_enterprise_uscc'), 'export_registration', ['enterprise_uscc'], unique=False, schema='trade_svc')
    op.create_index('ix_export_registration_product_country', 'export_registration', ['product', 'destination_country', 'first_exported_on'], unique=False, schema='trade_svc')
    op.create_index('ix_export_registration_region_path', 'export_registration', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_export_registration_registered_on', 'export_registration', ['registered_on'], unique=False, schema='trade_svc')
    op.create_index('ix_export_registration_updated_at_id', 'export_registration', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_table('export_shipment',
    sa.Column('enterprise_uscc', sa.String(length=18), nullable=True, comment='企业统一社会信用代码'),
    sa.Column('enterprise_name', sa.String(length=200), nullable=True, comment='企业名称'),
    sa.Column('product', sa.String(length=100), nullable=False, comment='产品，如 茶叶'),
    sa.Column('channel', sa.String(length=32), nullable=False, comment='运输方式 china_europe_railway中欧班列/sea海运/air空运/road公路/other其他'),
    sa.Column('train_name', sa.String(length=100), nullable=True, comment='班列名称，如 中欧班列—信阳绿茶专列'),
    sa.Column('train_no', sa.String(length=64), nullable=True, comment='车次或班列编号(同一趟班列相同)'),
    sa.Column('batch_no', sa.String(length=64), nullable=True, comment='监管批次号/报关单号'),
    sa.Column('shipped_on', sa.Date(), nullable=False, comment='发运日期'),
    sa.Column('destination_country', sa.String(length=64), nullable=True, comment='目的国家或地区'),
    sa.Column('goods_value_wan_yuan', sa.Numeric(precision=14, scale=2), nullable=False, comment='货值(万元)'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_shipment')),
    schema='trade_svc',
    comment='监管出口批次'
    )
    op.create_index(op.f('ix_export_shipment_enterprise_uscc'), 'export_shipment', ['enterprise_uscc'], unique=False, schema='trade_svc')
    op.create_index('ix_export_shipment_region_path', 'export_shipment', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_export_shipment_shipped_on_region_path', 'export_shipment', ['shipped_on', 'region_path'], unique=False, schema='trade_svc')
    op.create_index('ix_export_shipment_updated_at_id', 'export_shipment', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_table('foreign_trade_stat',
    sa.Column('year', sa.Integer(), nullable=False, comment='年'),
    sa.Column('month', sa.Integer(), nullable=False, comment='月'),
    sa.Column('import_wan_usd', sa.Numeric(precision=16, scale=2), nullable=False, comment='进口额(万美元)'),
    sa.Column('export_wan_usd', sa.Numeric(precision=16, scale=2), nullable=False, comment='出口额(万美元)'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_foreign_trade_stat')),
    schema='trade_svc',
    comment='外贸进出口月度统计'
    )
    op.create_index('ix_foreign_trade_stat_region_path', 'foreign_trade_stat', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_foreign_trade_stat_updated_at_id', 'foreign_trade_stat', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_index('ix_foreign_trade_stat_year_month', 'foreign_trade_stat', ['year', 'month'], unique=False, schema='trade_svc')
    op.create_index('uq_foreign_trade_stat_region_code_year_month', 'foreign_trade_stat', ['region_code', 'year', 'month'], unique=True, schema='trade_svc', postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.create_table('fund_program',
    sa.Column('code', sa.String(length=32), nullable=False, comment='项目编码'),
    sa.Column('name', sa.String(length=100), nullable=False, comment='项目名称'),
    sa.Column('kind', sa.String(length=32), nullable=False, comment='类别 sme_market_development中小开/export_credit_insurance出口信保保费补贴/other其他'),
    sa.Column('description', sa.Text(), nullable=True, comment='说明'),
    sa.Column('is_active', sa.Boolean(), nullable=False, comment='是否在办'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_program')),
    schema='trade_svc',
    comment='外贸政策资金项目'
    )
    op.create_index('ix_fund_program_region_path', 'fund_program', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_fund_program_updated_at_id', 'fund_program', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_index('uq_fund_program_code', 'fund_program', ['code'], unique=True, schema='trade_svc', postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.create_table('labour_program',
    sa.Column('code', sa.String(length=32), nullable=False, comment='项目编码，如 EPS'),
    sa.Column('name', sa.String(length=100), nullable=False, comment='项目名称，如 中韩雇佣制'),
    sa.Column('destination_country', sa.String(length=64), nullable=False, comment='派往国家或地区，如 韩国'),
    sa.Column('description', sa.Text(), nullable=True, comment='说明'),
    sa.Column('is_active', sa.Boolean(), nullable=False, comment='是否在办'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_labour_program')),
    schema='trade_svc',
    comment='对外劳务合作项目'
    )
    op.create_index('ix_labour_program_region_path', 'labour_program', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_labour_program_updated_at_id', 'labour_program', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_index('uq_labour_program_code', 'labour_program', ['code'], unique=True, schema='trade_svc', postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.create_table('promotion_event',
    sa.Column('name', sa.String(length=200), nullable=False, comment='活动名称'),
    sa.Column('kind', sa.String(length=32), nullable=False, comment='类别 food_festival美食节/shopping_festival购物节/consumption_season消费季/other其他'),
    sa.Column('starts_on', sa.Date(), nullable=False, comment='开始日期'),
    sa.Column('ends_on', sa.Date(), nullable=False, comment='结束日期'),
    sa.Column('organizer', sa.String(length=200), nullable=True, comment='主办单位'),
    sa.Column('consumption_driven_yi_yuan', sa.Numeric(precision=12, scale=4), nullable=True, comment='带动消费(亿元)'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_promotion_event')),
    schema='trade_svc',
    comment='促销活动'
    )
    op.create_index('ix_promotion_event_region_path', 'promotion_event', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_promotion_event_starts_on', 'promotion_event', ['starts_on'], unique=False, schema='trade_svc')
    op.create_index('ix_promotion_event_updated_at_id', 'promotion_event', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_table('street_renovation',
    sa.Column('name', sa.String(length=200), nullable=False, comment='街区名称，如 胜利路步行街'),
    sa.Column('kind', sa.String(length=32), nullable=False, comment='类别 pedestrian_street步行街/cultural_tourism_street文旅商业街/commercial_street商业街'),
    sa.Column('started_on', sa.Date(), nullable=True, comment='改造开始日期'),
    sa.Column('completed_on', sa.Date(), nullable=True, comment='改造完成日期'),
    sa.Column('investment_wan_yuan', sa.Numeric(precision=14, scale=2), nullable=True, comment='投资额(万元)'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_street_renovation')),
    schema='trade_svc',
    comment='步行街改造提升'
    )
    op.create_index('ix_street_renovation_completed_on', 'street_renovation', ['completed_on'], unique=False, schema='trade_svc')
    op.create_index('ix_street_renovation_region_path', 'street_renovation', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_street_renovation_updated_at_id', 'street_renovation', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_table('trade_fair',
    sa.Column('name', sa.String(length=200), nullable=False, comment='展会名称，如 第129届广交会'),
    sa.Column('mode', sa.String(length=16), nullable=False, comment='形式 online线上/offline线下/hybrid线上线下结合'),
    sa.Column('starts_on', sa.Date(), nullable=False, comment='开始日期'),
    sa.Column('ends_on', sa.Date(), nullable=False, comment='结束日期'),
    sa.Column('organizer', sa.String(length=200), nullable=True, comment='主办单位'),
    sa.Column('location', sa.String(length=200), nullable=True, comment='举办地点'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trade_fair')),
    schema='trade_svc',
    comment='展会'
    )
    op.create_index('ix_trade_fair_region_path', 'trade_fair', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_trade_fair_starts_on', 'trade_fair', ['starts_on'], unique=False, schema='trade_svc')
    op.create_index('ix_trade_fair_updated_at_id', 'trade_fair', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_table('trade_training',
    sa.Column('topic', sa.String(length=200), nullable=False, comment='培训主题'),
    sa.Column('held_on', sa.Date(), nullable=False, comment='举办日期'),
    sa.Column('mode', sa.String(length=16), nullable=False, comment='形式 online/offline/hybrid'),
    sa.Column('organizer', sa.String(length=200), nullable=True, comment='主办单位'),
    sa.Column('attendee_count', sa.Integer(), nullable=False, comment='参训人数'),
    sa.Column('enterprise_count', sa.Integer(), nullable=False, comment='参训企业数'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trade_training')),
    schema='trade_svc',
    comment='外贸培训'
    )
    op.create_index('ix_trade_training_held_on', 'trade_training', ['held_on'], unique=False, schema='trade_svc')
    op.create_index('ix_trade_training_region_path', 'trade_training', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_trade_training_updated_at_id', 'trade_training', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_table('bulletin_row',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('seq', sa.Integer(), nullable=False, comment='通报中的行序'),
    sa.Column('entity_name', sa.String(length=64), nullable=False, comment='地区/单位名称'),
    sa.Column('entity_code', sa.String(length=12), nullable=False, comment='地区代码(GB/T 2260)'),
    sa.Column('value', sa.Numeric(precision=20, scale=4), nullable=False, comment='指标数值'),
    sa.Column('unit', sa.String(length=16), nullable=True, comment='计量单位'),
    sa.Column('bulletin_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False, comment='通报ID'),
    sa.ForeignKeyConstraint(['bulletin_id'], ['trade_svc.bulletin.id'], name=op.f('fk_bulletin_row_bulletin_id_bulletin'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bulletin_row')),
    sa.UniqueConstraint('bulletin_id', 'entity_code', name=op.f('uq_bulletin_row_bulletin_id_entity_code')),
    schema='trade_svc',
    comment='通报明细'
    )
    op.create_index(op.f('ix_bulletin_row_bulletin_id'), 'bulletin_row', ['bulletin_id'], unique=False, schema='trade_svc')
    op.create_table('fund_grant',
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False, comment='政策资金项目ID'),
    sa.Column('enterprise_uscc', sa.String(length=18), nullable=False, comment='企业统一社会信用代码'),
    sa.Column('enterprise_name', sa.String(length=200), nullable=False, comment='企业名称'),
    sa.Column('amount_wan_yuan', sa.Numeric(precision=14, scale=2), nullable=False, comment='金额(万元)'),
    sa.Column('approved_on', sa.Date(), nullable=False, comment='批准日期'),
    sa.Column('disbursed_on', sa.Date(), nullable=True, comment='拨付到企业日期'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.ForeignKeyConstraint(['program_id'], ['trade_svc.fund_program.id'], name=op.f('fk_fund_grant_program_id_fund_program')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_grant')),
    schema='trade_svc',
    comment='政策资金拨付'
    )
    op.create_index('ix_fund_grant_disbursed_on', 'fund_grant', ['disbursed_on'], unique=False, schema='trade_svc')
    op.create_index(op.f('ix_fund_grant_enterprise_uscc'), 'fund_grant', ['enterprise_uscc'], unique=False, schema='trade_svc')
    op.create_index(op.f('ix_fund_grant_program_id'), 'fund_grant', ['program_id'], unique=False, schema='trade_svc')
    op.create_index('ix_fund_grant_region_path', 'fund_grant', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_fund_grant_updated_at_id', 'fund_grant', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_table('labour_dispatch_batch',
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False, comment='对外劳务合作项目ID'),
    sa.Column('batch_no', sa.String(length=64), nullable=False, comment='批次编号'),
    sa.Column('departs_on', sa.Date(), nullable=False, comment='出境日期'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.ForeignKeyConstraint(['program_id'], ['trade_svc.labour_program.id'], name=op.f('fk_labour_dispatch_batch_program_id_labour_program')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_labour_dispatch_batch')),
    schema='trade_svc',
    comment='劳务派出批次'
    )
    op.create_index(op.f('ix_labour_dispatch_batch_departs_on'), 'labour_dispatch_batch', ['departs_on'], unique=False, schema='trade_svc')
    op.create_index(op.f('ix_labour_dispatch_batch_program_id'), 'labour_dispatch_batch', ['program_id'], unique=False, schema='trade_svc')
    op.create_index('ix_labour_dispatch_batch_region_path', 'labour_dispatch_batch', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_labour_dispatch_batch_updated_at_id', 'labour_dispatch_batch', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_table('labour_exchange_event',
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True, comment='对外劳务合作项目ID'),
    sa.Column('name', sa.String(length=200), nullable=False, comment='活动名称'),
    sa.Column('held_on', sa.Date(), nullable=False, comment='举办日期'),
    sa.Column('mode', sa.String(length=16), nullable=False, comment='形式 online线上/offline线下/hybrid结合'),
    sa.Column('partners', sa.String(length=255), nullable=True, comment='联合主办或合作方，如 商务部'),
    sa.Column('participants', sa.Integer(), nullable=True, comment='参加人数'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.ForeignKeyConstraint(['program_id'], ['trade_svc.labour_program.id'], name=op.f('fk_labour_exchange_event_program_id_labour_program')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_labour_exchange_event')),
    schema='trade_svc',
    comment='劳务合作交流活动'
    )
    op.create_index('ix_labour_exchange_event_held_on', 'labour_exchange_event', ['held_on'], unique=False, schema='trade_svc')
    op.create_index(op.f('ix_labour_exchange_event_program_id'), 'labour_exchange_event', ['program_id'], unique=False, schema='trade_svc')
    op.create_index('ix_labour_exchange_event_region_path', 'labour_exchange_event', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_labour_exchange_event_updated_at_id', 'labour_exchange_event', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_table('trade_fair_participant',
    sa.Column('fair_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False, comment='展会ID'),
    sa.Column('enterprise_uscc', sa.String(length=18), nullable=False, comment='企业统一社会信用代码'),
    sa.Column('enterprise_name', sa.String(length=200), nullable=False, comment='企业名称'),
    sa.Column('mode', sa.String(length=16), nullable=True, comment='参展形式 online/offline'),
    sa.Column('intended_deal_wan_usd', sa.Numeric(precision=16, scale=2), nullable=True, comment='意向成交额(万美元)'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.ForeignKeyConstraint(['fair_id'], ['trade_svc.trade_fair.id'], name=op.f('fk_trade_fair_participant_fair_id_trade_fair')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trade_fair_participant')),
    schema='trade_svc',
    comment='参展企业'
    )
    op.create_index(op.f('ix_trade_fair_participant_enterprise_uscc'), 'trade_fair_participant', ['enterprise_uscc'], unique=False, schema='trade_svc')
    op.create_index(op.f('ix_trade_fair_participant_fair_id'), 'trade_fair_participant', ['fair_id'], unique=False, schema='trade_svc')
    op.create_index('ix_trade_fair_participant_region_path', 'trade_fair_participant', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_trade_fair_participant_updated_at_id', 'trade_fair_participant', ['updated_at', 'id'], unique=False, schema='trade_svc')
    op.create_index('uq_trade_fair_participant_fair_id_enterprise_uscc', 'trade_fair_participant', ['fair_id', 'enterprise_uscc'], unique=True, schema='trade_svc', postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.create_table('labour_worker',
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False, comment='对外劳务合作项目ID'),
    sa.Column('batch_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True, comment='派出批次ID'),
    sa.Column('name_cipher', sa.String(length=255), nullable=False, comment='姓名(AES-GCM密文，含密钥ID)'),
    sa.Column('id_number_cipher', sa.String(length=255), nullable=False, comment='身份证号(AES-GCM密文，含密钥ID)'),
    sa.Column('id_number_hash', sa.String(length=100), nullable=False, comment='身份证号带密钥哈希(HMAC-SHA256，查重用)'),
    sa.Column('passport_cipher', sa.String(length=255), nullable=True, comment='护照号(AES-GCM密文，含密钥ID)'),
    sa.Column('sector', sa.String(length=64), nullable=True, comment='从事行业，如 制造业、农畜产业'),
    sa.Column('status', sa.String(length=16), nullable=False, comment='状态 registered/trained/departed/returned'),
    sa.Column('registered_on', sa.Date(), nullable=False, comment='登记日期'),
    sa.Column('trained_on', sa.Date(), nullable=True, comment='培训合格日期'),
    sa.Column('departed_on', sa.Date(), nullable=True, comment='出境日期'),
    sa.Column('returned_on', sa.Date(), nullable=True, comment='回国日期'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.ForeignKeyConstraint(['batch_id'], ['trade_svc.labour_dispatch_batch.id'], name=op.f('fk_labour_worker_batch_id_labour_dispatch_batch')),
    sa.ForeignKeyConstraint(['program_id'], ['trade_svc.labour_program.id'], name=op.f('fk_labour_worker_program_id_labour_program')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_labour_worker')),
    schema='trade_svc',
    comment='外派劳务人员（个人信息加密存储）'
    )
    op.create_index(op.f('ix_labour_worker_batch_id'), 'labour_worker', ['batch_id'], unique=False, schema='trade_svc')
    op.create_index('ix_labour_worker_departed_on_region_path', 'labour_worker', ['departed_on', 'region_path'], unique=False, schema='trade_svc')
    op.create_index('ix_labour_worker_id_number_hash', 'labour_worker', ['id_number_hash'], unique=False, schema='trade_svc')
    op.create_index(op.f('ix_labour_worker_program_id'), 'labour_worker', ['program_id'], unique=False, schema='trade_svc')
    op.create_index('ix_labour_worker_region_path', 'labour_worker', ['region_path'], unique=False, schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index(op.f('ix_labour_worker_status'), 'labour_worker', ['status'], unique=False, schema='trade_svc')
    op.create_index('ix_labour_worker_updated_at_id', 'labour_worker', ['updated_at', 'id'], unique=False, schema='trade_svc')


def downgrade() -> None:
    """Revert."""
    op.drop_index('ix_labour_worker_updated_at_id', table_name='labour_worker', schema='trade_svc')
    op.drop_index(op.f('ix_labour_worker_status'), table_name='labour_worker', schema='trade_svc')
    op.drop_index('ix_labour_worker_region_path', table_name='labour_worker', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index(op.f('ix_labour_worker_program_id'), table_name='labour_worker', schema='trade_svc')
    op.drop_index('ix_labour_worker_id_number_hash', table_name='labour_worker', schema='trade_svc')
    op.drop_index('ix_labour_worker_departed_on_region_path', table_name='labour_worker', schema='trade_svc')
    op.drop_index(op.f('ix_labour_worker_batch_id'), table_name='labour_worker', schema='trade_svc')
    op.drop_table('labour_worker', schema='trade_svc')
    op.drop_index('uq_trade_fair_participant_fair_id_enterprise_uscc', table_name='trade_fair_participant', schema='trade_svc', postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.drop_index('ix_trade_fair_participant_updated_at_id', table_name='trade_fair_participant', schema='trade_svc')
    op.drop_index('ix_trade_fair_participant_region_path', table_name='trade_fair_participant', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index(op.f('ix_trade_fair_participant_fair_id'), table_name='trade_fair_participant', schema='trade_svc')
    op.drop_index(op.f('ix_trade_fair_participant_enterprise_uscc'), table_name='trade_fair_participant', schema='trade_svc')
    op.drop_table('trade_fair_participant', schema='trade_svc')
    op.drop_index('ix_labour_exchange_event_updated_at_id', table_name='labour_exchange_event', schema='trade_svc')
    op.drop_index('ix_labour_exchange_event_region_path', table_name='labour_exchange_event', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index(op.f('ix_labour_exchange_event_program_id'), table_name='labour_exchange_event', schema='trade_svc')
    op.drop_index('ix_labour_exchange_event_held_on', table_name='labour_exchange_event', schema='trade_svc')
    op.drop_table('labour_exchange_event', schema='trade_svc')
    op.drop_index('ix_labour_dispatch_batch_updated_at_id', table_name='labour_dispatch_batch', schema='trade_svc')
    op.drop_index('ix_labour_dispatch_batch_region_path', table_name='labour_dispatch_batch', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index(op.f('ix_labour_dispatch_batch_program_id'), table_name='labour_dispatch_batch', schema='trade_svc')
    op.drop_index(op.f('ix_labour_dispatch_batch_departs_on'), table_name='labour_dispatch_batch', schema='trade_svc')
    op.drop_table('labour_dispatch_batch', schema='trade_svc')
    op.drop_index('ix_fund_grant_updated_at_id', table_name='fund_grant', schema='trade_svc')
    op.drop_index('ix_fund_grant_region_path', table_name='fund_grant', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index(op.f('ix_fund_grant_program_id'), table_name='fund_grant', schema='trade_svc')
    op.drop_index(op.f('ix_fund_grant_enterprise_uscc'), table_name='fund_grant', schema='trade_svc')
    op.drop_index('ix_fund_grant_disbursed_on', table_name='fund_grant', schema='trade_svc')
    op.drop_table('fund_grant', schema='trade_svc')
    op.drop_index(op.f('ix_bulletin_row_bulletin_id'), table_name='bulletin_row', schema='trade_svc')
    op.drop_table('bulletin_row', schema='trade_svc')
    op.drop_index('ix_trade_training_updated_at_id', table_name='trade_training', schema='trade_svc')
    op.drop_index('ix_trade_training_region_path', table_name='trade_training', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index('ix_trade_training_held_on', table_name='trade_training', schema='trade_svc')
    op.drop_table('trade_training', schema='trade_svc')
    op.drop_index('ix_trade_fair_updated_at_id', table_name='trade_fair', schema='trade_svc')
    op.drop_index('ix_trade_fair_starts_on', table_name='trade_fair', schema='trade_svc')
    op.drop_index('ix_trade_fair_region_path', table_name='trade_fair', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_table('trade_fair', schema='trade_svc')
    op.drop_index('ix_street_renovation_updated_at_id', table_name='street_renovation', schema='trade_svc')
    op.drop_index('ix_street_renovation_region_path', table_name='street_renovation', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index('ix_street_renovation_completed_on', table_name='street_renovation', schema='trade_svc')
    op.drop_table('street_renovation', schema='trade_svc')
    op.drop_index('ix_promotion_event_updated_at_id', table_name='promotion_event', schema='trade_svc')
    op.drop_index('ix_promotion_event_starts_on', table_name='promotion_event', schema='trade_svc')
    op.drop_index('ix_promotion_event_region_path', table_name='promotion_event', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_table('promotion_event', schema='trade_svc')
    op.drop_index('uq_labour_program_code', table_name='labour_program', schema='trade_svc', postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.drop_index('ix_labour_program_updated_at_id', table_name='labour_program', schema='trade_svc')
    op.drop_index('ix_labour_program_region_path', table_name='labour_program', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_table('labour_program', schema='trade_svc')
    op.drop_index('uq_fund_program_code', table_name='fund_program', schema='trade_svc', postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.drop_index('ix_fund_program_updated_at_id', table_name='fund_program', schema='trade_svc')
    op.drop_index('ix_fund_program_region_path', table_name='fund_program', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_table('fund_program', schema='trade_svc')
    op.drop_index('uq_foreign_trade_stat_region_code_year_month', table_name='foreign_trade_stat', schema='trade_svc', postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.drop_index('ix_foreign_trade_stat_year_month', table_name='foreign_trade_stat', schema='trade_svc')
    op.drop_index('ix_foreign_trade_stat_updated_at_id', table_name='foreign_trade_stat', schema='trade_svc')
    op.drop_index('ix_foreign_trade_stat_region_path', table_name='foreign_trade_stat', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_table('foreign_trade_stat', schema='trade_svc')
    op.drop_index('ix_export_shipment_updated_at_id', table_name='export_shipment', schema='trade_svc')
    op.drop_index('ix_export_shipment_shipped_on_region_path', table_name='export_shipment', schema='trade_svc')
    op.drop_index('ix_export_shipment_region_path', table_name='export_shipment', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index(op.f('ix_export_shipment_enterprise_uscc'), table_name='export_shipment', schema='trade_svc')
    op.drop_table('export_shipment', schema='trade_svc')
    op.drop_index('ix_export_registration_updated_at_id', table_name='export_registration', schema='trade_svc')
    op.drop_index('ix_export_registration_registered_on', table_name='export_registration', schema='trade_svc')
    op.drop_index('ix_export_registration_region_path', table_name='export_registration', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index('ix_export_registration_product_country', table_name='export_registration', schema='trade_svc')
    op.drop_index(op.f('ix_export_registration_enterprise_uscc'), table_name='export_registration', schema='trade_svc')
    op.drop_table('export_registration', schema='trade_svc')
    op.drop_index('uq_ecommerce_village_coverage_region_code_as_of', table_name='ecommerce_village_coverage', schema='trade_svc', postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.drop_index('ix_ecommerce_village_coverage_updated_at_id', table_name='ecommerce_village_coverage', schema='trade_svc')
    op.drop_index('ix_ecommerce_village_coverage_region_path', table_name='ecommerce_village_coverage', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_table('ecommerce_village_coverage', schema='trade_svc')
    op.drop_index('ix_ecommerce_training_updated_at_id', table_name='ecommerce_training', schema='trade_svc')
    op.drop_index('ix_ecommerce_training_region_path', table_name='ecommerce_training', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index('ix_ecommerce_training_held_on', table_name='ecommerce_training', schema='trade_svc')
    op.drop_table('ecommerce_training', schema='trade_svc')
    op.drop_index('ix_ecommerce_public_brand_updated_at_id', table_name='ecommerce_public_brand', schema='trade_svc')
    op.drop_index('ix_ecommerce_public_brand_region_path', table_name='ecommerce_public_brand', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_table('ecommerce_public_brand', schema='trade_svc')
    op.drop_index('uq_ecommerce_demo_county_region_code', table_name='ecommerce_demo_county', schema='trade_svc', postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))
    op.drop_index('ix_ecommerce_demo_county_updated_at_id', table_name='ecommerce_demo_county', schema='trade_svc')
    op.drop_index('ix_ecommerce_demo_county_region_path', table_name='ecommerce_demo_county', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_table('ecommerce_demo_county', schema='trade_svc')
    op.drop_index('ix_commerce_honour_updated_at_id', table_name='commerce_honour', schema='trade_svc')
    op.drop_index('ix_commerce_honour_region_path', table_name='commerce_honour', schema='trade_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index('ix_commerce_honour_awarded_on', table_name='commerce_honour', schema='trade_svc')
    op.drop_table('commerce_honour', schema='trade_svc')
    op.drop_index('ix_bulletin_indicator_period', table_name='bulletin', schema='trade_svc')
    op.drop_table('bulletin', schema='trade_svc')
