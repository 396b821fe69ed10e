"""Response shapes of case attachments."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from case_service.attachment.models import AttachmentKind


class AttachmentOut(BaseModel):
    """An attachment's metadata."""

    id: int
    case_id: int
    kind: AttachmentKind = Field(description="material 诉求材料 / result 办理结果附件")
    filename: str
    content_type: str = Field(description="按文件内容识别的类型")
    size: int = Field(description="字节数")
    sha256: str = Field(description="SHA-256 校验值")
    uploaded_by: str
    uploaded_by_name: str | None
    created_at: datetime
    download_url: str


class AttachmentList(BaseModel):
    """A case's attachments, oldest first."""

    items: list[AttachmentOut]
