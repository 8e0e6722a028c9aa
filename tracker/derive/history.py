"""Who held what, and where the front stood: derived from events, never stored.

Pure functions over event rows (dicts with id, locality_id, date, status,
force_id, previous_force_id, axis, side), ordered by (date, id).

What a status does to a locality:
- captured, lost, uprising, withdrawn: the event's force holds it from that day;
- entered, contested: it is contested by the event's force, the holder stays;
- encircled: it is encircled by the event's force, the holder stays.
A force that presses on a locality its own side already holds changes nothing.
Before its first event a locality is held by that event's previous holder.
"""

from ..model.vocabulary import HOLDING, OPPOSITE, PRESSING


def inferred_previous(force_id, sides: dict):
    """With no earlier event, a side took the locality from the other side's only force."""
    other = OPPOSITE.get(sides.get(force_id))
    candidates = [fid for fid, side in sides.items() if side == other]
    return candidates[0] if len(candidates) == 1 else None


def apply_event(state, event, sides):
    status = event["status"]
    if status in HOLDING:
        return {
            "holder_id": event["force_id"], "condition": "held", "by_id": None,
            "since": event["date"], "event_id": event["id"], "axis": event["axis"],
        }
    if state is None:
        state = {"holder_id": event["previous_force_id"], "condition": "held", "by_id": None,
                 "since": None, "event_id": None, "axis": event["axis"]}
    if (state["condition"] == "held" and state["holder_id"] is not None
            and sides.get(state["holder_id"]) == event["side"]):
        return state
    return {
        "holder_id": state["holder_id"], "condition": PRESSING[status], "by_id": event["force_id"],
        "since": event["date"], "event_id": event["id"], "axis": event["axis"],
    }


def initial_state(event):
    """The state before a locality's first event: held by that event's previous holder."""
    if event["previous_force_id"] is None:
        return None
    return {"holder_id": event["previous_force_id"], "condition": "held", "by_id": None,
            "since": None, "event_id": None, "axis": event["axis"]}


def start_states(start_state: dict, axes: dict) -> dict:
    """The campaign's sourced start state as states: locality_id -> held by the force given, since its date."""
    return {locality_id: {"holder_id": entry["force_id"], "condition": "held", "by_id": None,
                          "since": entry["since"], "event_id": None, "axis": axes.get(locality_id)}
            for locality_id, entry in start_state.items()}


class Replay:
    """Applies events in date order; `advance(day)` gives every locality's state on that day.

    initial: states before any event (the campaign's start state); a locality not in it starts as its first
    event's previous holder left it."""

    def __init__(self, events, sides, initial=None):
        self.events = events
        self.sides = sides
        self.index = 0
        self.states = {locality_id: dict(state) for locality_id, state in (initial or {}).items()}
        seen = set(self.states)
        for event in events:  # the first event only: a later one's previous holder says nothing about before
            if event["locality_id"] not in seen:
                seen.add(event["locality_id"])
                initial_from_event = initial_state(event)
                if initial_from_event:
                    self.states[event["locality_id"]] = initial_from_event

    def advance(self, day, *, inclusive=True) -> dict:
        """Apply the events up to `day`; self.touched lists the localities they changed."""
        events = self.events
        self.touched = []
        while self.index < len(events) and (
            events[self.index]["date"] <= day if inclusive else events[self.index]["date"] < day
        ):
            event = events[self.index]
            self.states[event["locality_id"]] = apply_event(self.states.get(event["locality_id"]), event, self.sides)
            self.touched.append(event["locality_id"])
            self.index += 1
        return self.states


def control_on(locality_events, day, sides, *, before=False, initial=None):
    """The state of one locality on `day` (or just before it, with before=True)."""
    if not locality_events:
        return (initial or {}).get(None)
    locality_id = locality_events[0]["locality_id"]
    start = {locality_id: initial[locality_id]} if initial and locality_id in initial else None
    return Replay(locality_events, sides, start).advance(day, inclusive=not before).get(locality_id)


def states_on(events, day, sides, initial=None) -> dict:
    """locality_id -> state on `day`, for every locality with events or a start state."""
    return Replay(events, sides, initial).advance(day)


def held_by_side(state, sides, side) -> bool:
    return state is not None and state["condition"] == "held" and sides.get(state["holder_id"]) == side


