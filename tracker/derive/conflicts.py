"""Conflicting reports: claims about one place that cannot all be true, found in the events (never stored).

Two counting events of a place conflict, when their sources differ, if they are:
- the same capture told twice: the same side takes a place it already holds by an earlier report, with no
  change of hands between (the dates disagree: 18 January or 24 January);
- a claim and a denial: opposite sides on the same day or the next (Karama entered, and the entry denied);
- a capture and a reversal: opposite sides taking the place within three days of each other;
- a capture and a partial claim: a side reported holding a place, then reported only entering or fighting for it
  within two weeks (the airport taken, then half of it).
Events recorded from a report on a larger area ("all of east Mosul") are not claims about the place itself and
are left out. A decision (one kept, or both disputed) is recorded apart (record/conflicts.py); nothing is deleted.
"""

from ..model.vocabulary import HOLDING

AREA_WIDE = "report covers all of"  # in an event's `inferred`: recorded for each place of an area
REVERSAL_DAYS = 3
PARTIAL_DAYS = 14


def find_conflicts(tdb, *, campaign=None) -> list:
    """[{locality, kind, first: event, second: event, decision}] for the campaign, by place and date."""
    the_campaign = tdb.campaign(campaign)
    pairs = []
    last_by_place = None
    previous = []  # this place's claims so far
    holder_claim = None  # this place's latest holding claim (the side holds it from then)
    for claim in tdb.claims(the_campaign["id"]):
        if claim[1] != last_by_place:
            last_by_place, previous, holder_claim = claim[1], [], None
        if claim[7] and AREA_WIDE in claim[7]:
            continue
        _id, _place, date, day_number, status, side = claim[:6]
        for earlier in reversed(previous):
            apart = day_number - earlier[3]
            if apart > PARTIAL_DAYS:
                break
            if earlier[5] != side and apart <= 1 and (status not in HOLDING or earlier[4] not in HOLDING):
                pairs.append(("a claim and a denial", earlier, claim))
            elif earlier[5] != side and apart <= REVERSAL_DAYS and status in HOLDING and earlier[4] in HOLDING:
                pairs.append(("a capture and a reversal", earlier, claim))
            elif earlier[5] == side and earlier[4] in HOLDING and status not in HOLDING and apart >= 1:
                pairs.append(("a capture, then only a partial claim", earlier, claim))
        if status in HOLDING:
            if holder_claim is not None and holder_claim[5] == side and holder_claim[2] != date:
                pairs.append(("the same capture on different days", holder_claim, claim))
            if holder_claim is None or holder_claim[5] != side:
                holder_claim = claim
        previous.append(claim)
    decisions = tdb.conflict_decisions()
    if not pairs and not decisions:
        return []
    ids = {c[0] for _, a, b in pairs for c in (a, b)} | {i for pair in decisions for i in pair}
    sources = tdb.sources_of_events(ids)
    details = {e["id"]: e for e in tdb.events_by_id(ids)}
    found, seen = [], set()
    for kind, a, b in pairs:
        key = tuple(sorted((a[0], b[0])))
        if key in seen or (sources.get(a[0]) and sources.get(a[0]) == sources.get(b[0])):
            continue  # told by the same sources: one report's own detail, not two reports disagreeing
        seen.add(key)
        first, second = details[a[0]], details[b[0]]
        found.append({"locality": first["locality"], "kind": kind, "first": _claim(first), "second": _claim(second),
                      "decision": decisions.get(key)})
    for key, decision in decisions.items():  # decided ones stay listed, though the rival no longer counts
        if key not in seen and key[0] in details and details[key[0]]["campaign"] == the_campaign["name"]:
            first, second = sorted((details[key[0]], details[key[1]]), key=lambda e: (e["date"], e["id"]))
            found.append({"locality": first["locality"], "kind": decision["kind"] or "decided",
                          "first": _claim(first), "second": _claim(second), "decision": decision})
    return found


def _claim(event) -> dict:
    when = event["date"] if event["date_precision"] == "day" else f"{event['date_earliest']}/{event['date']}"
    return {"event_id": event["id"], "date": when, "claim": f"{event['status']} by {event['force']}",
            "side": event["side"], "sources": event["sources"], "words": event["quote"] or event["summary"],
            "counts": bool(event["counts"])}
