"""Uploaded files (attachments) checked the same way in every app: the type is read from the bytes, never from
the client's header or file name; the size is capped while reading; names are cleaned for display only."""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import quote

from fastapi import UploadFile

from platform_core.imports import inspect_archive
from platform_core.problems import ProblemError
from platform_core.settings import ImportLimits

MIME_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
}
EXTENSIONS: dict[str, str] = {"jpeg": "jpg"}
CHUNK = 64 * 1024
# Text may hold tabs and line breaks but no other control bytes.
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\"\\/:*?<>|]")


def file_problem(status: int, code: str, message: str) -> ProblemError:
    """A problem naming the `file` field of a multipart upload."""
    return ProblemError(
        status,
        code,
        message,
        errors=[{"field": "file", "location": "body", "message": message, "code": code}],
    )


def too_large(max_bytes: int) -> ProblemError:
    """The 413 of a file over the limit."""
    return file_problem(413, "payload_too_large", f"附件不能超过 {max_bytes // 1024} KB")


async def read_limited(upload: UploadFile, max_bytes: int) -> bytes:
    """The upload's bytes, or 413 as soon as it grows past the limit."""
    buffer = bytearray()
    while chunk := await upload.read(CHUNK):
        buffer += chunk
        if len(buffer) > max_bytes:
            raise too_large(max_bytes)
    return bytes(buffer)


def sniff(data: bytes) -> str | None:
    """The type of a file from its magic bytes: pdf, jpeg, png, docx, xlsx, txt, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        try:
            # Only the central directory is read: a zip bomb costs nothing here.
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" not in names:
            return None
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        return None
    if _BINARY.search(data):
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return "txt"
    return None


def checked_kind(data: bytes, *, max_bytes: int, allowed: list[str], archive_limits: ImportLimits) -> str:
    """The sniffed type of an upload that passes the size limit and the allowlist (413/422 naming `file`)."""
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    if not data:
        raise file_problem(422, "validation_failed", "附件为空")
    detected = sniff(data)
    if detected is None or detected not in allowed:
        allowed_text = "、".join(allowed)
        raise file_problem(422, "validation_failed", f"不支持的文件类型（按文件内容识别），仅允许：{allowed_text}")
    if detected in ("docx", "xlsx"):
        # Whoever downloads it opens it in Word or Excel: a zip bomb is refused from its directory, never inflated.
        inspect_archive(data, archive_limits).close()
    return detected


def clean_filename(name: str | None, kind: str) -> str:
    """The uploaded name without folders or unsafe characters (display only; files are stored by id)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE_NAME.sub("_", base).strip(" .")[:200]
    return base or f"attachment.{EXTENSIONS.get(kind, kind)}"


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the UTF-8 name per RFC 5987/6266."""
    fallback = filename.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download_headers(filename: str, sha256: str) -> dict[str, str]:
    """Headers of a stored file's download: named as uploaded, never sniffed by the browser, never cached."""
    return {
        "Content-Disposition": content_disposition(filename),
        "X-Content-Type-Options": "nosniff",
        "ETag": f'"{sha256}"',
        "Cache-Control": "private, no-store",
    }
