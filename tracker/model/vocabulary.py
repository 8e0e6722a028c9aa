"""The words events are recorded in, defined once: statuses, sides, date precisions.

What a status does to a locality:
- holding (captured, lost, uprising, withdrawn): the event's force holds it from that day;
- pressing (entered, contested: contested; encircled: encircled): the holder stays, pressed by the force.
"""

STATUSES = ("captured", "entered", "encircled", "contested", "lost", "uprising", "withdrawn")
HOLDING = ("captured", "lost", "uprising", "withdrawn")
PRESSING = {"entered": "contested", "contested": "contested", "encircled": "encircled"}
SIDES = ("attacker", "defender", "other")
OPPOSITE = {"attacker": "defender", "defender": "attacker"}
PRECISIONS = ("day", "range", "month", "year")
CONDITIONS = ("held", "contested", "encircled")
