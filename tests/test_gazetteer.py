import pytest

from tracker.model.errors import AmbiguousLocality, InvalidInput, UnknownLocality
from tracker.record.localities import add_locality


@pytest.mark.parametrize("spelling", ["Bashiqa", "Bashiqah", "Ba'shiqa", "bashiqa", "BASIQA"])
def test_bashiqa_spellings_resolve(tdb, spelling):
    assert tdb.resolve_locality(spelling)["name"] == "Bashiqa"


@pytest.mark.parametrize("spelling", ["Hamdaniyah", "Bakhdida", "Qaraqosh", "al-Hamdaniya", "Qara Qosh"])
def test_hamdaniyah_is_qaraqosh(tdb, spelling):
    assert tdb.resolve_locality(spelling)["name"] == "Qaraqosh"


@pytest.mark.parametrize("spelling,name", [
    ("Hamam al-Alil", "Hammam al-Alil"), ("Kokjali", "Gogjali"), ("Telkief", "Tel Kaif"),
    ("Bartalla", "Bartella"), ("Tiskharab", "Teskhrab"), ("Mosul", "Mosul"),
])
def test_report_spellings_resolve(tdb, spelling, name):
    assert tdb.resolve_locality(spelling)["name"] == name


def test_geonames_duplicate_points_resolve_to_the_primary_row(tdb):
    duplicate = tdb.query("SELECT * FROM localities WHERE name = 'Tel Kaif (GeoNames point)'")[0]
    assert tdb.locality(duplicate["same_as"])["name"] == "Tel Kaif"


def test_unknown_locality_suggests_near_names(tdb):
    with pytest.raises(UnknownLocality) as error:
        tdb.resolve_locality("Bartellu")
    assert "Bartella" in str(error.value)


def test_all_gazetteer_rows_with_coordinates_are_loaded(tdb, shared_dir):
    import csv

    rows = list(csv.DictReader(open(shared_dir / "data" / "gazetteer_mosul.csv", encoding="utf-8")))
    with_coordinates = {r["name"] for r in rows if r["lat"]}
    loaded = {r["name"] for r in tdb.query("SELECT name FROM localities WHERE added_by = 'seed:gazetteer.csv'")}
    assert loaded == with_coordinates
    alts = {a for r in rows if r["lat"] for a in r["alt_names"].split(";") if a}
    stored = {r["name"] for r in tdb.query("SELECT name FROM locality_names")}
    assert alts <= stored


def test_add_locality_measures_it(tdb):
    row = add_locality(tdb, "Test hamlet", latitude=36.35, longitude=43.40, alt_names=["Test Hamlet Alt"])
    assert row["axis"] == "east"
    assert 19 < row["km_to_centre"] < 24
    assert tdb.resolve_locality("test hamlet alt")["id"] == row["id"]


@pytest.mark.parametrize("lat,lon", [(200, 43), (36, -500), (float("nan"), 43)])
def test_add_locality_rejects_impossible_coordinates(tdb, lat, lon):
    before = tdb.counts()["localities"]
    with pytest.raises(InvalidInput):
        add_locality(tdb, "Nowhere", latitude=lat, longitude=lon)
    assert tdb.counts()["localities"] == before


def test_ambiguous_alt_name_is_reported(tdb):
    add_locality(tdb, "Alpha One", latitude=36.0, longitude=43.0, alt_names=["Shared Spelling"])
    with pytest.raises(InvalidInput, match="already means"):
        add_locality(tdb, "Alpha Two", latitude=36.1, longitude=43.1, alt_names=["Shared Spelling"])
    add_locality(tdb, "Alpha Two", latitude=36.1, longitude=43.1, alt_names=["Shared Spelling"],
                 distinct="a second hamlet of that name, 15 km away")
    with pytest.raises(AmbiguousLocality) as error:
        tdb.resolve_locality("shared spelling")
    assert "Alpha One" in str(error.value) and "Alpha Two" in str(error.value)
