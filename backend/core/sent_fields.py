"""Which fields a PATCH body sent: the one place that tells sent from unsent.

A PATCH schema gives each editable field the default `msgspec.UNSET`, so a field the body left out
stays UNSET while one sent as `null` is None (for a nullable field, "clear it").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import msgspec


def sent_fields(
    body: msgspec.Struct,
    among: Iterable[str] | None = None,
    renames: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The fields the body carries (not UNSET), in declaration order: of all its fields, or only
    of those named in `among` (in its order); keyed by field name, or by `renames[name]` (e.g. a column name)."""
    names = body.__struct_fields__ if among is None else tuple(among)
    renames = renames or {}
    sent = {}
    for name in names:
        value = getattr(body, name)
        if value is not msgspec.UNSET:
            sent[renames.get(name, name)] = value
    return sent
