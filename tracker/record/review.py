"""Reviewing candidates: an accepted candidate becomes an event citing its article; nothing else does.

A candidate may name a place the gazetteer lacks: found in the world gazetteer, accepting it adds the
locality with its coordinate's provenance; unresolved or ambiguous, it needs a position (--lat/--lon) or a
choice among the places of that name first. A force the database lacks is added with the side the
candidate gives (or the one the reviewer gives).
"""

import json

from ..model.clock import recorder
from ..model.dates import EventDate, parse_event_date
from ..model.errors import DuplicateEvent, InvalidInput
from ..model.vocabulary import SIDES, STATUSES
from .events import add_event
from .forces import add_force
from .localities import add_locality, check_coordinates


def accept(tdb, candidate_id: int, *, date: str | None = None, reviewed_by: str | None = None,
           allow_any_date: bool = False, locality: str | None = None, force: str | None = None,
           status: str | None = None, axis: str | None = None, latitude: float | None = None,
           longitude: float | None = None, choice: int | None = None, side: str | None = None,
           campaign: str | None = None, reason: str | None = None) -> dict:
    """Turn a pending candidate into an event (or a new citation on the same existing event).

    Any of the candidate's fields can be corrected here (locality, force, status, date, axis, campaign);
    the event records that it was edited.
    """
    candidate = tdb.candidate(candidate_id)
    if candidate["decision"]:
        raise InvalidInput(f"Candidate #{candidate_id} is already {candidate['decision']}")
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"Invalid status {status!r}: use one of {', '.join(STATUSES)}")
    event_date = _date_of(candidate, date)
    reviewer = recorder(reviewed_by)
    edits = [name for name, value in (("locality", locality), ("force", force), ("status", status), ("date", date),
                                      ("axis", axis), ("position", latitude), ("choice", choice)) if value is not None]
    with tdb.transaction():
        place = locality or _place_of(tdb, candidate, latitude, longitude, choice, reviewer)
        holder = force or _force_of(tdb, candidate, side)
        the_campaign = campaign or candidate["campaign"]
        if the_campaign is None and candidate["locality_id"] is None and candidate["latitude"] is not None:
            raise InvalidInput(f"Candidate #{candidate_id} is outside every campaign's region ({(candidate['note'] or '')[:80]}): "
                               "add a campaign for it ('tracker campaign add'), or accept it with --campaign NAME")
        note = f"extracted by {candidate['extractor']} (candidate #{candidate_id})"
        if edits:
            note += f"; edited at review: {', '.join(edits)}"
        try:
            event = add_event(
                tdb, locality=place, force=holder, date=event_date, status=status or candidate["status"],
                axis=axis or candidate["axis"], source_key=candidate["source_key"], quote=candidate["quote"], note=note,
                recorded_by=f"extractor:{candidate['extractor']}; accepted by {reviewer}", allow_any_date=allow_any_date,
                campaign=the_campaign,
            )
            event_id = event["id"]
        except DuplicateEvent as duplicate:  # already recorded and already citing this article
            event_id = duplicate.event_id
        why = [reason.strip()] if reason and reason.strip() else []
        tdb.record_review(candidate_id, "accepted", event_id=event_id, reviewed_by=reviewer,
                          reason="; ".join(why + [f"{name} changed" for name in edits]) or None)
    return tdb.event(event_id)


def _date_of(candidate, date):
    if date:
        return parse_event_date(date)
    if candidate["date"]:
        return EventDate(candidate["date_earliest"] or candidate["date"], candidate["date"],
                         candidate["date_precision"] or "day")
    raise InvalidInput(f"Candidate #{candidate['id']} has no date (the article gives none): accept it with --date")


def _place_of(tdb, candidate, latitude, longitude, choice, reviewer) -> str:
    """The locality to record the event at: the gazetteer's, or one added now from the candidate's position."""
    if candidate["locality"] is not None and latitude is None and choice is None:
        return f"#{candidate['locality_id']}"
    name = candidate["locality_text"]
    alternatives = json.loads(candidate["alternatives"] or "[]")
    if choice is not None:
        if not 1 <= choice <= len(alternatives):
            raise InvalidInput(f"Candidate #{candidate['id']} offers {len(alternatives)} places named {name!r}: "
                               f"--choice takes 1 to {len(alternatives)} (see 'tracker review list')")
        picked = alternatives[choice - 1]
        latitude, longitude, source = picked["latitude"], picked["longitude"], picked["source"]
    elif latitude is not None or longitude is not None:
        check_coordinates(latitude, longitude)
        source = f"given at review by {reviewer}"
    elif candidate["latitude"] is not None:
        latitude, longitude, source = candidate["latitude"], candidate["longitude"], candidate["place_source"]
    else:
        hint = (f"; or pick one of the {len(alternatives)} places of that name with --choice N" if alternatives else "")
        raise InvalidInput(f"Candidate #{candidate['id']} names {name!r}, which no gazetteer places "
                           f"({(candidate['resolution'] or 'unresolved')[:80]}): accept it with --lat and --lon{hint}, "
                           "or add the place with 'tracker locality add' first")
    existing = tdb.localities_named(name, loose_too=False)
    if existing:
        return f"#{existing[0]['same_as'] or existing[0]['id']}"
    added = add_locality(tdb, name, latitude=latitude, longitude=longitude, kind="location", source=source,
                         note=f"added when candidate #{candidate['id']} was accepted: {candidate['resolution'] or ''}"[:300],
                         added_by=reviewer)
    return f"#{added['id']}"


def _force_of(tdb, candidate, side) -> str:
    if candidate["force"] is not None:
        return candidate["force"]
    name = candidate["force_text"]
    known = [f for f in tdb.forces() if f["name"] == name]
    if known:
        return name
    side = side or candidate["side"]
    if side not in SIDES:
        raise InvalidInput(f"Candidate #{candidate['id']} names the force {name!r}, which the database does not know: "
                           f"accept it with --side {'|'.join(SIDES)} to add it, or with --force NAME for a known one")
    add_force(tdb, name, side=side, kind="proposed by an extractor")
    return name


def reject(tdb, candidate_id: int, *, reason: str, reviewed_by: str | None = None) -> dict:
    if not reason or not reason.strip():
        raise InvalidInput("A rejection needs a reason: --reason TEXT")
    candidate = tdb.candidate(candidate_id)
    if candidate["decision"]:
        raise InvalidInput(f"Candidate #{candidate_id} is already {candidate['decision']}")
    with tdb.transaction():
        tdb.record_review(candidate_id, "rejected", reason=reason.strip(), reviewed_by=reviewed_by)
    return tdb.candidate(candidate_id)
