"""The gazetteer in the store: spellings, loose matches, duplicates, bulk inserts."""

def test_spellings_fold_and_loose_keys_find_one_place(tdb):
    assert tdb.resolve_locality("BASHIQA")["name"] == tdb.resolve_locality("Ba'shiqa")["name"]
    assert [r["name"] for r in tdb.localities_named("al-Bartella")] == [tdb.resolve_locality("Bartella")["name"]]
    assert tdb.localities_named("Nowhere at all") == []


def test_bulk_insert_sets_ids_and_every_spelling(tdb):
    rows = tdb.insert_localities([
        {"name": f"Qaryat Test {n}", "alt_names": f"Test Village {n};TV{n}", "latitude": 36.0 + n / 100,
         "longitude": 43.0, "kind": "village"} for n in range(50)])
    assert all(isinstance(r["id"], int) for r in rows)
    assert tdb.resolve_locality("test village 7")["id"] == rows[7]["id"]
    assert tdb.resolve_locality("TV49")["id"] == rows[49]["id"]


def test_measures_are_stored_per_campaign_and_mirrored_for_the_first(tdb):
    place = tdb.resolve_locality("Bartella")
    campaign_id = tdb.campaign()["id"]
    tdb.store_measures(campaign_id, [(1.5, 2.5, 90.0, "east", place["id"])])
    assert tdb.locality(place["id"])["km_to_outskirts"] == 1.5
    mapped = {p["id"]: p for p in tdb.mapped_localities(campaign_id)}
    assert mapped[place["id"]]["km_to_centre"] == 2.5


def test_search_finds_parts_of_names_nearest_first(tdb):
    rows = tdb.search_localities("bashiq", 10)
    assert rows and all("bashiq" in (r["name"] + (r["alt_names"] or "")).lower() for r in rows)
    assert len(tdb.search_localities(None, 5)) == 5
