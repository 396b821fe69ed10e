"""Response shapes of visit photos."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class VisitPhotoOut(BaseModel):
    """A visit photo's metadata."""

    id: int
    visit_id: int
    filename: str
    content_type: str = Field(description="按文件内容识别的类型(image/jpeg 或 image/png)")
    size: int = Field(description="字节数")
    sha256: str = Field(description="SHA-256 校验值")
    uploaded_by: str
    uploaded_by_name: str | None
    created_at: datetime
    content_url: str


class VisitPhotoList(BaseModel):
    """A visit's photos, oldest first."""

    items: list[VisitPhotoOut]
