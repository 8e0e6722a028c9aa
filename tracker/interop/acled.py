"""ACLED in: territory events become control-change events, from any ACLED layout.

Import streams the file, resolves actors (ACLED's own names, e.g. 'Military Forces of Iraq (2014-2022)
Counter Terrorism Service') through the force aliases and locations through the gazetteer, each distinct
string once, and writes everything in one transaction: a bad row stops the import and leaves the database
as it was, unless skip_bad writes it to a reject file instead. Rows naming actors the database does not know
are set aside and reported (or, with add_forces, the actors are created with a side read from the row).
Re-importing changes nothing; a row whose timestamp is newer than the one imported supersedes it (history
kept), and rows listed in an ACLED deletions file are retracted.
"""

import contextlib
import csv
import datetime as dt
import hashlib
import re
from pathlib import Path

from ..model.dates import EventDate
from ..model.errors import InvalidInput, TrackerError
from .acled_format import (Layout, RowError, actor_list, actor_names, coordinate, inter_code, parse_acled_date,
                           territory_status)
from .rejects import RejectFile

# What a frontline export adds to ACLED's notes so a round trip loses nothing ACLED's columns cannot hold.
FRONTLINE_STATUS = re.compile(r"frontline status=(\w+)(?:; axis=(\w*))?(?:; dates=(\d{4}-\d\d-\d\d)/(\d{4}-\d\d-\d\d)/(\w+))?")
BATCH = 20_000
LINE_BITS = 32  # a row's line number and its timestamp share one int in the duplicate check


class ImportFailed(TrackerError):
    """A file or row that cannot be imported; the message names the file and line."""

    exit_code = 2


class UnknownActor(RowError):
    """A row naming an actor the database does not know (and add_forces was not given)."""

    def __init__(self, actor):
        super().__init__(f"unknown actor {actor[:80]!r}: import with --add-forces, or add it with 'tracker force add'")
        self.actor = actor


class _Resolver:
    """Actors and locations, each distinct string resolved once (in the process that reads the file)."""

    def __init__(self, lookups, add_locations, add_forces, campaign):
        self.lookups, self.add_locations, self.add_forces = lookups, add_locations, add_forces
        self.forces, self.places = {}, {}
        self.queued = set()  # new locations already handed to the writer
        self.new_places = {}  # new locations since the last batch: name -> (lat, lon, geo_precision)
        self.new_forces = {}  # new actors since the last batch: name -> side
        self.created = {}  # every actor created in this import: name -> side
        state = [f for f in lookups.forces.values() if f.kind in ("army", "police", "umbrella")]
        self.state_side = state[0].side if state else None  # the side a state force is on in this campaign

    def known(self, actor):
        """The Force an ACLED actor names (by its unit, its full name, or its country's state force), or None."""
        if actor not in self.forces:
            self.forces[actor] = next((f for f in map(self.lookups.force, actor_names(actor)) if f), None)
        return self.forces[actor]

    def force(self, actor, row_context):
        """The Force (or, for a new actor, its name) for an actor; UnknownActor unless add_forces."""
        force = self.forces.get(actor) or self.known(actor)
        if force is not None:
            return force
        if actor in self.created:
            return actor
        if not self.add_forces:
            raise UnknownActor(actor)
        side = self.side_of(actor, *row_context)
        self.created[actor] = self.new_forces[actor] = side
        return actor

    def side_of(self, actor, other, allies, inter):
        """A new actor's side: opposite to the known actor it fights, else its allies', else a state force's."""
        other_force = self.known(other) if other else None
        opposite = {"attacker": "defender", "defender": "attacker"}
        if other_force is not None and other_force.side in opposite:
            return opposite[other_force.side]
        if other in self.created and self.created[other] in opposite:
            return opposite[self.created[other]]
        for ally in allies:
            if self.known(ally) is not None:
                return self.known(ally).side
        if inter_code(inter) == 1 and self.state_side:
            return self.state_side
        return "other"

    def place(self, location, lat, lon, precision):
        """The locality id, or the location's name when it is new (the writer stores it and swaps in the id)."""
        if location not in self.places:
            place = self.lookups.locality(location)
            self.places[location] = place.id if place else None
        if self.places[location] is not None:
            return self.places[location]
        if not self.add_locations:
            raise RowError(f"unknown location {location[:80]!r}: add it with 'tracker locality add' or import "
                           "with --add-locations")
        if location not in self.queued:
            self.queued.add(location)
            self.new_places[location] = (lat, lon, precision)
        return location


