"""Runtime configuration, read once from DRILLBOOK_* environment variables."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

DEFAULT_DATABASE_URL = "sqlite:///drillbook.sqlite3"
SECRET_FILE = ".drillbook-secret"


class ConfigurationError(RuntimeError):
    """The environment does not describe a runnable drillbook."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    host: str
    port: int
    secret: str
    production: bool
    max_upload_bytes: int
    # Where phones reach the app (calendar subscription addresses); empty: the request's own.
    public_url: str = ""
    # Uploaded evidence (photos, scanned sign-in sheets, certificates): outside the web root,
    # served only through the API to people in scope.
    evidence_dir: str = "evidence"

    @property
    def database_kind(self) -> str:
        return database_kind(self.database_url)


def database_kind(url: str) -> str:
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        return "sqlite"
    if scheme in ("postgres", "postgresql"):
        return "postgresql"
    raise ConfigurationError(
        f"DRILLBOOK_DATABASE_URL must start with sqlite:/// or postgresql://, got {url!r}"
    )


def sqlite_path(url: str) -> str:
    """sqlite:///relative.db and sqlite:////abs/path.db, as in SQLAlchemy."""
    return url[len("sqlite:///") :]


def _secret(production: bool) -> str:
    value = os.environ.get("DRILLBOOK_SECRET", "")
    if value:
        return value
    if production:
        raise ConfigurationError("DRILLBOOK_SECRET must be set when DRILLBOOK_ENV=production")
    # Demo and development: one random secret, kept beside the database so sessions
    # survive a restart.
    path = Path(SECRET_FILE)
    if path.exists():
        return path.read_text().strip()
    value = secrets.token_urlsafe(32)
    path.write_text(value)
    path.chmod(0o600)
    return value


def _whole_number(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    if not value.isdigit():
        raise ConfigurationError(f"{name} must be a whole number, got {value!r}")
    return int(value)


def load_settings() -> Settings:
    production = os.environ.get("DRILLBOOK_ENV", "development") == "production"
    url = os.environ.get("DRILLBOOK_DATABASE_URL", DEFAULT_DATABASE_URL)
    database_kind(url)
    return Settings(
        database_url=url,
        host=os.environ.get("DRILLBOOK_HOST", "127.0.0.1"),
        port=_whole_number("DRILLBOOK_PORT", "8000"),
        secret=_secret(production),
        production=production,
        max_upload_bytes=_whole_number("DRILLBOOK_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)),
        public_url=os.environ.get("DRILLBOOK_PUBLIC_URL", "").rstrip("/"),
        evidence_dir=os.environ.get("DRILLBOOK_EVIDENCE_DIR", "evidence"),
    )
