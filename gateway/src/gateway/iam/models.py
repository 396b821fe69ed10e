"""Identity tables (schema `iam`): regions, units, roles, users, password history, refresh tokens, sessions,
sign-ins, machine clients, audit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, SmallInteger, String, false
from sqlalchemy.orm import Mapped, mapped_column

from platform_core.audit import AuditLogMixin
from platform_core.audit_archive import AuditArchiveMixin
from platform_core.db import BigIntPK, TimestampMixin, UTCDateTime, VersionMixin, make_base
from platform_core.idempotency import IdempotencyRecordMixin
from platform_core.jobs import JobControlMixin, JobRunMixin
from platform_core.parameters import ParameterMixin

Base = make_base("iam")


class Region(Base):
    """A GB/T 2260 division (or a functional zone) with its materialised path."""

    __tablename__ = "region"
    __table_args__ = {"comment": "行政区划(GB/T 2260)"}

    code: Mapped[str] = mapped_column(String(12), primary_key=True, comment="行政区划代码(GB/T 2260)")
    name: Mapped[str] = mapped_column(String(64), comment="名称")
    level: Mapped[int] = mapped_column(SmallInteger, comment="层级 1省 2市 3县区")
    parent_code: Mapped[str | None] = mapped_column(
        String(12), ForeignKey("region.code"), index=True, comment="上级区划代码"
    )
    path: Mapped[str] = mapped_column(String(128), index=True, comment="物化路径，如 /410000/411500/411522/")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, comment="是否启用")


class Unit(TimestampMixin, VersionMixin, Base):
    """An organisation: a city department, a county commerce bureau or another responsible unit."""

    __tablename__ = "unit"
    __table_args__ = {"comment": "单位(市直部门、县区商务局等责任单位)"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True, comment="主键")
    code: Mapped[str] = mapped_column(String(32), unique=True, comment="单位编码")
    name: Mapped[str] = mapped_column(String(64), index=True, comment="单位名称")
    kind: Mapped[str] = mapped_column(String(32), index=True, comment="单位类别，如 市直部门、县区商务局")
    region_code: Mapped[str] = mapped_column(
        String(12), ForeignKey("region.code"), index=True, comment="所属行政区划代码"
    )
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, comment="是否启用")


class Role(TimestampMixin, VersionMixin, Base):
    """A role: a set of permission strings and one data scope."""

    __tablename__ = "role"
    __table_args__ = {"comment": "角色"}

    code: Mapped[str] = mapped_column(String(64), primary_key=True, comment="角色编码")
    name: Mapped[str] = mapped_column(String(64), comment="角色名称")
    permissions: Mapped[list[str]] = mapped_column(JSON, default=list, comment="权限标识列表")
    data_scope: Mapped[str] = mapped_column(String(32), comment="数据范围 ALL/REGION_AND_BELOW/REGION/UNIT/SELF")
    is_builtin: Mapped[bool] = mapped_column(Boolean, default=False, comment="是否内置角色")


class User(TimestampMixin, VersionMixin, Base):
    """A person who signs in: staff of a bureau or unit, or an enterprise's contact."""

    __tablename__ = "user"
    __table_args__ = {"comment": "用户"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True, comment="主键")
    username: Mapped[str] = mapped_column(String(64), unique=True, comment="登录名")
    display_name: Mapped[str] = mapped_column(String(64), comment="姓名")
    password_hash: Mapped[str] = mapped_column(String(255), comment="密码哈希(argon2id)")
    region_code: Mapped[str] = mapped_column(
        String(12), ForeignKey("region.code"), index=True, comment="所属行政区划代码"
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True, comment="所属单位")
    enterprise_uscc: Mapped[str | None] = mapped_column(
        String(18), index=True, comment="企业用户所属企业的统一社会信用代码"
    )
    phone: Mapped[str | None] = mapped_column(String(32), comment="手机号码")
    email: Mapped[str | None] = mapped_column(String(128), comment="电子邮箱")
    # 消息接收设置: the inbox is always on; e-mail and SMS as the user chose; quiet hours (HH:MM, Asia/Shanghai).
    notify_email: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false(), comment="是否接收邮件提醒"
    )
    notify_sms: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), comment="是否接收短信提醒")
    quiet_start: Mapped[str | None] = mapped_column(String(5), comment="免打扰开始时间(HH:MM，北京时间)")
    quiet_end: Mapped[str | None] = mapped_column(String(5), comment="免打扰结束时间(HH:MM，北京时间)")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, comment="是否启用")
    failed_login_count: Mapped[int] = mapped_column(Integer, default=0, comment="连续登录失败次数")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="锁定截止时间")
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True, comment="下次登录须修改密码")
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="密码修改时间")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="最近登录时间")
    last_failed_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="最近一次登录失败时间")
    # Carried in every access token as `sv`; raising it ends every sign-in of the user at the next check.
    session_version: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0", comment="会话版本(停用、改密、重置密码、改角色时递增)"
    )