class _RowReader:
    """Reads and checks an ACLED file; yields batches of event rows for the writer, then the counts.

    Yields ("header", layout name, header), ("batch", events, new_places, new_forces, rejects, bytes_read) ...
    and finally ("end", counts).
    It never touches the database, so it can run in a separate process while the writer inserts.
    """

    def __init__(self, path, resolver, known, campaign, recorded_at, *, skip_bad, strict, allow_any_date, today):
        self.path, self.resolver, self.known, self.campaign = path, resolver, known, campaign
        self.recorded_at, self.skip_bad, self.strict = recorded_at, skip_bad, strict
        self.first_day = None if allow_any_date else campaign["start_date"]
        self.last_day = None if allow_any_date else today
        self.seen = {}  # acled id -> timestamp << LINE_BITS | line, for the rows of this file

    def parts(self):
        path, resolver = self.path, self.resolver
        counts = {"rows": 0, "imported": 0, "updated": 0, "unchanged": 0, "skipped_not_territory": 0,
                  "rejected": 0, "unknown_actors": {}}
        rejects, pending = [], []
        with open(path, newline="", encoding="utf-8-sig", errors="strict") as handle:
            reader = csv.reader(handle)
            try:
                header = next(reader)
            except (StopIteration, csv.Error, UnicodeDecodeError) as error:
                raise ImportFailed(f"{path}:1: cannot read the header row ({error})") from None
            layout = Layout(header)
            if layout.missing:
                raise ImportFailed(f"{path}:1: not an ACLED export: no column {', '.join(layout.missing)} "
                                   "(read: ACLED's 2015, 2016 real-time, 2019-2023 and current layouts)")
            yield "header", layout.name, header
            line = 1
            try:
                for line, row in enumerate(reader, 2):
                    try:
                        event = self.event(row, layout, line)
                    except UnknownActor as error:
                        if self.strict:
                            raise ImportFailed(f"{path}:{line}: {error}; nothing was imported (without --strict "
                                               "the other rows import)") from None
                        counts["unknown_actors"].setdefault(error.actor, []).append(line)
                        rejects.append((line, row, str(error)))
                        continue
                    except RowError as error:
                        if not self.skip_bad:
                            raise ImportFailed(f"{path}:{line}: {error}; nothing was imported (use --skip-bad to "
                                               "import the good rows)") from None
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
                            yield "batch", pending, resolver.new_places, resolver.new_forces, rejects, handle.buffer.tell()
                            pending, rejects, resolver.new_places, resolver.new_forces = [], [], {}, {}
            except (csv.Error, UnicodeDecodeError) as error:
                raise ImportFailed(f"{path}:{line + 1}: unreadable row ({error}); nothing was imported") from None
        counts["rows"] = line - 1
        yield "batch", pending, resolver.new_places, resolver.new_forces, rejects, path.stat().st_size
        yield "end", counts

    def event(self, row, layout, line):
        """One row as an events list (EVENT_COLUMNS order), None when not a territory event, "unchanged"
        when that version is imported already. Runs a million times per large import: keep it lean."""
        at = layout.at
        if len(row) != layout.width:
            raise RowError(f"{len(row)} fields where the header has {layout.width} (a stray comma or quote?)")
        notes = row[at["notes"]] if at["notes"] is not None else ""
        marker = FRONTLINE_STATUS.search(notes) if "frontline status=" in notes else None
        status = marker[1] if marker else territory_status(row[at["territory"]])
        if status is None:
            return None
        acled_id = row[at["event_id_cnty"]].strip()
        if not acled_id:
            raise RowError("event_id_cnty is empty")
        timestamp = 0
        if at["timestamp"] is not None:
            try:
                timestamp = int(row[at["timestamp"]])
            except ValueError:
                raise RowError(f"timestamp {row[at['timestamp']][:20]!r} is not a whole number") from None
        supersedes = self.version(acled_id, timestamp, line)
        if supersedes == "unchanged":
            return supersedes
        date = parse_acled_date(row[at["event_date"]], row[at["time_precision"]])
        if marker and marker[3]:
            date = EventDate(marker[3], marker[4], marker[5])
        if self.first_day and date.date < self.first_day:
            raise RowError(f"dated {date} before the {self.campaign['name']} campaign's start on {self.first_day} "
                           "(import with --allow-any-date to keep such rows)")
        if self.last_day and date.date > self.last_day:
            raise RowError(f"dated {date}, in the future (import with --allow-any-date if you mean it)")
        lat = coordinate(row[at["latitude"]], -90, 90, "latitude")
        lon = coordinate(row[at["longitude"]], -180, 180, "longitude")
        actor1, actor2 = row[at["actor1"]].strip(), row[at["actor2"]].strip()
        known = self.resolver.forces  # actors met before: the common case, without reading the row's context
        force = known.get(actor1) or self.resolver.force(actor1, self._context(row, at, actor2, 1))
        previous_force = None
        if actor2:
            previous_force = known.get(actor2) or self.resolver.force(actor2, self._context(row, at, actor1, 2))
        geo = row[at["geo_precision"]] if at["geo_precision"] is not None else ""
        locality = self.resolver.places.get(row[at["location"]]) or self.resolver.place(row[at["location"]], lat, lon, geo)
        axis = (marker[2] or None) if marker else None
        note = (FRONTLINE_STATUS.sub("", notes).lstrip("; ") if marker else notes) or None
        # latitude, longitude and a missing axis are filled from the locality before insert; a new force's
        # name stands where its id will be.
        return [self.campaign["id"], locality, None, None, date.date, date.earliest, date.precision, status,
                getattr(force, "id", force), getattr(previous_force, "id", previous_force), axis, note,
                self.recorded_at, "import:acled", supersedes, f"acled:{acled_id}@{timestamp}"]

    @staticmethod
    def _context(row, at, other, number):
        """(the other actor, this actor's allies, its inter code): what a new actor's side is read from."""
        allies = row[at[f"assoc_actor_{number}"]] if at[f"assoc_actor_{number}"] is not None else ""
        inter = row[at[f"inter{number}"]] if at[f"inter{number}"] is not None else ""
        return other, actor_list(allies), inter

    def version(self, acled_id, timestamp, line):
        """The event a row's version supersedes (an id, or 'acled:ID@TS' of a row earlier in this file), None,
        or 'unchanged'. Two rows with one id and one timestamp are an error naming both lines."""
        earlier = self.seen.get(acled_id)
        previous = self.known.get(acled_id)  # the latest version already in the database
        if earlier is not None:
            earlier_timestamp, earlier_line = earlier >> LINE_BITS, earlier & ((1 << LINE_BITS) - 1)
            if earlier_timestamp == timestamp:
                raise RowError(f"event_id_cnty {acled_id} with timestamp {timestamp} is on line {earlier_line} "
                               "too (a duplicated row)")
            if timestamp < earlier_timestamp:
                return "unchanged"
            self.seen[acled_id] = timestamp << LINE_BITS | line
            if previous and previous[0] >= timestamp:
                return "unchanged"
            if previous and previous[0] >= earlier_timestamp:  # the earlier row was imported before: it was skipped
                return previous[1]
            return f"acled:{acled_id}@{earlier_timestamp}"
        self.seen[acled_id] = timestamp << LINE_BITS | line
        if previous and previous[0] >= timestamp:
            return "unchanged"
        return previous[1] if previous else None


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