def closest_held(states, distances: dict, axis_names, sides, side="attacker") -> dict:
    """axis -> (km, locality_id, event_id) of the locality `side` holds closest to the outskirts.

    A locality with no axis (the objective's centre) counts on none.
    """
    best = {}
    for locality_id, state in states.items():
        if not held_by_side(state, sides, side):
            continue
        km = distances.get(locality_id)
        if km is None:
            continue
        axes = [state["axis"]] if state["axis"] else []  # the objective's centre is on no axis
        rank = (km, not state["axis"], locality_id)
        for axis in axes:
            if axis not in best or rank < best[axis][0]:
                best[axis] = (rank, locality_id, state["event_id"])
    return {axis: (rank[0], locality_id, event_id) for axis, (rank, locality_id, event_id) in best.items()}


def front_series(candidates, events_of, axis_names, days, sides, side="attacker", batch=64, initial=None):
    """One row per day and axis: the closest locality `side` holds, in km to the outskirts.

    candidates: (km, locality_id) for every measured locality; events_of(ids) gives the counting
    events of those localities, by date. Localities are visited nearest first, a batch at a time,
    and each fills the (day, axis) slots it holds; once every slot is filled and the next locality
    is farther than every slot's holder, no later one can change the answer, so the rest are never
    read. The cost grows with the localities visited (their events + days), not with all events;
    the worst case (a day on which `side` holds nothing on some axis) visits them all.
    """
    import bisect

    best = {}  # (day index, axis) -> (km, no axis, locality_id, event_id)
    slots = len(days) * len(axis_names)
    ordered = sorted(candidates)
    for start in range(0, len(ordered), batch):
        chunk = ordered[start:start + batch]
        if len(best) == slots and chunk[0][0] > max(rank[0] for rank in best.values()):
            break
        distances = {locality_id: km for km, locality_id in chunk}
        start = {i: initial[i] for i in distances if i in initial} if initial else None
        for locality_id, changes in state_changes(events_of(list(distances)), sides, start).items():
            km = distances[locality_id]
            for state, following in zip(changes, changes[1:] + [None]):
                if not held_by_side(state, sides, side):
                    continue
                axes = (state["axis"],) if state["axis"] else ()
                first = bisect.bisect_left(days, state["date"]) if state.get("date") else 0
                stop = len(days) if following is None else bisect.bisect_left(days, following["date"])
                rank = (km, not state["axis"], locality_id, state["event_id"] or 0)
                for axis in axes:
                    if axis not in axis_names:
                        continue
                    for n in range(first, stop):  # empty when the state starts after the last day
                        if (n, axis) not in best or rank < best[(n, axis)]:
                            best[(n, axis)] = rank
    rows = []
    for n, day in enumerate(days):
        for axis in axis_names:
            rank = best.get((n, axis))
            rows.append({"date": day, "axis": axis, "km_to_outskirts": rank[0] if rank else None,
                         "locality_id": rank[2] if rank else None, "event_id": (rank[3] or None) if rank else None})
    return rows


def state_changes(events, sides, initial=None) -> dict:
    """locality_id -> [state, ...]: each state as it became after an event day, the first one
    the state before any event. What a map needs to show any date without replaying."""
    from itertools import groupby

    replay = Replay(events, sides, initial)
    changes = {locality_id: [dict(state)] for locality_id, state in replay.states.items()}
    for day, same_day in groupby(events, key=lambda event: event["date"]):
        touched = {event["locality_id"] for event in same_day}
        states = replay.advance(day)
        for locality_id in touched:
            state = dict(states[locality_id], date=day)
            history = changes.setdefault(locality_id, [])
            if not history or _visible(history[-1]) != _visible(state):
                history.append(state)
    return changes


def _visible(state):
    return (state["holder_id"], state["condition"], state["by_id"], state["axis"], state["since"], state["event_id"])


def side_counts(events, days, sides, initial=None) -> list:
    """Per day, how many localities each side holds, and how many are contested or encircled."""
    replay = Replay(events, sides, initial)
    counts = {"attacker": 0, "defender": 0, "contested": 0, "encircled": 0}

    def bucket(state):
        if state is None:
            return None
        if state["condition"] != "held":
            return state["condition"]
        return sides.get(state["holder_id"]) if sides.get(state["holder_id"]) in ("attacker", "defender") else None

    previous = {}
    for locality_id, state in replay.states.items():
        previous[locality_id] = bucket(state)
        if previous[locality_id]:
            counts[previous[locality_id]] += 1
    rows = []
    for day in days:
        states = replay.advance(day)
        for locality_id in dict.fromkeys(replay.touched):
            new = bucket(states[locality_id])
            old = previous.get(locality_id)
            if old != new:
                if old:
                    counts[old] -= 1
                if new:
                    counts[new] += 1
                previous[locality_id] = new
        rows.append({"date": day, **counts})
    return rows
