"""Recording events: check what the user gave, resolve names, refuse duplicates, derive the previous holder."""

import datetime as dt

from ..derive import history
from ..model.clock import now_utc, recorder
from ..model.dates import EventDate
from ..model.errors import DuplicateEvent, InvalidDate, InvalidInput
from ..model.names import clean_name
from ..model.vocabulary import HOLDING, STATUSES


def add_event(tdb, *, locality: str, force: str, date: EventDate, status: str = "captured", axis: str | None = None,
              previous_force: str | None = None, source_url: str | None = None, source_key: str | None = None,
              publisher: str | None = None, title: str | None = None, published: str | None = None,
              quote: str | None = None, note: str | None = None, campaign: str | None = None,
              recorded_by: str | None = None, supersedes: int | None = None, external_id: str | None = None,
              allow_any_date: bool = False, today: str | None = None, summary: str | None = None,
              inferred: str | None = None) -> dict:
    """Record one control-change event and return it with what it was resolved to.

    Raises DuplicateEvent when an identical counting event exists (its new source, if any, is
    added to that event instead). summary: one line in the recorder's own words; inferred: what the recorder
    worked out rather than read (a date from a weekday, a place from a description), so it never passes for
    reported.
    """
    if status not in STATUSES:
        raise InvalidInput(f"Invalid status {status!r}: use one of {', '.join(STATUSES)}")
    the_campaign = tdb.campaign(campaign)
    place = tdb.resolve_locality(locality)
    if place["same_as"]:
        place = tdb.locality(place["same_as"])
    holder = tdb.resolve_force(force)
    before = tdb.resolve_force(previous_force) if previous_force else None
    axis_names = [a["name"] for a in the_campaign["axes"]]
    if axis is not None and axis not in axis_names:
        raise InvalidInput(f"Invalid axis {axis!r}: the {the_campaign['name']} campaign's axes are {', '.join(axis_names)}")
    if not allow_any_date:
        check_date_allowed(date, the_campaign, today)
    if supersedes is not None:
        check_correctable(tdb, supersedes, place, the_campaign)
    recorded_by = recorder(recorded_by)
    recorded_at = now_utc()
    given_axis = axis
    axis = axis or tdb.locality_axis(the_campaign["id"], place["id"])
    warnings = slips(tdb, the_campaign, place, holder, date, status, bool(source_url or source_key), supersedes)

    with tdb.transaction():
        if external_id:
            existing = tdb.event_with_external_id(external_id)
            if existing:
                raise DuplicateEvent(f"Event {external_id} is already recorded as #{existing}", existing)
        duplicate = tdb.same_counting_event(the_campaign["id"], place["id"], date, status, holder["id"], given_axis)
        source_id = None
        if source_url or source_key:
            source_id = tdb.source_id(key=source_key, url=source_url, publisher=publisher, title=title,
                                      published=published)
        if duplicate:
            if source_id is None or not tdb.add_citation(duplicate, source_id, quote, recorded_at, recorded_by):
                raise DuplicateEvent(
                    f"Already recorded as event #{duplicate} ({place['name']} {status} by {holder['name']} "
                    f"on {date}); nothing stored twice",
                    duplicate,
                )
            return dict(tdb.event(duplicate), source_added_to_existing=True, objective=_objective_name(tdb, the_campaign))
        before_id = before["id"] if before else previous_holder(tdb, the_campaign["id"], place["id"], date.date,
                                                                 holder["id"], supersedes)
        event_id = tdb.insert_event({
            "campaign_id": the_campaign["id"], "locality_id": place["id"], "latitude": place["latitude"],
            "longitude": place["longitude"], "date": date.date, "date_earliest": date.earliest,
            "date_precision": date.precision, "status": status, "force_id": holder["id"],
            "previous_force_id": before_id, "axis": axis, "note": note, "recorded_at": recorded_at,
            "recorded_by": recorded_by, "supersedes": supersedes, "external_id": external_id,
            "summary": clean_name(summary, "summary", 500) if summary else None,
            "inferred": clean_name(inferred, "inferred", 500) if inferred else None,
        })
        if source_id is not None:
            tdb.add_citation(event_id, source_id, quote, recorded_at, recorded_by)
    return dict(tdb.event(event_id), objective=_objective_name(tdb, the_campaign), warnings=warnings)


