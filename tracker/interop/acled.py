"""ACLED in and out: territory events become control-change events; exports go back in unchanged.

Import streams the file, resolves actors through the force aliases and locations through the
gazetteer (each distinct string once), and writes everything in one transaction: a bad row stops
the import and leaves the database as it was, unless skip_bad writes it to a reject file instead.
Re-importing changes nothing; a row whose timestamp is newer than the one imported supersedes it
(history kept), and rows listed in an ACLED deletions file are retracted.
"""

import contextlib
import csv
import datetime as dt
import random
import re
from pathlib import Path

from ..model.dates import EventDate
from ..model.errors import TrackerError

COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
REQUIRED = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
            "location", "latitude", "longitude", "geo_precision", "source", "notes", "timestamp")
TERRITORY = {
    "Government regains territory": "captured",
    "Non-state actor overtakes territory": "captured",
    "Non-violent transfer of territory": "withdrawn",
}
# What a frontline export adds to ACLED's notes so a round trip loses nothing ACLED's columns cannot hold.
FRONTLINE_STATUS = re.compile(r"frontline status=(\w+)(?:; axis=(\w*))?(?:; dates=(\d{4}-\d\d-\d\d)/(\d{4}-\d\d-\d\d)/(\w+))?")
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], 1)}
BATCH = 50_000


class ImportFailed(TrackerError):
    """A row that cannot be imported; the message names the file and line."""

    exit_code = 2


class RowError(Exception):
    pass


_DATES = {}


def parse_acled_date(text, precision):
    """ACLED dates: '20 October 2016' or '2016-10-20'; time_precision 1 day, 2 within a week, 3 within a month."""
    key = (text, precision)
    if key not in _DATES:
        if len(_DATES) > 100_000:
            _DATES.clear()
        _DATES[key] = _parse_acled_date(text, precision)
    return _DATES[key]


def _parse_acled_date(text, precision):
    text = text.strip()
    m = re.fullmatch(r"(\d{1,2}) ([A-Za-z]+) (\d{4})", text)
    try:
        if m and m[2].lower() in MONTHS:
            day = dt.date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
        else:
            day = dt.date.fromisoformat(text)
    except ValueError:
        raise RowError(f"event_date {text!r} is not a date (ACLED writes '20 October 2016' or 2016-10-20)") from None
    if precision == "1":
        return EventDate(day.isoformat(), day.isoformat(), "day")
    if precision == "2":
        return EventDate((day - dt.timedelta(days=3)).isoformat(), (day + dt.timedelta(days=3)).isoformat(), "range")
    if precision == "3":
        first = day.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return EventDate(first.isoformat(), last.isoformat(), "month")
    raise RowError(f"time_precision {precision!r} must be 1, 2 or 3")


def _coordinate(text, low, high, what):
    try:
        value = float(text)
    except ValueError:
        raise RowError(f"{what} {text!r} is not a number") from None
    if not low <= value <= high or value != value:
        raise RowError(f"{what} {value:g} is out of range ({low}..{high})")
    return value


class _Resolver:
    """Actors and locations, each distinct string resolved once (in the process that reads the file)."""

    def __init__(self, lookups, add_locations):
        self.lookups, self.add_locations = lookups, add_locations
        self.forces, self.places = {}, {}
        self.queued = set()  # new locations already handed to the writer
        self.new_places = {}  # new locations since the last batch: name -> (lat, lon, geo_precision)

    def force(self, actor):
        if actor not in self.forces:
            name = re.sub(r"\s*\(\d{4}-(?:\d{4})?\)", "", actor).strip()  # "Military Forces of Iraq (2014-)"
            force = self.lookups.force(name) or self.lookups.force(actor)
            if force is None and ":" in name:  # "Military Forces of Iraq: Counter Terrorism Service"
                force = self.lookups.force(name.split(":", 1)[1].strip()) or self.lookups.force(name.split(":")[0])
            self.forces[actor] = force
        if self.forces[actor] is None:
            raise RowError(f"unknown actor {actor!r}: add it as an alias of a force (see 'tracker forces')")
        return self.forces[actor]

    def place(self, location, lat, lon, precision):
        """The locality id, or the location's name when it is new (the writer stores it and swaps in the id)."""
        if location not in self.places:
            place = self.lookups.locality(location)
            self.places[location] = place.id if place else None
        if self.places[location] is not None:
            return self.places[location]
        if not self.add_locations:
            raise RowError(f"unknown location {location!r}: add it with 'tracker locality add' or import with --add-locations")
        if location not in self.queued:
            self.queued.add(location)
            self.new_places[location] = (lat, lon, precision)
        return location