class UserRole(Base):
    """Which roles a user holds."""

    __tablename__ = "user_role"
    __table_args__ = {"comment": "用户角色"}

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, comment="用户")
    role_code: Mapped[str] = mapped_column(ForeignKey("role.code"), primary_key=True, index=True, comment="角色编码")


class RefreshToken(Base):
    """An opaque refresh token (only its SHA-256 is stored); rotation links a family of them."""

    __tablename__ = "refresh_token"
    __table_args__ = {"comment": "刷新令牌(仅存摘要)"}

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    family_id: Mapped[str] = mapped_column(String(32), index=True, comment="令牌族(一次登录)标识")
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True, comment="用户")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, comment="令牌SHA-256摘要")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="签发时间")
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="使用(轮换)时间")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="绝对过期时间(登录时确定)")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="吊销时间")
    replaced_by_id: Mapped[int | None] = mapped_column(
        BigIntPK, ForeignKey("refresh_token.id", ondelete="SET NULL"), comment="轮换后的新令牌"
    )


class UserSession(Base):
    """One sign-in: the refresh-token family it holds, where it came from, and whether it has ended."""

    __tablename__ = "user_session"
    __table_args__ = {"comment": "登录会话(一次登录，对应一个刷新令牌族)"}

    id: Mapped[str] = mapped_column(String(32), primary_key=True, comment="会话标识(即刷新令牌族标识)")
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True, comment="用户")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="登录时间")
    last_active_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True, comment="最近活动(刷新令牌)时间")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="绝对过期时间")
    address: Mapped[str | None] = mapped_column(String(64), comment="登录地址")
    user_agent: Mapped[str | None] = mapped_column(String(256), comment="客户端(User-Agent)")
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True, comment="结束时间")
    end_reason: Mapped[str | None] = mapped_column(String(32), comment="结束原因")


class SignInLog(Base):
    """Every password sign-in attempt that was checked, successful or not (the auditor's 登录日志)."""

    __tablename__ = "sign_in_log"
    __table_args__ = {"comment": "登录日志"}

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True, comment="时间")
    username: Mapped[str] = mapped_column(String(64), index=True, comment="提交的登录名")
    user_id: Mapped[int | None] = mapped_column(Integer, index=True, comment="用户(登录名存在时)")
    result: Mapped[str] = mapped_column(String(16), index=True, comment="结果 success/failure")
    reason: Mapped[str] = mapped_column(String(100), comment="说明")
    address: Mapped[str | None] = mapped_column(String(64), index=True, comment="登录地址")
    user_agent: Mapped[str | None] = mapped_column(String(256), comment="客户端(User-Agent)")
    session_id: Mapped[str | None] = mapped_column(String(32), comment="成功时的会话标识")


