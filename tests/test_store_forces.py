"""Forces in the store: aliases, sides, ambiguity."""

import pytest

from tracker.model.errors import UnknownForce
from tracker.record.forces import add_force


def test_aliases_resolve_case_and_accent_free(tdb):
    assert tdb.resolve_force("cts")["name"] == "Counter Terrorism Service"
    assert tdb.resolve_force("DAESH")["side"] == "defender"
    with pytest.raises(UnknownForce, match="known forces are"):
        tdb.resolve_force("Martians")


def test_a_new_force_and_its_aliases_and_an_alias_taken_elsewhere(tdb):
    force = add_force(tdb, "Syrian Democratic Forces", side="attacker", aliases=["SDF"])
    assert tdb.resolve_force("sdf")["id"] == force["id"]
    assert tdb.force_sides()[force["id"]] == "attacker"
    assert tdb.force_alias_owner("SDF", "Someone else") == "Syrian Democratic Forces"
    assert tdb.force_alias_owner("SDF", "Syrian Democratic Forces") is None
