"""Uploaded evidence files (photos, scans, documents) as drill records and rectification answers
keep them.

The type is judged from the file's first bytes (JPEG, PNG, PDF), never from its name or the
browser's header: a text file named .png is refused (415). Files larger than the upload limit are
refused (413). Each file is stored once by its sha256, outside the web root, and served only
through the API to people who may read what it is attached to.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from backend.core.errors import TooLarge, UnsupportedMedia
from backend.core.settings import Settings

# (first bytes, content type, extension)
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
)


def kind_of(content: bytes) -> tuple[str, str] | None:
    """(content type, extension) judged from the content's magic bytes; None if not accepted."""
    for magic, content_type, extension in _SIGNATURES:
        if content.startswith(magic):
            return content_type, extension
    return None


def shown_name(filename: str) -> str:
    """The name without any folder a browser sent along, at most 200 characters."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name.strip()
    return (name or "evidence")[-200:]


def judged_file(content: bytes, filename: str, settings: Settings) -> tuple[str, dict]:
    """The name to store an accepted file under and its columns (filename, content_type, size,
    sha256); 413 above the upload limit, 415 for a type not accepted."""
    if len(content) > settings.max_upload_bytes:
        raise TooLarge("upload_too_large", limit_mb=f"{settings.max_upload_bytes / 1024 / 1024:g}")
    kind = kind_of(content)
    if kind is None:
        raise UnsupportedMedia("evidence_wrong_type")
    content_type, extension = kind
    digest = hashlib.sha256(content).hexdigest()
    values = {"filename": shown_name(filename), "content_type": content_type,
              "size": len(content), "sha256": digest}  # fmt: skip
    return digest + extension, values


def store_file(folder: Path, stored_name: str, content: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / stored_name
    if target.exists():
        return  # the same bytes are already there
    partial = folder / f".{stored_name}.{os.getpid()}.part"
    partial.write_bytes(content)
    partial.replace(target)
