"""The connection core on real files: creating, refusing what is not set up, transactions, savepoints, backups."""

import sqlite3

import pytest

from tracker.model.errors import DatabaseMissing, InvalidInput
from tracker.store import SCHEMA_VERSION, TrackerDB, is_tracker_database


def test_a_missing_file_is_not_created_unless_asked(tmp_path):
    with pytest.raises(DatabaseMissing, match="tracker init"):
        TrackerDB(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()
    with TrackerDB(tmp_path / "new.db", create=True) as tdb:
        assert tdb.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert tdb.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert is_tracker_database(tmp_path / "new.db")


def test_a_plain_sqlite_file_is_not_a_tracker_database(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert not is_tracker_database(other)
    with pytest.raises(DatabaseMissing, match="needs setting up"):
        TrackerDB(other)


def test_a_failed_transaction_leaves_nothing_and_savepoints_nest(tdb):
    before = tdb.counts()
    with pytest.raises(RuntimeError):
        with tdb.transaction():
            tdb.upsert_sources([{"key": "k1", "url": None, "publisher": None, "title": None, "published": None, "note": None}])
            raise RuntimeError("stop")
    assert tdb.counts() == before
    with tdb.transaction():
        tdb.upsert_sources([{"key": "kept", "url": None, "publisher": None, "title": None, "published": None, "note": None}])
        with pytest.raises(RuntimeError):
            with tdb.transaction():  # a savepoint: only its own work is undone
                tdb.upsert_sources([{"key": "undone", "url": None, "publisher": None, "title": None,
                                     "published": None, "note": None}])
                raise RuntimeError("inner")
    keys = {r["key"] for r in tdb.query("SELECT key FROM sources")}
    assert "kept" in keys and "undone" not in keys


def test_the_change_token_moves_when_a_fact_is_recorded(tdb):
    token = tdb.change_token()
    with tdb.transaction():
        tdb.insert_retraction(1, "test", "person:test")
    assert tdb.change_token() != token


def test_backup_refuses_to_overwrite_and_copies_every_event(tdb, tmp_path):
    copy = tmp_path / "copy.db"
    result = tdb.backup(copy)
    assert result["events"] == tdb.counts()["events"]
    with pytest.raises(InvalidInput, match="exists already"):
        tdb.backup(copy)