class _RowReader:
    """Reads and checks an ACLED file; yields batches of event rows for the writer, then the counts.

    Yields ("batch", events, new_places, rows_read) and finally ("end", counts, rejects). It never
    touches the database, so it can run in a separate process while the writer inserts.
    """

    def __init__(self, path, resolver, known, campaign_id, recorded_at, skip_bad):
        self.path, self.resolver, self.known = path, resolver, known
        self.campaign_id, self.recorded_at, self.skip_bad = campaign_id, recorded_at, skip_bad

    def parts(self):
        path, resolver = self.path, self.resolver
        counts = {"rows": 0, "imported": 0, "updated": 0, "unchanged": 0, "skipped_not_territory": 0, "rejected": 0}
        rejects, pending = [], []
        with open(path, newline="", encoding="utf-8-sig", errors="strict") as handle:
            reader = csv.reader(handle)
            try:
                header = next(reader)
            except (StopIteration, csv.Error, UnicodeDecodeError) as error:
                raise ImportFailed(f"{path}:1: cannot read the header row ({error})") from None
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise ImportFailed(f"{path}:1: missing column(s) {', '.join(missing)}; an ACLED export has {', '.join(REQUIRED)}")
            at = tuple(header.index(name) for name in REQUIRED)
            line = 1
            try:
                for line, row in enumerate(reader, 2):
                    try:
                        event = _event_from_row(row, header, at, resolver, self.known, self.campaign_id, self.recorded_at)
                    except RowError as error:
                        if not self.skip_bad:
                            raise ImportFailed(f"{path}:{line}: {error}; nothing was imported (use --skip-bad to import the good rows)") from None
                        counts["rejected"] += 1
                        rejects.append((line, row, str(error)))
                        continue
                    if event is None:
                        counts["skipped_not_territory"] += 1
                    elif event == "unchanged":
                        counts["unchanged"] += 1
                    else:
                        counts["updated" if event[14] else "imported"] += 1
                        pending.append(event)
                        if len(pending) >= BATCH:
                            yield "batch", pending, resolver.new_places, line - 1
                            pending, resolver.new_places = [], {}
            except (csv.Error, UnicodeDecodeError) as error:
                raise ImportFailed(f"{path}:{line + 1}: unreadable row ({error}); nothing was imported") from None
        counts["rows"] = line - 1
        yield "batch", pending, resolver.new_places, line - 1
        yield "end", counts, (header, rejects)


def _in_child_process(parts):
    """Iterate `parts()` in a forked process, its items pickled back through a pipe in order.

    Reading and checking rows is about as much work as inserting them, so on a large file the
    two overlap on two cores (1M rows: 19 s -> 14-15 s). The child never touches the database.
    """
    import multiprocessing
    import os
    import pickle

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def produce():
        receiver.close()  # else the pipe outlives a killed writer and this process blocks on it forever
        try:
            for item in parts():
                sender.send_bytes(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))
        except BrokenPipeError:
            pass  # the writer stopped (an error, or killed): nothing left to do
        except BaseException as error:  # sent back, raised by the writer
            with contextlib.suppress(BrokenPipeError):
                sender.send_bytes(pickle.dumps(("raise", error if isinstance(error, TrackerError) else RuntimeError(repr(error)))))
        finally:
            os._exit(0)

    child = context.Process(target=produce, daemon=True)
    child.start()
    sender.close()
    try:
        while True:
            try:
                item = pickle.loads(receiver.recv_bytes())
            except EOFError:
                raise RuntimeError("the process reading the file stopped without finishing") from None
            if item[0] == "raise":
                raise item[1]
            yield item
            if item[0] == "end":
                return
    finally:
        receiver.close()
        child.kill()
        child.join()


