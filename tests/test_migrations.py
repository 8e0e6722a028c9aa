"""The schema steps: each applied once, in order, to a real file; the views come from store/views.py."""

import sqlite3

from tracker.store import SCHEMA_VERSION, TrackerDB
from tracker.store.migrations import migrations
from tracker.store.views import VIEWS, create_views


def test_a_new_database_has_every_step_once_and_the_current_views(tmp_path):
    path = tmp_path / "t.db"
    TrackerDB(path, create=True).close()
    conn = sqlite3.connect(path)
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY applied_at, rowid")]
    assert len(applied) == len(set(applied)) == SCHEMA_VERSION
    assert applied == sorted(applied)
    views = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert set(VIEWS) <= views


def test_running_the_migrations_again_changes_nothing(tmp_path):
    path = tmp_path / "t.db"
    with TrackerDB(path, create=True) as tdb:
        schema = tdb.query("SELECT name, sql FROM sqlite_master ORDER BY name")
        migrations.apply(tdb.db)
        assert tdb.query("SELECT name, sql FROM sqlite_master ORDER BY name") == schema


def test_views_can_be_recreated_from_their_one_definition(tdb):
    count = tdb.conn.execute("SELECT count(*) FROM counting_events").fetchone()[0]
    with tdb.transaction():
        create_views(tdb.conn)
    assert tdb.conn.execute("SELECT count(*) FROM counting_events").fetchone()[0] == count


def test_append_only_tables_refuse_updates_and_deletes(tdb):
    import pytest

    with tdb.transaction():
        tdb.insert_retraction(1, "test", "person:test")
    for sql in ("UPDATE events SET date = '2000-01-01'", "DELETE FROM retractions", "DELETE FROM event_sources"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            tdb.conn.execute(sql)
