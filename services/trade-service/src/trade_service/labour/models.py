"""Labour cooperation records: programs (EPS Korea and others), workers, dispatch batches, exchange events, brands."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from platform_core.db import BigIntPK
from platform_core.records import RegionRecord, record_indexes
from trade_service.core import Base


class LabourProgram(RegionRecord, Base):
    """A labour cooperation program, e.g. 中韩雇佣制 (EPS); placed at the region that runs it."""

    __tablename__ = "labour_program"
    __table_args__ = (
        *record_indexes("labour_program"),
        Index(
            "uq_labour_program_code",
            "code",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
            sqlite_where=text("deleted_at IS NULL"),
        ),
        {"comment": "对外劳务合作项目"},
    )

    code: Mapped[str] = mapped_column(String(32), comment="项目编码，如 EPS")
    name: Mapped[str] = mapped_column(String(100), comment="项目名称，如 中韩雇佣制")
    destination_country: Mapped[str] = mapped_column(String(64), comment="派往国家或地区，如 韩国")
    description: Mapped[str | None] = mapped_column(Text, comment="说明")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, comment="是否在办")


class DispatchBatch(RegionRecord, Base):
    """A group of workers leaving together (派出批次)."""

    __tablename__ = "labour_dispatch_batch"
    __table_args__ = (*record_indexes("labour_dispatch_batch"), {"comment": "劳务派出批次"})

    program_id: Mapped[int] = mapped_column(
        BigIntPK, ForeignKey("labour_program.id"), index=True, comment="对外劳务合作项目ID"
    )
    batch_no: Mapped[str] = mapped_column(String(64), comment="批次编号")
    departs_on: Mapped[date] = mapped_column(Date, index=True, comment="出境日期")
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")


class LabourWorker(RegionRecord, Base):
    """A worker sent abroad; name, ID number and passport number are stored encrypted, never in clear."""

    __tablename__ = "labour_worker"
    __table_args__ = (
        *record_indexes("labour_worker"),
        # Departures per period are counted from this index alone (index-only scans): the region and program
        # columns the figures filter and group by are carried in it.
        Index(
            "ix_labour_worker_live_departed_on",
            "departed_on",
            postgresql_include=["region_path", "region_code", "program_id"],
            postgresql_where=text("deleted_at IS NULL"),
            sqlite_where=text("deleted_at IS NULL"),
        ),
        Index("ix_labour_worker_id_number_hash", "id_number_hash"),
        {"comment": "外派劳务人员（个人信息加密存储）"},
    )

    program_id: Mapped[int] = mapped_column(
        BigIntPK, ForeignKey("labour_program.id"), index=True, comment="对外劳务合作项目ID"
    )
    batch_id: Mapped[int | None] = mapped_column(
        BigIntPK, ForeignKey("labour_dispatch_batch.id"), index=True, comment="派出批次ID"
    )
    name_cipher: Mapped[str] = mapped_column(String(255), comment="姓名(AES-GCM密文，含密钥ID)")
    id_number_cipher: Mapped[str] = mapped_column(String(255), comment="身份证号(AES-GCM密文，含密钥ID)")
    id_number_hash: Mapped[str] = mapped_column(String(100), comment="身份证号带密钥哈希(HMAC-SHA256，查重用)")
    passport_cipher: Mapped[str | None] = mapped_column(String(255), comment="护照号(AES-GCM密文，含密钥ID)")
    sector: Mapped[str | None] = mapped_column(String(64), comment="从事行业，如 制造业、农畜产业")
    status: Mapped[str] = mapped_column(String(16), index=True, comment="状态 registered/trained/departed/returned")
    registered_on: Mapped[date] = mapped_column(Date, comment="登记日期")
    trained_on: Mapped[date | None] = mapped_column(Date, comment="培训合格日期")
    departed_on: Mapped[date | None] = mapped_column(Date, comment="出境日期")
    returned_on: Mapped[date | None] = mapped_column(Date, comment="回国日期")
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")


class ExchangeEvent(RegionRecord, Base):
    """An exchange event of labour cooperation, e.g. the online China-Korea meeting with MOFCOM."""

    __tablename__ = "labour_exchange_event"
    __table_args__ = (
        *record_indexes("labour_exchange_event"),
        Index("ix_labour_exchange_event_held_on", "held_on"),
        {"comment": "劳务合作交流活动"},
    )

    program_id: Mapped[int | None] = mapped_column(
        BigIntPK, ForeignKey("labour_program.id"), index=True, comment="对外劳务合作项目ID"
    )
    name: Mapped[str] = mapped_column(String(200), comment="活动名称")
    held_on: Mapped[date] = mapped_column(Date, comment="举办日期")
    mode: Mapped[str] = mapped_column(String(16), comment="形式 online线上/offline线下/hybrid结合")
    partners: Mapped[str | None] = mapped_column(String(255), comment="联合主办或合作方，如 商务部")
    participants: Mapped[int | None] = mapped_column(Integer, comment="参加人数")
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")


class LabourBrand(RegionRecord, Base):
    """A labour-cooperation brand the region promotes abroad (the report's 涉外劳务名片)."""

    __tablename__ = "labour_brand"
    __table_args__ = (
        *record_indexes("labour_brand"),
        {"comment": "涉外劳务品牌(名片)"},
    )

    name: Mapped[str] = mapped_column(String(100), comment="品牌名称，如 信阳")
    level: Mapped[str | None] = mapped_column(String(16), comment="认定级别 national国家级/provincial省级/city市级")
    recognized_on: Mapped[date | None] = mapped_column(Date, comment="认定或发布日期")
    program_id: Mapped[int | None] = mapped_column(
        BigIntPK, ForeignKey("labour_program.id"), index=True, comment="依托的对外劳务合作项目ID"
    )
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")
