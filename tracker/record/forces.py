"""Adding forces and aliases, with the side of the campaign each is on."""

from ..model.errors import InvalidInput
from ..model.vocabulary import SIDES


def add_force(tdb, name, *, side, aliases=(), kind=None) -> dict:
    """A new force, or more aliases for an existing one (its side must then agree)."""
    name = (name or "").strip()
    if not name or len(name) > 120 or any(ord(ch) < 32 for ch in name):
        raise InvalidInput("Invalid force name: give 1 to 120 printable characters")
    if side not in SIDES:
        raise InvalidInput(f"Invalid side {side!r}: use {', '.join(SIDES[:-1])} or {SIDES[-1]}")
    aliases = [a.strip() for a in aliases if a and a.strip()]
    if any(len(a) > 120 or any(ord(ch) < 32 for ch in a) or ";" in a for a in aliases):
        raise InvalidInput("Invalid alias: give 1 to 120 printable characters, no ';'")
    existing = tdb.force_named(name)
    if existing and existing["side"] != side:
        raise InvalidInput(f"{name} exists already on the {existing['side']} side")
    for alias in aliases:
        owner = tdb.force_alias_owner(alias, name)
        if owner:
            raise InvalidInput(f"Alias {alias!r} already means {owner}")
    old_aliases = [a for a in ((existing or {}).get("aliases") or "").split(";") if a]
    merged = ";".join(dict.fromkeys(old_aliases + aliases))
    tdb.upsert_forces([{"name": name, "side": side, "kind": kind or (existing or {}).get("kind"),
                        "aliases": merged or None, "note": (existing or {}).get("note")}])
    return tdb.force_named(name)
