"""The grammar's shared pieces: clause boundaries and patterns, the Target and Event it yields, small helpers."""

import re
from dataclasses import dataclass, field

from ...model.names import fold
from .vocabulary import vocabulary

W = vocabulary()
CLAUSE_END = re.compile(r"[;!?]|\s(?:but|while|whereas|although|after|before|when|as|who|which|where|amid|despite|"
                        r"because|leaving|killing|following|since|until|according|said|says|told|added|announced)\s|—|--|\s–\s")
CLAUSE_START = re.compile(r"(?:^|[;:]|—|--|\s–\s|\b(?:that|said|says|told|when|while|but|where|who|which|after|before)\b)", re.I)
RELATIVE_PRONOUN = re.compile(r"who|which|that", re.I)
DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|this|its|their|his|our)\s+$", re.I)
CONDITION_BEFORE = re.compile(r"\b(?:if|unless)\b[^,;:.]*$", re.I)
SPEECH_AFTER = re.compile(r"\s*,?\s*(?:[A-Z][\w\-]*\s+){0,3}(?:said|says|told|added|announced|reported|stated|confirmed|"
                          r"claimed|wrote|tweeted|explained)\b")
ADVERBIAL = re.compile(r"(?:\s*[“”\"‘’]\s*|\s+)?(?:(?:fully|completely|also|already|now|finally|back|swiftly|quickly|reportedly|"
                       r"effectively|officially|largely|partially|eventually|reportedly|successfully)\s+)*"
                       r"(?:(?:full|complete|total|effective)\s+)?(?:control[”\"’]?\s+(?:of|over)\s+)?")
COUNT_LIST = re.compile(r"(?:at\s+least\s+|some\s+|about\s+|another\s+)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
                        r"eleven|twelve|several|a\s+number\s+of)\s+(?:[a-z\-]+\s+)?(?:settlements|villages|towns|localities|"
                        r"neighbou?rhoods|districts|areas|places)\s*(?::|,\s*(?:including|namely))\s*", re.I)
PASSIVE_AUX = re.compile(r"\b(?:was|were|has been|have been|had been|is|are|being|been|be|got|get)\s+"
                         r"(?:(?:now|fully|largely|also|already|reportedly|finally|completely|officially|just|recently|all|"
                         r"successfully|partially|since|then|eventually)\s+)*$")
RELATIVE = re.compile(r",\s*(?:which|who|that|where)\b[^,]*,\s*$", re.I)
PROGRESSIVE_AUX = re.compile(r"\b(?:were|are|is|was|been)\b[^.;]{0,60}$")
PLANNED_NOMINAL = re.compile(r"\b(?:battle|fight|operation|campaign|push|plans?|bid|drive|offensive|efforts?|race|march)\s+"
                             r"(?:for|to|towards?)\s+(?:the\s+)?$", re.I)
FUTURE_AFTER = re.compile(r"^[^.;]{0,80}\b(?:would|could|will|might|may)\b", re.I)
SITE_IN = re.compile(r"(?P<site>(?:[a-z\-]+\s+){0,3}?(?:" + "|".join(re.escape(n) for n in sorted(W.site_nouns | W.minor_sites, key=len, reverse=True)) +
                     r"))\s+in\s+(?:the\s+)?(?:(?:centre|center|heart|middle)\s+of\s+(?:the\s+)?)?(?:(?:[\w\-]+\s+){0,2}?"
                     r"(?:bastion|stronghold|city|town|capital)\s+of\s+)?")
BY_AGENT = re.compile(r"\s*(?:(?:on|in)\s+\w+\s+)?by\s+")


@dataclass
class Target:
    name: str
    place: object  # the gazetteer's Place, or None
    start: int
    end: int
    kind: str | None = None
    status: str | None = None  # a quantity ("half of") overrides the event's status

    @property
    def key(self) -> str:
        return f"place:{self.place.id}" if self.place is not None else f"name:{fold(self.name)}"


@dataclass
class Event:
    status: str
    targets: list
    force: object  # ForceMention or None
    at: int  # where in the sentence the change is told (its date is the nearest)
    via: str  # verb, passive, state, flag, fighting, nominal
    gives_up: bool = False  # the force gave the place up (withdrew, lost): the other side holds it
    notes: list = field(default_factory=list)


SKIP = Target("", None, 0, 0)


def is_bare(force):
    """"the troops", "fighters", "the army": a force named only by its kind stands for one named before."""
    if force.force is not None or force.name or force.country or force.pronoun:
        return False
    words = force.text.lower().split()
    return len(words) <= 2 and words[-1] in W.force_nouns


def clause_end(sentence, pos):
    m = CLAUSE_END.search(sentence, pos)
    return m.start() if m else len(sentence)


DATE_AFTER = re.compile(
    r"\s*,?\s*(?:on|by|in|during|since|late|early|earlier|last|this)?\s*(?:(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|overnight|yesterday|today|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:,?\s+\d{4})?|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*(?:\s+\d{4})?|week|month)\b)"
    r"(?:\s*\([^)]{0,30}\))?", re.I)
PREPOSITION_BEFORE = re.compile(r"\b(?:from|against|by|with|to|on|at|near|in|backed by|alliance with|support of)\s+"
                                r"(?:the\s+)?$", re.I)


def skip_dates(sentence, pos, limit):
    m = DATE_AFTER.match(sentence, pos)
    return m.end() if m and m.end() <= limit and m.group().strip() else pos


def noun_in(prefix):
    words = re.sub(r"\s+of\s*$", "", prefix.strip()).lower().split()
    for size in (2, 1):
        noun = " ".join(words[-size:])
        if noun in W.place_nouns or noun in W.site_nouns:
            return noun.rstrip("s") if noun.endswith(("ages", "towns", "hoods")) else noun
    return words[-1] if words else None


def last_place_start(head, places):
    inside = [p for p in places if p.end <= len(head) + 1]
    if not inside:
        return None
    last = inside[-1]
    prefix = W.place_prefix.search(head[max(0, last.start - 60):last.start])
    return last.start - (len(head[max(0, last.start - 60):last.start]) - prefix.start()) if prefix and \
        head[max(0, last.start - 60):last.start].endswith(prefix.group()) else last.start


def after_preposition(sentence, start):
    return bool(PREPOSITION_BEFORE.search(sentence, max(0, start - 20), start))