def source_key(path: Path) -> str:
    """A key for the file as a source: its name and a digest of its size and first megabyte, so two different
    files with one name are two sources while importing the same file again finds the same one."""
    digest = hashlib.sha256(str(path.stat().st_size).encode())
    with open(path, "rb") as handle:
        digest.update(handle.read(1 << 20))
    return f"acled:{path.name}:{digest.hexdigest()[:12]}"


def import_acled(tdb, path, *, campaign=None, skip_bad=False, reject_path=None, add_locations=False,
                 add_forces=False, strict=False, allow_any_date=False, deleted_path=None, progress=None,
                 read_in_child: bool | None = None, today: str | None = None) -> dict:
    """Import an ACLED file in one transaction; read_in_child (default: for files over 20 MB where fork
    exists) reads and checks rows in a second process while this one writes."""
    import multiprocessing

    from ..extract.model import Lookups
    from ..model.clock import now_utc

    path = Path(path)
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise ImportFailed(f"{path}: empty file; an ACLED export starts with a header row (event_id_cnty, event_date, ...)")
    deleted = read_deletions(deleted_path) if deleted_path else None
    rejects = RejectFile(reject_path, default=path.with_suffix(".rejects.csv"), database=tdb.path)
    the_campaign = tdb.campaign(campaign)
    lookups = Lookups.from_db(tdb, the_campaign["name"])
    large = path.stat().st_size > 20 * 1024 * 1024  # ~60k rows: past this, rebuilding indexes once is cheaper
    if read_in_child is None:
        read_in_child = large and "fork" in multiprocessing.get_all_start_methods()
    resolver = _Resolver(lookups, add_locations, add_forces, the_campaign)
    try:
        # Every reference is resolved here (forces, localities, superseded ids), so SQLite's per-row
        # foreign-key lookups would only repeat that work: off for this transaction, restored after.
        with tdb.bulk_load(cache_kb=8192 if large else 262144), tdb.transaction(), \
                (tdb.secondary_indexes_deferred() if large else contextlib.nullcontext()):
            known = tdb.acled_versions()  # acled id -> (timestamp, event id); read under the write lock
            source_id = tdb.source_id(key=source_key(path), publisher="ACLED", title=f"ACLED export {path.name}")
            reader = _RowReader(path, resolver, known, the_campaign, now_utc(), skip_bad=skip_bad, strict=strict,
                                allow_any_date=allow_any_date, today=today or dt.date.today().isoformat())
            writer = _Writer(tdb, the_campaign, source_id)
            for part in (_in_child_process(reader.parts) if read_in_child else reader.parts()):
                if part[0] == "header":
                    _, layout_name, header = part
                elif part[0] == "batch":
                    _, events, new_places, new_forces, rejected, bytes_read = part
                    writer.write(events, new_places, new_forces)
                    rejects.write(rejected, header)
                    if progress:
                        progress(bytes_read, path.stat().st_size)
                else:
                    counts = part[1]
            counts["new_localities"] = writer.new_localities
            counts["new_forces"] = writer.new_forces
            counts["retracted"] = _retract_deleted(tdb, deleted, tdb.acled_versions()) if deleted else 0
    except BaseException:
        rejects.discard()
        raise
    counts["layout"] = layout_name or "an ACLED-shaped file"
    counts["reject_file"] = rejects.close()
    return counts


