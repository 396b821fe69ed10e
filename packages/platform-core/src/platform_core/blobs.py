"""Stored files (attachments) behind one interface, readable by every replica of an app.

`DatabaseBlobs` (the default) keeps the bytes in a table of the app's own schema, in the same transaction
as the record that names them: a rolled-back upload leaves nothing, and any replica — on any machine —
reads what another wrote, with the database's backups covering them. `FileBlobs` keeps them in a folder
(one machine, or a shared volume), for installations that want files on disk.
"""

from __future__ import annotations

import asyncio
import os
from datetime import datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import Integer, LargeBinary, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from platform_core.db import UTCDateTime, utcnow


class BlobMixin:
    """The bytes of one stored file, by key."""

    __tablename__ = "blob"
    __table_args__ = {"comment": "文件内容"}

    key: Mapped[str] = mapped_column(String(128), primary_key=True, comment="键")
    content: Mapped[bytes] = mapped_column(LargeBinary, comment="内容")
    size: Mapped[int] = mapped_column(Integer, comment="字节数")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="写入时间")


class BlobStore(Protocol):
    """Where an app keeps file contents."""

    async def put(self, session: AsyncSession, key: str, data: bytes) -> None:
        """Store the bytes under a key (with the session's transaction where the store can)."""

    async def get(self, session: AsyncSession, key: str) -> bytes | None:
        """The bytes under a key, or None."""

    async def discard(self, key: str) -> None:
        """Undo a `put` whose transaction failed (nothing to do where the put was transactional)."""


class DatabaseBlobs:
    """Contents in a table of the app's schema, written in the caller's transaction."""

    def __init__(self, model: type[BlobMixin]) -> None:
        """Bind the app's blob model."""
        self.model = model

    async def put(self, session: AsyncSession, key: str, data: bytes) -> None:
        """Add the row; it commits or rolls back with the record that names it."""
        session.add(self.model(key=key, content=data, size=len(data)))
        await session.flush()

    async def get(self, session: AsyncSession, key: str) -> bytes | None:
        """Read the contents."""
        return await session.scalar(select(self.model.content).where(self.model.key == key))

    async def discard(self, key: str) -> None:
        """Nothing to undo: the row went with the rolled-back transaction."""


class FileBlobs:
    """Contents in a folder, a thousand files to a subfolder, written atomically (temporary name, rename)."""

    def __init__(self, root: Path) -> None:
        """Keep files under `root`."""
        self.root = root

    def path_of(self, key: str) -> Path:
        """Where a key's file lives (keys are the platform's own record ids, never user input)."""
        if not key.isdigit():
            raise ValueError(f"file keys are record ids: {key!r}")
        return self.root / f"{int(key) // 1000:06d}" / key

    async def put(self, session: AsyncSession, key: str, data: bytes) -> None:
        """Write the file (off the event loop)."""
        await asyncio.to_thread(_write, self.path_of(key), data)

    async def get(self, session: AsyncSession, key: str) -> bytes | None:
        """Read the file, or None when it is missing."""
        path = self.path_of(key)
        return await asyncio.to_thread(path.read_bytes) if path.is_file() else None

    async def discard(self, key: str) -> None:
        """Remove a file whose record was not committed."""
        self.path_of(key).unlink(missing_ok=True)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)