def import_acled(tdb, path, *, campaign=None, skip_bad=False, reject_path=None, add_locations=False,
                 deleted_path=None, progress=None, read_in_child: bool | None = None) -> dict:
    """Import an ACLED file in one transaction; read_in_child (default: for files over 20 MB where fork
    exists) reads and checks rows in a second process while this one writes."""
    import multiprocessing

    from ..model.clock import now_utc
    from ..extract.model import Lookups

    path = Path(path)
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise ImportFailed(f"{path}: empty file; an ACLED export starts with a header row ({', '.join(REQUIRED[:4])}, ...)")
    the_campaign = tdb.campaign(campaign)
    lookups = Lookups.from_db(tdb, the_campaign["name"])
    large = path.stat().st_size > 20 * 1024 * 1024  # ~60k rows: past this, rebuilding indexes once is cheaper
    if read_in_child is None:
        read_in_child = large and "fork" in multiprocessing.get_all_start_methods()
    # Every reference is resolved here (forces, localities, superseded ids), so SQLite's per-row
    # foreign-key lookups would only repeat that work: off for this transaction, restored after.
    with tdb.bulk_load(), tdb.transaction(), (tdb.secondary_indexes_deferred() if large else contextlib.nullcontext()):
        known = tdb.acled_versions()  # acled id -> (timestamp, event id); read under the write lock
        source_id = tdb.source_id(key=f"acled:{path.name}", publisher="ACLED", title=f"ACLED export {path.name}")
        reader = _RowReader(path, _Resolver(lookups, add_locations), known, the_campaign["id"], now_utc(), skip_bad)
        writer = _Writer(tdb, the_campaign, source_id)
        for part in (_in_child_process(reader.parts) if read_in_child else reader.parts()):
            if part[0] == "batch":
                _, events, new_places, rows_read = part
                writer.write(events, new_places)
                if progress:
                    progress(rows_read)
            else:
                _, counts, (header, rejects) = part
        counts["new_localities"] = writer.new_localities
        counts["retracted"] = _retract_deleted(tdb, deleted_path, known) if deleted_path else 0
    if rejects:
        reject_path = Path(reject_path or path.with_suffix(".rejects.csv"))
        with open(reject_path, "w", newline="", encoding="utf-8") as out:
            rejected = csv.writer(out)
            rejected.writerow(["line", "reason"] + header)
            for line, row, reason in rejects:
                rejected.writerow([line, reason] + row)
        counts["reject_file"] = str(reject_path)
    return counts


def _event_from_row(row, header, at, resolver, known, campaign_id, recorded_at):
    """One ACLED row as an events tuple, None when not a territory event, "unchanged" when imported already.

    Runs a million times per large import: column positions are looked up once (`at` is a tuple of
    indexes in REQUIRED order) and the resolver's caches are read directly.
    """
    (i_id, i_date, i_precision, _, i_sub, i_actor1, i_actor2, i_location, i_lat, i_lon, i_geo, _, i_notes,
     i_timestamp) = at
    if len(row) != len(header):
        raise RowError(f"{len(row)} fields where the header has {len(header)} (a stray comma or quote?)")
    notes = row[i_notes]
    marker = FRONTLINE_STATUS.search(notes) if "frontline status=" in notes else None
    status = marker[1] if marker else TERRITORY.get(row[i_sub])
    if status is None:
        return None
    acled_id = row[i_id].strip()
    if not acled_id:
        raise RowError("event_id_cnty is empty")
    try:
        timestamp = int(row[i_timestamp])
    except ValueError:
        raise RowError(f"timestamp {row[i_timestamp]!r} is not a whole number") from None
    previous = known.get(acled_id)
    if previous and previous[0] >= timestamp:
        return "unchanged"
    date = _DATES.get((row[i_date], row[i_precision])) or parse_acled_date(row[i_date], row[i_precision].strip())
    if marker and marker[3]:
        date = EventDate(marker[3], marker[4], marker[5])
    lat = _coordinate(row[i_lat], -90, 90, "latitude")
    lon = _coordinate(row[i_lon], -180, 180, "longitude")
    force = resolver.forces.get(row[i_actor1]) or resolver.force(row[i_actor1])
    loser = row[i_actor2]
    previous_force = (resolver.forces.get(loser) or resolver.force(loser)).id if loser.strip() else None
    locality = resolver.places.get(row[i_location]) or resolver.place(row[i_location], lat, lon, row[i_geo])
    axis = (marker[2] or None) if marker else None
    note = (FRONTLINE_STATUS.sub("", notes).lstrip("; ") if marker else notes) or None
    # EVENT_COLUMNS order; latitude, longitude and a missing axis are filled from the locality before insert.
    return [campaign_id, locality, None, None, date.date, date.earliest, date.precision, status, force.id,
            previous_force, axis, note, recorded_at, "import:acled", previous[1] if previous else None,
            f"acled:{acled_id}@{timestamp}"]


