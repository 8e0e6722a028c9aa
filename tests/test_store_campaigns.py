"""Campaigns in the store: lookup by name, the first as default, axes changes recomputing default axes."""

import pytest

from tracker.model.errors import NotFound


def test_the_first_campaign_is_the_default_and_unknown_names_list_the_known(tdb):
    assert tdb.campaign()["name"] == "mosul"
    assert tdb.campaign("mosul")["axes"][0] == {"name": "north", "from_deg": 315, "to_deg": 45}
    with pytest.raises(NotFound, match="known campaigns are mosul"):
        tdb.campaign("raqqa")


def test_changing_axes_recomputes_every_default_axis(tdb):
    bartella = tdb.resolve_locality("Bartella")
    assert bartella["axis"] == "east"  # bearing about 90 degrees
    tdb.set_axes("mosul", [{"name": "all-round", "from_deg": 0, "to_deg": 0}])
    assert tdb.locality(bartella["id"])["axis"] is None  # an empty sector holds nothing
    tdb.set_axes("mosul", [{"name": "half-a", "from_deg": 0, "to_deg": 180}, {"name": "half-b", "from_deg": 180, "to_deg": 0}])
    assert tdb.locality(bartella["id"])["axis"] == "half-a"
    assert tdb.locality_axis(tdb.campaign()["id"], bartella["id"]) == "half-a"
