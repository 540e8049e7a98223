"""Content-Disposition for downloads named after what they hold: the Chinese name per RFC 5987
(`filename*=UTF-8''...`, what browsers save under) and an ASCII fallback for old clients."""

from __future__ import annotations

import re
from urllib.parse import quote

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_NOT_ASCII_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def file_name(*parts: object, suffix: str) -> str:
    """Parts that are set, joined with '-', without characters a file system refuses."""
    words = [_UNSAFE.sub("_", str(p)).strip() for p in parts if p not in (None, "")]
    return "-".join(w for w in words if w) + suffix


def content_disposition(name: str, fallback: str, inline: bool = False) -> str:
    """`attachment` (or `inline`) with both names; the fallback is reduced to safe ASCII."""
    stem, dot, suffix = fallback.rpartition(".") if "." in fallback else (fallback, "", "")
    stem = _NOT_ASCII_NAME.sub("-", stem).strip("-") or "download"
    ascii_name = stem + dot + _NOT_ASCII_NAME.sub("", suffix)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