class _Writer:
    """Stores each batch: its new forces and locations first (locations measured together), then its events."""

    def __init__(self, tdb, campaign, source_id):
        self.tdb, self.campaign, self.source_id = tdb, campaign, source_id
        self.new_ids, self.force_ids, self.coordinates = {}, {}, None
        self.new_localities = self.new_forces = 0

    def write(self, events, new_places, new_forces):
        from ..record.localities import measure_for_all_campaigns

        if new_forces:
            self.tdb.upsert_forces([{"name": name, "side": side, "kind": "acled actor", "aliases": None,
                                     "note": "added by an ACLED import (--add-forces); side read from the row"}
                                    for name, side in new_forces.items()])
            self.force_ids.update((f["name"], f["id"]) for f in self.tdb.forces() if f["name"] in new_forces)
            self.new_forces += len(new_forces)
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
        coordinates, new_ids, force_ids = self.coordinates, self.new_ids, self.force_ids
        start = 0
        for n, event in enumerate(events):
            if isinstance(event[1], str):
                event[1] = new_ids[event[1]]
            event[2], event[3], axis = coordinates[event[1]]
            event[10] = event[10] or axis
            if isinstance(event[8], str):
                event[8] = force_ids[event[8]]
            if isinstance(event[9], str):
                event[9] = force_ids[event[9]]
            if isinstance(event[14], str):  # an earlier version in this same file: stored first, then found
                self.tdb.insert_event_rows(events[start:n], source_id=self.source_id, quote_notes=False)
                start = n
                event[14] = self.tdb.event_with_external_id(event[14])
        self.tdb.insert_event_rows(events[start:], source_id=self.source_id, quote_notes=False)


def read_deletions(path) -> list:
    """An ACLED deletions file: (event_id_cnty, deleted_timestamp) rows; refused whole if it is not one."""
    path = Path(path)
    try:
        with open(path, newline="", encoding="utf-8-sig", errors="strict") as handle:
            reader = csv.DictReader(handle)
            fields = [f.strip().lower() for f in reader.fieldnames or []]
            if "event_id_cnty" not in fields:
                raise InvalidInput(f"{path}: not an ACLED deletions file: its header needs event_id_cnty "
                                   "(and deleted_timestamp)")
            return [((row.get(reader.fieldnames[fields.index("event_id_cnty")]) or "").strip(),
                     (row.get(reader.fieldnames[fields.index("deleted_timestamp")]) if "deleted_timestamp" in fields
                      else None) or "no timestamp") for row in reader]
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such deletions file") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise InvalidInput(f"{path}: not a readable CSV deletions file ({error.__class__.__name__})") from None


def _retract_deleted(tdb, deleted, known):
    from ..record.events import retract

    count = 0
    for acled_id, when in deleted:
        if acled_id in known and not tdb.is_retracted(known[acled_id][1]):
            retract(tdb, known[acled_id][1], f"deleted by ACLED ({when})", recorded_by="import:acled")
            count += 1
    return count
