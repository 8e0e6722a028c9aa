"""The store: the only package that holds SQL. TrackerDB composes the connection core and one part per table group."""

from .campaigns import CampaignsStore
from .db import SCHEMA_VERSION, Database, default_db_path, is_tracker_database
from .event_queries import EventQueries
from .events import EventsStore
from .fighting import FightingStore
from .forces import ForcesStore
from .localities import LocalitiesStore
from .review import ReviewStore
from .sources import SourcesStore

__all__ = ["TrackerDB", "SCHEMA_VERSION", "default_db_path", "is_tracker_database"]


class TrackerDB(Database, CampaignsStore, LocalitiesStore, ForcesStore, SourcesStore, EventsStore, EventQueries,
                ReviewStore, FightingStore):
    """A tracker database: `TrackerDB(path)` opens one, `TrackerDB(path, create=True)` creates and migrates it."""
