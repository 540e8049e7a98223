"""Runtime configuration: the one module that reads DRILLBOOK_* environment variables.

`load_settings()` reads the server's settings once at start. The few settings below it are read
at each use instead (`default_profile_name`, `verify_snapshots`, `workers_setting`,
`database_url`), so a test or a command that sets one in the environment needs no restart; they
are still read here and nowhere else (tests/unit/test_one_place.py checks).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

DEFAULT_DATABASE_URL = "sqlite:///drillbook.sqlite3"
DEFAULT_PROFILE = "national-2021"
SECRET_FILE = ".drillbook-secret"
ENVIRONMENTS = ("development", "production")
# Session tokens are keyed with the secret: shorter or repetitive ones can be guessed offline.
MIN_SECRET_LENGTH = 32
MIN_SECRET_DISTINCT_CHARACTERS = 10


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
    # Behind a reverse proxy: the client address is the last X-Forwarded-For entry.
    trusted_proxy: bool = False

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


def _production(value: str) -> bool:
    environment = value.strip().lower() or "development"  # set but empty: as if unset
    if environment not in ENVIRONMENTS:
        raise ConfigurationError(f"DRILLBOOK_ENV must be production or development, got {value!r}")
    return environment == "production"


def _secret(production: bool) -> str:
    value = os.environ.get("DRILLBOOK_SECRET", "")
    weak = len(value) < MIN_SECRET_LENGTH or len(set(value)) < MIN_SECRET_DISTINCT_CHARACTERS
    if production and weak:
        raise ConfigurationError(
            f"DRILLBOOK_SECRET must be set to at least {MIN_SECRET_LENGTH} random characters "
            "when DRILLBOOK_ENV=production (e.g. python -c 'import secrets; "
            "print(secrets.token_urlsafe(32))')"
        )
    if value:
        return value
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


def _flag(name: str) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value not in ("", "0", "1", "true", "false", "yes", "no"):
        raise ConfigurationError(f"{name} must be 1 or 0, got {value!r}")
    return value in ("1", "true", "yes")


def _public_url(production: bool) -> str:
    value = os.environ.get("DRILLBOOK_PUBLIC_URL", "").strip().rstrip("/")
    parts = urlparse(value)
    if value and (parts.scheme not in ("http", "https") or not parts.hostname):
        raise ConfigurationError(
            f"DRILLBOOK_PUBLIC_URL must look like https://drillbook.example.cn, got {value!r}"
        )
    if production and not value:
        # Feed and invitation addresses must not be built from a Host header a client chose.
        raise ConfigurationError(
            "DRILLBOOK_PUBLIC_URL must be set when DRILLBOOK_ENV=production "
            "(the address people reach the app at, e.g. https://drillbook.example.cn)"
        )
    return value


def _production_database(url: str) -> None:
    if database_kind(url) == "sqlite" and not _flag("DRILLBOOK_ALLOW_SQLITE"):
        raise ConfigurationError(
            "DRILLBOOK_DATABASE_URL is SQLite, which serves one writer at a time: use "
            "postgresql:// when DRILLBOOK_ENV=production, or set DRILLBOOK_ALLOW_SQLITE=1 "
            "for a small single-server installation"
        )


def database_url() -> str:
    """DRILLBOOK_DATABASE_URL, else the SQLite file beside the checkout."""
    return os.environ.get("DRILLBOOK_DATABASE_URL", DEFAULT_DATABASE_URL)


def default_profile_name() -> str:
    """DRILLBOOK_DEFAULT_PROFILE: the policy profile for a jurisdiction chain that names none."""
    return os.environ.get("DRILLBOOK_DEFAULT_PROFILE", "").strip() or DEFAULT_PROFILE


def verify_snapshots() -> bool:
    """DRILLBOOK_VERIFY_SNAPSHOTS=1 (the tests set it): check every compliance snapshot read."""
    return os.environ.get("DRILLBOOK_VERIFY_SNAPSHOTS") == "1"


def workers_setting() -> str:
    """DRILLBOOK_WORKERS as written (empty when unset); `drillbook serve` checks it."""
    return os.environ.get("DRILLBOOK_WORKERS", "").strip()


def load_settings() -> Settings:
    production = _production(os.environ.get("DRILLBOOK_ENV", "development"))
    url = database_url()
    database_kind(url)
    if production:
        _production_database(url)
    return Settings(
        database_url=url,
        host=os.environ.get("DRILLBOOK_HOST", "127.0.0.1"),
        port=_whole_number("DRILLBOOK_PORT", "8000"),
        secret=_secret(production),
        production=production,
        max_upload_bytes=_whole_number("DRILLBOOK_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)),
        public_url=_public_url(production),
        evidence_dir=os.environ.get("DRILLBOOK_EVIDENCE_DIR", "evidence"),
        trusted_proxy=_flag("DRILLBOOK_TRUSTED_PROXY"),
    )
