"""What accepting a candidate would change, worked out before anything is written: the place's holder on the
date before and after, the front per axis that day before and after, and the conflicts it would start."""

from ..derive import history
from ..derive.front import front
from ..model.dates import parse_event_date
from ..model.vocabulary import HOLDING


def consequences(tdb, candidate_id: int) -> dict:
    candidate = tdb.candidate(candidate_id)
    result = {"candidate": candidate_id, "locality": candidate["locality"] or candidate["locality_text"],
              "recorded": [], "holder_before": None, "holder_after": None, "front_changes": [], "conflicts": [],
              "note": None}
    if candidate["locality_id"] is None or candidate["force_id"] is None or not candidate["date"]:
        result["note"] = ("the place, the force or the date is not known yet: accepting first asks for it "
                          "(--lat/--lon, --side, --date), so the consequences show after")
        return result
    campaign = tdb.campaign(candidate["campaign"]) if candidate["campaign"] else tdb.campaign()
    date = parse_event_date(candidate["date"] if candidate["date_precision"] == "day"
                            else f"{candidate['date_earliest']}/{candidate['date']}")
    sides = tdb.force_sides()
    events = tdb.locality_events(candidate["locality_id"], campaign["id"])
    result["recorded"] = [{"event_id": e["id"], "date": e["date"], "status": e["status"],
                           "force": tdb.force_name(e["force_id"])} for e in events]
    axis = candidate["axis"] or tdb.locality_axis(campaign["id"], candidate["locality_id"])
    before_state = history.control_on(events, date.date, sides, before=True)
    hypothetical = {"id": (tdb.conn.execute("SELECT max(id) FROM events").fetchone()[0] or 0) + 1,
                    "locality_id": candidate["locality_id"], "date": date.date, "status": candidate["status"],
                    "force_id": candidate["force_id"], "axis": axis, "side": sides.get(candidate["force_id"]),
                    "previous_force_id": before_state["holder_id"] if before_state else None}
    now = history.control_on(events, date.date, sides)
    then = history.control_on(sorted([dict(e) for e in events] + [hypothetical], key=lambda e: (e["date"], e["id"])),
                              date.date, sides)
    result["holder_before"], result["holder_after"] = _describe(tdb, now), _describe(tdb, then)
    before = {r["axis"]: r for r in front(tdb, campaign=campaign["name"], start=date.date, end=date.date)}
    after = {r["axis"]: r for r in front(tdb, campaign=campaign["name"], start=date.date, end=date.date,
                                         extra_events=[hypothetical])}
    for name, row in after.items():
        was = before.get(name)
        if was and (was["km_to_outskirts"], was["locality"], was["km_to_final_objective"]) != \
                (row["km_to_outskirts"], row["locality"], row["km_to_final_objective"]):
            result["front_changes"].append({"axis": name, "before": _front(was), "after": _front(row)})
    side = sides.get(candidate["force_id"])
    for event in events:
        same_claim = event["status"] in HOLDING and candidate["status"] in HOLDING and event["side"] == side
        if same_claim and event["date"] != date.date:
            result["conflicts"].append(f"#{event['id']} already says {tdb.force_name(event['force_id'])} took it on "
                                       f"{event['date']}: the same capture on a different day")
        elif event["side"] != side and abs(_day(event["date"]) - _day(date.date)) <= 1:
            result["conflicts"].append(f"#{event['id']} says {tdb.force_name(event['force_id'])} {event['status']} "
                                       f"it on {event['date']}: the other side, within a day")
    return result


def _day(iso):
    import datetime as dt

    return dt.date.fromisoformat(iso).toordinal()


def _describe(tdb, state):
    if not state or state["holder_id"] is None:
        return "nobody recorded"
    holder = tdb.force_name(state["holder_id"])
    if state["condition"] == "held":
        return f"held by {holder}"
    return f"{holder}, {state['condition']} by {tdb.force_name(state['by_id'])}"


def _front(row):
    if row["km_to_outskirts"] is None:
        return "no attacker-held place"
    inside = (f"; in the city {row['km_to_final_objective']:.1f} km from {row['final_objective']} "
              f"({row['inside_locality']})") if row["km_to_final_objective"] is not None else ""
    return f"{row['km_to_outskirts']:.1f} km ({row['locality']}){inside}"