class SignInThrottle(Base):
    """Sign-in attempts per address in the current window, shared by every gateway process."""

    __tablename__ = "sign_in_throttle"
    __table_args__ = {"comment": "登录频率限制(按地址)"}

    key: Mapped[str] = mapped_column(String(80), primary_key=True, comment="计数键(地址)")
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True, comment="窗口开始时间")
    attempts: Mapped[int] = mapped_column(Integer, comment="窗口内尝试次数")


class UnknownLogin(Base):
    """Failures and lock of a login name that does not exist, counted like a real account's."""

    __tablename__ = "unknown_login"
    __table_args__ = {"comment": "不存在的登录名的失败计数与锁定"}

    username: Mapped[str] = mapped_column(String(64), primary_key=True, comment="登录名")
    failed_login_count: Mapped[int] = mapped_column(Integer, comment="连续登录失败次数")
    last_failed_login_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True, comment="最近一次失败时间")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="锁定截止时间")


class PasswordHistory(Base):
    """A password a user has had (only its argon2id hash): a new password may not repeat the recent ones."""

    __tablename__ = "password_history"
    __table_args__ = {"comment": "历史密码(仅存哈希)"}

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True, comment="用户")
    password_hash: Mapped[str] = mapped_column(String(255), comment="密码哈希(argon2id)")
    set_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="设置时间")


class MachineClient(TimestampMixin, VersionMixin, Base):
    """A system that pulls data with the client-credentials grant (e.g. the provincial platform)."""

    __tablename__ = "machine_client"
    __table_args__ = {"comment": "接入客户端(机器对机器)"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True, comment="主键")
    client_id: Mapped[str] = mapped_column(String(64), unique=True, comment="客户端标识")
    name: Mapped[str] = mapped_column(String(64), comment="接入系统名称")
    secret_hash: Mapped[str] = mapped_column(String(255), comment="客户端密钥哈希(argon2id)")
    permissions: Mapped[list[str]] = mapped_column(JSON, default=list, comment="权限标识列表(只读)")
    data_scope: Mapped[str] = mapped_column(String(32), comment="数据范围")
    region_code: Mapped[str] = mapped_column(String(12), ForeignKey("region.code"), comment="数据范围所在行政区划代码")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, comment="是否启用")


class AuditLog(AuditLogMixin, Base):
    """The gateway's audit entries: sign-ins, tokens, and every identity administration write."""

    __table_args__ = {"comment": "审计日志"}


class IdempotencyRecord(IdempotencyRecordMixin, Base):
    """Remembered responses of the gateway's creates."""


class JobRun(JobRunMixin, Base):
    """Claimed slots and run log of the gateway's periodic jobs."""


class JobControl(JobControlMixin, Base):
    """The administrator's pause and run-now requests for the gateway's periodic jobs."""


class AuditArchive(AuditArchiveMixin, Base):
    """Monthly archives of the gateway's audit log."""


class Parameter(ParameterMixin, Base):
    """The gateway's 系统参数 an administrator edited (password policy, sign-in lockout)."""

    __table_args__ = {"comment": "系统参数"}


class EnumerationOverride(VersionMixin, Base):
    """An administrator's edit of one enumeration code: label, order, colour, enabled (defaults in code)."""

    __tablename__ = "enumeration_override"
    __table_args__ = {"comment": "业务字典项的修改（未修改的项取代码中的默认值）"}

    enumeration: Mapped[str] = mapped_column(String(64), primary_key=True, comment="字典键")
    code: Mapped[str] = mapped_column(String(64), primary_key=True, comment="字典项代码")
    label: Mapped[str] = mapped_column(String(64), comment="名称")
    sort_order: Mapped[int] = mapped_column(Integer, comment="排序")
    colour: Mapped[str] = mapped_column(String(16), comment="颜色：标签类型或 #rrggbb")
    enabled: Mapped[bool] = mapped_column(Boolean, comment="是否启用")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="修改时间")
    updated_by: Mapped[str | None] = mapped_column(String(64), comment="修改人")
