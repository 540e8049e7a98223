"""The titles people read for the policy texts in seeds/policy-sources/ (documents.toml): a
citation shows its document's title and 文号 and its clause, never the text's file name."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from backend.rules.schema import RuleCatalogueError

TITLES_FILE = "documents.toml"


def document_titles(directory: Path) -> dict[str, str]:
    """Title by file name; every policy text needs one and every title a text."""
    path = directory / TITLES_FILE
    where = f"seeds/policy-sources/{TITLES_FILE}"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RuleCatalogueError(f"{where}: missing (a title for each policy text)") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RuleCatalogueError(f"{where}: not valid TOML: {exc}") from exc
    titles = {}
    for name, entry in raw.items():
        title = entry.get("title") if isinstance(entry, dict) else None
        if not isinstance(title, str) or not title.strip():
            raise RuleCatalogueError(f"{where}: [{name!r}].title: required, the document's title")
        titles[name] = title.strip()
    texts = {p.name for p in directory.glob("*.txt")}
    if missing := sorted(texts - set(titles)):
        raise RuleCatalogueError(f"{where}: no title for {', '.join(missing)}")
    if unknown := sorted(set(titles) - texts):
        raise RuleCatalogueError(f"{where}: no policy text {', '.join(unknown)}")
    return titles


@cache
def default_titles() -> dict[str, str]:
    from backend.rules.catalogue import SEEDS_DIR

    return document_titles(SEEDS_DIR / "policy-sources")
