"""Piccolo reads its engine from here; the URL comes from DRILLBOOK_DATABASE_URL."""

import os

from piccolo.conf.apps import AppRegistry

from backend.core.database import engine_for
from backend.core.settings import DEFAULT_DATABASE_URL

DB = engine_for(os.environ.get("DRILLBOOK_DATABASE_URL", DEFAULT_DATABASE_URL))

APP_REGISTRY = AppRegistry(apps=["backend.piccolo_app"])
