"""ACLED out: the counting events in the current ACLED layout, which `tracker import acled` reads back unchanged.

What ACLED's columns cannot hold (status, axis, a date range) travels in the notes after "frontline status=".
"""

import csv
import datetime as dt

from .cells import safe_cell

COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]


def acled_rows(tdb, campaign=None):
    """The campaign's counting events as ACLED-shaped rows."""
    the_campaign = tdb.campaign(campaign)
    for event in tdb.events(campaign=the_campaign["name"], include_retracted=False):
        if event["side"] == "attacker" and event["status"] == "captured":
            kind = ("Battles", "Government regains territory")
        elif event["status"] == "captured":
            kind = ("Battles", "Non-state actor overtakes territory")
        elif event["status"] in ("withdrawn", "uprising"):
            kind = ("Strategic developments", "Non-violent transfer of territory")
        else:
            kind = ("Battles", "Armed clash")
        external = event["external_id"] or ""
        acled_id = external[6:].split("@")[0] if external.startswith("acled:") else f"FRL{event['id']}"
        timestamp = int(external.split("@")[1]) if "@" in external else int(
            dt.datetime.fromisoformat(event["recorded_at"]).timestamp())
        precision = {"day": "1", "range": "2", "month": "3", "year": "3"}[event["date_precision"]]
        date = event["date"] if precision == "1" else _middle(event["date_earliest"], event["date"])
        yield {
            "event_id_cnty": acled_id, "event_date": date, "year": date[:4], "time_precision": precision,
            "disorder_type": "Political violence", "event_type": kind[0], "sub_event_type": kind[1],
            "actor1": event["force"], "assoc_actor_1": "", "inter1": "", "actor2": event["previous_force"] or "",
            "assoc_actor_2": "", "inter2": "", "interaction": "", "civilian_targeting": "", "iso": "368",
            "region": "Middle East", "country": "Iraq", "admin1": "", "admin2": "", "admin3": "",
            "location": event["locality"], "latitude": event["latitude"], "longitude": event["longitude"],
            "geo_precision": "1", "source": event["sources"] or "", "source_scale": "",
            "notes": (f"frontline status={event['status']}; axis={event['axis'] or ''}; "
                      f"dates={event['date_earliest']}/{event['date']}/{event['date_precision']}; {event['note'] or ''}").strip(),
            "fatalities": "0", "tags": "", "timestamp": timestamp,
        }


def _middle(first, last):
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return (a + (b - a) // 2).isoformat()


def write_acled(rows, out):
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: safe_cell(value) for key, value in row.items()} for row in rows)
