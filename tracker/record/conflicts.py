"""Deciding a conflict between reports: keep one (the other is retracted, with the reason, and stays in the
history) or keep both, marked disputed."""

from ..derive.conflicts import find_conflicts


def decide(tdb, first_id: int, second_id: int, *, keep: int | None = None, disputed: bool = False, reason: str,
           decided_by=None) -> dict:
    """Record a decision on a conflict: keep one (the other is retracted with the reason; it stays in the
    history) or mark both disputed (both keep counting, visibly disputed)."""
    from ..model.clock import recorder
    from ..model.errors import InvalidInput
    from .events import retract

    if not reason or not reason.strip():
        raise InvalidInput("A decision needs a reason: --reason TEXT")
    pair = tuple(sorted((first_id, second_id)))
    known = {tuple(sorted((c["first"]["event_id"], c["second"]["event_id"]))): c["kind"]
             for c in find_conflicts(tdb, campaign=tdb.event(first_id)["campaign"]) if not c["decision"]}
    if pair not in known:
        raise InvalidInput(f"Events #{pair[0]} and #{pair[1]} are not an undecided conflict 'tracker conflicts' "
                           "lists")
    if disputed == (keep is not None):
        raise InvalidInput("Say one: --keep ID (the other stops counting) or --disputed (both stay)")
    if keep is not None and keep not in pair:
        raise InvalidInput(f"--keep {keep} is neither #{pair[0]} nor #{pair[1]}")
    who = recorder(decided_by)
    if keep is not None:
        other = pair[1] if keep == pair[0] else pair[0]
        retract(tdb, other, f"conflict decided for #{keep}: {reason.strip()}", recorded_by=who)
    tdb.record_conflict_decision(pair[0], pair[1], known[pair], "kept" if keep else "disputed", keep,
                                 reason.strip(), who)
    return {"events": pair, "decision": "kept" if keep else "disputed", "kept": keep}
