"""Piccolo reads its engine from here; the URL comes from DRILLBOOK_DATABASE_URL."""

from piccolo.conf.apps import AppRegistry

from backend.core.database import engine_for
from backend.core.settings import database_url

DB = engine_for(database_url())

APP_REGISTRY = AppRegistry(apps=["backend.piccolo_app"])