def slips(tdb, campaign, place, force, date, status, sourced, supersedes=None) -> list:
    """What a careful recorder would want pointed out, though the event may well be right (warnings, not refusals)."""
    found = []
    if not sourced:
        found.append("no source: give --source URL (and --quote) so others can check it")
    last = tdb.last_event_date(campaign["id"])
    if last and date.date > last:
        found.append(f"{date} is after the {campaign['name']} campaign's last recorded day, {last}: check the date")
    if supersedes is not None:
        return found
    rows = tdb.locality_events(place["id"], campaign["id"])
    sides = tdb.force_sides()
    state = history.control_on(rows, date.date, sides, before=True)
    if status in HOLDING and state and state["condition"] == "held" and state["holder_id"] is not None \
            and sides.get(state["holder_id"]) == force["side"] and force["side"] in ("attacker", "defender"):
        holder = tdb.force_name(state["holder_id"])
        found.append(f"{place['name']} is already held by {holder} ({force['side']}) before {date.date}: a capture by "
                     "the same side changes nothing; is the date or the force right?")
    for other in tdb.events_near(place["id"], campaign["id"], date.earliest, date.date, days=3):
        if other["status"] == status and other["side"] == force["side"]:
            span = other["date"] if other["date_precision"] == "day" else f"{other['date_earliest']}/{other['date']}"
            found.append(f"event #{other['id']} already records {place['name']} {status} by {other['force']} on {span}: "
                         "if this is the same event, cite the new source on it instead")
            break
    return found


def _objective_name(tdb, campaign):
    return tdb.locality(campaign["objective_locality_id"])["name"] if campaign["objective_locality_id"] else None


def check_date_allowed(date: EventDate, campaign: dict, today: str | None = None):
    """Dates in the future or before the campaign's start need --allow-any-date."""
    today = today or dt.date.today().isoformat()
    if date.date > today:
        raise InvalidDate(f"Date {date} is in the future (today is {today}); use --allow-any-date if you mean it")
    if date.date < campaign["start_date"]:
        raise InvalidDate(
            f"Date {date} is before the {campaign['name']} campaign's start on "
            f"{campaign['start_date']}; use --allow-any-date to record an earlier event"
        )


def check_correctable(tdb, event_id: int, place: dict, campaign: dict):
    """--supersedes takes an event of the same locality and campaign that still counts."""
    old = tdb.event(event_id)
    if old["locality"] != place["name"] or old["campaign"] != campaign["name"]:
        raise InvalidInput(f"Event #{event_id} is about {old['locality']} ({old['campaign']}), not {place['name']}: "
                           "--supersedes takes an event of the same locality and campaign")
    if not old["counts"]:
        if old["retracted_because"] is not None:
            raise InvalidInput(f"Event #{event_id} is retracted ({old['retracted_because'][:60]}): there is nothing "
                               "to correct; record a new event without --supersedes")
        later = tdb.corrections_of(event_id)
        raise InvalidInput(f"Event #{event_id} is already corrected by #{later[-1] if later else '?'}: correct the "
                           "event that counts instead")


def previous_holder(tdb, campaign_id, locality_id, date, force_id, superseded=None):
    """Who held the locality just before `date`: derived from its earlier events, else inferred."""
    rows = tdb.locality_events(locality_id, campaign_id, also_not=superseded)
    sides = tdb.force_sides()
    state = history.control_on(rows, date, sides, before=True)
    if state and state["holder_id"] is not None:
        return state["holder_id"]
    return history.inferred_previous(force_id, sides)


def retract(tdb, event_id: int, reason: str, recorded_by: str | None = None) -> dict:
    """Record that an event no longer counts, and why; the event stays in the history."""
    if not reason or not reason.strip():
        raise InvalidInput("A retraction needs a reason: --reason TEXT")
    event = tdb.event(event_id)
    with tdb.transaction():
        if tdb.is_retracted(event_id):
            raise DuplicateEvent(f"Event #{event_id} is already retracted", event_id)
        if not event["counts"]:
            later = tdb.corrections_of(event_id)
            raise InvalidInput(f"Event #{event_id} no longer counts: #{later[-1] if later else '?'} corrects it; "
                               "retract that correction if it is wrong")
        tdb.insert_retraction(event_id, reason.strip(), recorder(recorded_by))
    return tdb.event(event_id)