class _Writer:
    """Stores each batch: its new locations first (measured together, vectorised), then its events."""

    def __init__(self, tdb, campaign, source_id):
        self.tdb, self.campaign, self.source_id = tdb, campaign, source_id
        self.new_ids, self.coordinates, self.new_localities = {}, None, 0

    def write(self, events, new_places):
        from ..record.localities import measure_for_all_campaigns

        if new_places:
            rows = [{"name": name, "latitude": lat, "longitude": lon, "kind": "location",
                     "coordinate_source": "ACLED", "note": f"ACLED geo_precision {precision}", "added_by": "import:acled"}
                    for name, (lat, lon, precision) in new_places.items()]
            stored = self.tdb.insert_localities(rows)
            measure_for_all_campaigns(self.tdb, [r["id"] for r in stored])
            self.new_ids.update((r["name"], r["id"]) for r in stored)
            self.new_localities += len(rows)
            self.coordinates = None
        if self.coordinates is None:
            self.coordinates = self.tdb.locality_coordinates(self.campaign["id"])
        coordinates, new_ids = self.coordinates, self.new_ids
        for event in events:
            if isinstance(event[1], str):
                event[1] = new_ids[event[1]]
            event[2], event[3], axis = coordinates[event[1]]
            event[10] = event[10] or axis
        self.tdb.insert_event_rows(events, source_id=self.source_id, quote_notes=False)


def _retract_deleted(tdb, deleted_path, known):
    from ..record.events import retract

    count = 0
    with open(deleted_path, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            acled_id = (row.get("event_id_cnty") or "").strip()
            if acled_id in known and not tdb.is_retracted(known[acled_id][1]):
                retract(tdb, known[acled_id][1], f"deleted by ACLED ({row.get('deleted_timestamp', 'no timestamp')})",
                            recorded_by="import:acled")
                count += 1
    return count


# Export ------------------------------------------------------------------

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
    writer.writerows(rows)


# Generated data for tests and benchmarks -----------------------------------

ACTORS_GOVERNMENT = ["Military Forces of Iraq (2014-)", "Police Forces of Iraq (2014-)",
                     "Military Forces of Iraq (2014-): Counter Terrorism Service", "Peshmerga", "Popular Mobilization Forces"]
ACTOR_IS = "Islamic State (Iraq)"


def generate_acled(out, rows: int, locations: list, *, seed: int = 3, start=dt.date(2016, 10, 17), days: int = 270,
                   territory_only: bool = False):
    """Write `rows` ACLED-shaped rows: about a third territory events (all, with territory_only), the rest other types."""
    rng = random.Random(seed)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    kinds = [("Battles", "Government regains territory"), ("Battles", "Non-state actor overtakes territory"),
             ("Strategic developments", "Non-violent transfer of territory"), ("Battles", "Armed clash"),
             ("Explosions/Remote violence", "Air/drone strike"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
             ("Violence against civilians", "Attack")]
    weights = [20, 8, 5, 0, 0, 0, 0] if territory_only else [20, 8, 5, 30, 20, 10, 7]
    for n in range(rows):
        event_type, sub = rng.choices(kinds, weights)[0]
        government = rng.choice(ACTORS_GOVERNMENT)
        actor1, actor2 = (ACTOR_IS, government) if sub == "Non-state actor overtakes territory" else (government, ACTOR_IS)
        name, lat, lon = rng.choice(locations)
        day = start + dt.timedelta(days=rng.randrange(days))
        writer.writerow([
            f"IRQ{n + 1:07d}", f"{day.day} {day:%B %Y}", day.year, rng.choice("1112"), "Political violence",
            event_type, sub, actor1, "", "1", actor2, "", "2", "12", "", "368", "Middle East", "Iraq", "Ninewa",
            "Mosul", "", name, f"{lat:.4f}", f"{lon:.4f}", "1", rng.choice(["Rudaw", "Xinhua", "Shafaq News; AFP"]),
            "National", f"Report {n}: {sub.lower()} near {name}.", rng.randrange(5), "",
            1_600_000_000 + n,
        ])


def sample_locations(tdb, limit=None):
    rows = tdb.mapped_localities()
    return [(r["name"], r["latitude"], r["longitude"]) for r in rows[:limit]]


def synthetic_locations(count, centre=(43.155, 36.35), seed=5):
    """(name, lat, lon) for `count` made-up villages within about 100 km of the centre."""
    import math

    rng = random.Random(seed)
    places = []
    for n in range(count):
        radius, angle = 0.9 * math.sqrt(rng.random()), rng.random() * 2 * math.pi
        places.append((f"Qaryat {n:05d}", centre[1] + 0.8 * radius * math.sin(angle), centre[0] + radius * math.cos(angle)))
    return places
