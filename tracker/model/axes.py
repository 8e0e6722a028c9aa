"""Axes of advance as bearing sectors around the objective (pure Python, no geometry imports)."""

import json

from .errors import InvalidInput

DEFAULT_AXES = (
    {"name": "north", "from_deg": 315.0, "to_deg": 45.0},
    {"name": "east", "from_deg": 45.0, "to_deg": 135.0},
    {"name": "south", "from_deg": 135.0, "to_deg": 225.0},
    {"name": "west", "from_deg": 225.0, "to_deg": 315.0},
)


def in_sector(bearing: float, from_deg: float, to_deg: float) -> bool:
    """True when bearing lies in the clockwise sector [from_deg, to_deg)."""
    bearing, from_deg, to_deg = bearing % 360, from_deg % 360, to_deg % 360
    if from_deg <= to_deg:
        return from_deg <= bearing < to_deg
    return bearing >= from_deg or bearing < to_deg


def axis_for_bearing(bearing, axes) -> str | None:
    if bearing is None:
        return None
    for axis in axes:
        if in_sector(bearing, axis["from_deg"], axis["to_deg"]):
            return axis["name"]
    return None


def default_axis(bearing, km_to_centre, axes):
    """The axis a locality lies on; None for the objective's own centre."""
    if bearing is None or km_to_centre is None or km_to_centre < 0.5:
        return None
    return axis_for_bearing(bearing, axes)


def parse_axes(spec: str) -> list:
    """Parse 'north=315-45,east=45-135,...' into sector dicts."""
    axes = []
    for part in spec.split(","):
        name, _, sector = part.partition("=")
        start, _, end = sector.partition("-")
        try:
            axes.append({"name": name.strip(), "from_deg": float(start), "to_deg": float(end)})
        except ValueError:
            raise InvalidInput(
                f"Invalid axis {part!r}: use NAME=FROM-TO in degrees clockwise from north, "
                "e.g. north=315-45,east=45-135,south=135-225,west=225-315"
            ) from None
        if not name.strip():
            raise InvalidInput(f"Invalid axis {part!r}: the axis needs a name, e.g. north=315-45")
    return axes


def axes_from_json(text) -> list:
    return json.loads(text) if text else list(DEFAULT_AXES)
