"""Folding of place and force names so that transliteration variants meet.

"Ba'shiqa", "BASHIQA" and "Bashiqa" fold to the same key; the loose key also
drops the Arabic article and doubled letters, so "al-Hammam" meets "Hamam".
"""

import difflib
import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = "'’‘`´ʼʻʿʾ\u02bc"
_ARTICLE = re.compile(r"^(?:al|el|al-|el-)\s+")


def clean_name(text: str, what: str = "name", longest: int = 200) -> str:
    """A name as stored: NFC, invisible format characters (zero-width, bidi overrides, BOM) removed, spaces
    collapsed; control characters (C0, DEL, C1) refused, since no place is named with them."""
    from .errors import InvalidInput

    text = unicodedata.normalize("NFC", text or "")
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise InvalidInput(f"Invalid {what} {text[:40]!r}: it holds control characters; give printable text")
    text = " ".join("".join(ch for ch in text if unicodedata.category(ch) != "Cf").split())
    if not text or len(text) > longest:
        raise InvalidInput(f"Invalid {what}: give 1 to {longest} visible characters")
    return text


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Case-, accent- and apostrophe-insensitive key; hyphens become spaces; invisible characters dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")
    text = text.casefold()
    text = "".join(ch for ch in text if ch not in _APOSTROPHES)
    text = re.sub(r"[\-_.,/()\[\]]+", " ", text)
    return " ".join(text.split())


def loose(name: str) -> str:
    """A looser key: also drops a leading article, doubled letters and a final 'h'."""
    text = fold(name)
    text = _ARTICLE.sub("", text)
    text = re.sub(r"\b(?:al|el) ", "", text)
    text = re.sub(r"(.)\1+", r"\1", text)
    text = re.sub(r"h\b", "", text)
    return text.replace(" ", "")


def closest(name: str, candidates, n: int = 5) -> list:
    """The candidate display names closest to `name`, best first."""
    by_key = {}
    for candidate in candidates:
        by_key.setdefault(fold(candidate), candidate)
    keys = difflib.get_close_matches(fold(name), list(by_key), n=n, cutoff=0.6)
    return [by_key[key] for key in keys]


def pick_locality(name, rows, region_km=None):
    """Choose among the gazetteer rows a spelling matched; raise AmbiguousLocality if it cannot."""
    from .errors import AmbiguousLocality

    exact = [r for r in rows if fold(r["name"]) == fold(name)]
    if len(exact) == 1:
        return exact[0]
    primary = [r for r in rows if r["same_as"] is None]
    if len(primary) == 1:
        return primary[0]
    # A spelling shared with a place outside the campaign region means the one inside it.
    if region_km is not None:
        inside = [r for r in primary if r["km_to_centre"] is not None and r["km_to_centre"] <= region_km]
        if len(inside) == 1:
            return inside[0]
    # Several GeoNames duplicates of one primary row still mean that row.
    targets = {r["same_as"] or r["id"] for r in rows}
    if len(targets) == 1:
        return next(r for r in rows if r["id"] in targets) if primary else rows[0]
    names = ", ".join(r["name"] for r in (primary or rows))
    raise AmbiguousLocality(f"Ambiguous locality {name!r}: it can mean {names}; give the full name")
