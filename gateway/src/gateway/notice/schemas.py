"""Request and response shapes of notices (通知公告)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from gateway.iam.schemas import StrictModel
from gateway.notice.models import NoticeStatus

_CONTROL = {chr(c) for c in range(32)} - {"\n", "\t", "\r"}


def _plain(value: str) -> str:
    """Plain text: control characters refused (the SPA shows it escaped, never as HTML)."""
    if any(ch in _CONTROL for ch in value):
        raise ValueError("不能包含控制字符")
    return value


class Audience(StrictModel):
    """Who a notice is addressed to: anyone matching one of the lists."""

    role_codes: list[str] = Field(default_factory=list, max_length=50, description="角色编码（持有该角色的用户）")
    region_codes: list[str] = Field(
        default_factory=list, max_length=200, description="行政区划代码（该区划及其下级的用户）"
    )
    user_ids: list[int] = Field(default_factory=list, max_length=500, description="指定用户ID")


class NoticeCreate(StrictModel):
    """A new notice (a draft until published)."""

    title: str = Field(min_length=1, max_length=200, description="标题", examples=["关于开展2021年度企业走访的通知"])
    body: str = Field(min_length=1, max_length=20000, description="正文（纯文本）")
    pinned: bool = Field(default=False, description="是否置顶")
    audience: Audience = Field(description="接收范围：角色、行政区划（含下级）、指定用户，满足其一即可")

    _title = field_validator("title", "body")(_plain)


class NoticeUpdate(StrictModel):
    """Changes to a draft notice."""

    title: str | None = Field(default=None, min_length=1, max_length=200, description="标题")
    body: str | None = Field(default=None, min_length=1, max_length=20000, description="正文（纯文本）")
    pinned: bool | None = Field(default=None, description="是否置顶")
    audience: Audience | None = Field(default=None, description="接收范围")

    _title = field_validator("title", "body")(_plain)


class AttachmentOut(BaseModel):
    """A file attached to a notice."""

    id: int = Field(description="附件ID")
    filename: str = Field(description="文件名")
    content_type: str = Field(description="类型（按内容识别）")
    size: int = Field(description="字节数")
    download_url: str = Field(description="下载地址")


class AudienceOut(BaseModel):
    """The audience with names for display."""

    role_codes: list[str] = Field(description="角色编码")
    role_names: list[str] = Field(description="角色名称")
    region_codes: list[str] = Field(description="行政区划代码")
    region_names: list[str] = Field(description="行政区划名称")
    user_ids: list[int] = Field(description="指定用户ID")
    user_names: list[str] = Field(description="指定用户姓名")


class ReadRate(BaseModel):
    """How many of the addressed users have read a notice."""

    addressed: int = Field(description="接收人数")
    read: int = Field(description="已读人数")
    rate: float = Field(description="阅读率（0–1，接收人数为0时为0）")


class NoticeOut(BaseModel):
    """A notice as its publisher sees it."""

    id: int = Field(description="ID")
    title: str = Field(description="标题")
    body: str = Field(description="正文（纯文本）")
    pinned: bool = Field(description="是否置顶")
    status: NoticeStatus = Field(description="状态 draft 草稿 / published 已发布 / withdrawn 已撤回")
    published_at: datetime | None = Field(description="发布时间")
    withdrawn_at: datetime | None = Field(description="撤回时间")
    author_name: str | None = Field(description="发布人")
    region_code: str = Field(description="发布人所属行政区划代码")
    audience: AudienceOut = Field(description="接收范围")
    attachments: list[AttachmentOut] = Field(description="附件")
    read_rate: ReadRate = Field(description="阅读情况")
    version: int = Field(description="版本号")
    created_at: datetime = Field(description="创建时间")
    updated_at: datetime = Field(description="更新时间")


class ReaderOut(BaseModel):
    """One addressed user and whether (when) they read the notice."""

    user_id: int = Field(description="用户ID")
    display_name: str = Field(description="姓名")
    region_code: str = Field(description="所属行政区划代码")
    region_name: str | None = Field(description="所属行政区划名称")
    read_at: datetime | None = Field(description="阅读时间（未读为空）")


class MyNotice(BaseModel):
    """A published notice addressed to the caller."""

    id: int = Field(description="ID")
    title: str = Field(description="标题")
    body: str = Field(description="正文（纯文本）")
    pinned: bool = Field(description="是否置顶")
    published_at: datetime | None = Field(description="发布时间")
    author_name: str | None = Field(description="发布人")
    attachments: list[AttachmentOut] = Field(description="附件")
    read_at: datetime | None = Field(description="我的阅读时间（未读为空）")
    unread: bool = Field(description="是否未读")


class UnreadCount(BaseModel):
    """How many published notices addressed to the caller are unread."""

    unread: int = Field(description="未读数")
    unread_pinned: int = Field(description="其中置顶未读数")


class ReadReceipt(BaseModel):
    """The caller's read receipt of a notice."""

    notice_id: int = Field(description="通知公告ID")
    read_at: datetime = Field(description="首次阅读时间")
