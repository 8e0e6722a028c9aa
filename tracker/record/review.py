"""Reviewing candidates: an accepted candidate becomes an event citing its article; nothing else does."""

from ..model.dates import EventDate, parse_event_date
from ..model.clock import recorder
from ..model.errors import DuplicateEvent, InvalidInput
from .events import add_event


def accept(tdb, candidate_id: int, *, date: str | None = None, reviewed_by: str | None = None,
           allow_any_date: bool = False) -> dict:
    """Turn a pending candidate into an event (or a new citation on the same existing event)."""
    candidate = tdb.candidate(candidate_id)
    if candidate["decision"]:
        raise InvalidInput(f"Candidate #{candidate_id} is already {candidate['decision']}")
    if candidate["locality"] is None or candidate["force"] is None:
        raise InvalidInput(f"Candidate #{candidate_id} names no known locality or force; record it with 'tracker add'")
    if date:
        event_date = parse_event_date(date)
    elif candidate["date"]:
        event_date = EventDate(candidate["date_earliest"] or candidate["date"], candidate["date"],
                               candidate["date_precision"] or "day")
    else:
        raise InvalidInput(f"Candidate #{candidate_id} has no date (the article gives none): accept it with --date")
    reviewer = recorder(reviewed_by)
    with tdb.transaction():
        try:
            event = add_event(
                tdb, locality=candidate["locality"], force=candidate["force"], date=event_date, status=candidate["status"],
                axis=candidate["axis"], source_key=candidate["source_key"], quote=candidate["quote"],
                note=f"extracted by {candidate['extractor']} (candidate #{candidate_id})",
                recorded_by=f"extractor:{candidate['extractor']}; accepted by {reviewer}", allow_any_date=allow_any_date,
            )
            event_id = event["id"]
        except DuplicateEvent as duplicate:  # already recorded and already citing this article
            event_id = duplicate.event_id
        tdb.record_review(candidate_id, "accepted", event_id=event_id, reviewed_by=reviewer)
    return tdb.event(event_id)


def reject(tdb, candidate_id: int, *, reason: str, reviewed_by: str | None = None) -> dict:
    if not reason or not reason.strip():
        raise InvalidInput("A rejection needs a reason: --reason TEXT")
    candidate = tdb.candidate(candidate_id)
    if candidate["decision"]:
        raise InvalidInput(f"Candidate #{candidate_id} is already {candidate['decision']}")
    with tdb.transaction():
        tdb.record_review(candidate_id, "rejected", reason=reason.strip(), reviewed_by=reviewed_by)
    return tdb.candidate(candidate_id)
