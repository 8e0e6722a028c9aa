"""The news extractor's English vocabulary, read once from vocabulary.json and compiled into patterns."""

import json
import re
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).with_name("vocabulary.json")


def _alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


class Vocabulary:
    def __init__(self, data: dict):
        self.data = data
        verbs = data["control_verbs"]
        self.statuses = [status for status in verbs if not status.startswith("_")]
        # Verbs are matched case-sensitively: lower case in running text (a heading's "Retake" is not an event).
        self.verb = re.compile(r"(?<![\w\-])(?:" + "|".join(
            f"(?P<{status}>{_alternation(verbs[status])})" for status in self.statuses) + r")(?![\w\-])")
        self.progressive = re.compile(r"(?<![\w\-])(?:" + _alternation(data["progressive_captures"]) + r")(?![\w\-])")
        phrases = data["control_phrases"]
        self.state_before = re.compile(r"(?<![\w\-])(?:" + "|".join(phrases["captured"]) + r")(?![\w\-])")
        self.state_after = re.compile(r"(?<![\w\-])(?:" + "|".join(phrases["state_after"]) + r")(?![\w\-])")
        self.nominal = re.compile(r"(?<![\w\-])(?:" + _alternation(phrases["nominal_captured"]) + r")\s+of\b")
        self.flag = re.compile(r"(?<![\w\-])" + phrases["flag"] + r"\b", re.I)
        self.fighting = re.compile(r"(?<![\w\-])" + phrases["fighting"] + r"\b", re.I)
        self.fighting_after = [re.compile(r"(?<![\w\-])(?:" + alternative.replace("{P}", r"(?P<place>[^,.;]{2,60}?)") + r")", re.I)
                               for alternative in phrases["fighting_after"]]
        self.forces_fighting_in = re.compile(r"(?<![\w\-])" + phrases["forces_fighting_in"] + r"\b", re.I)
        self.site_in_neighbourhood = re.compile(r"(?<![\w\-])" + phrases["site_in_neighbourhood"] + r"\s*$", re.I)
        self.drive_out = re.compile(r"(?<![\w\-])(?:drove|driven|pushed|forced|expelled|ousted|chased|flushed)\b"
                                    r"(?P<who>(?:\s+[\w'’\-()]+){0,8}?)\s+(?:out\s+of|out\s+from|from)(?![\w\-])")
        # Words at least one of which any control phrase contains: a sentence with none is skipped at once.
        self.trigger_words = {w for status in self.statuses for phrase in verbs[status] for w in phrase.split()[:1]}
        self.trigger_words |= set(data["progressive_captures"]) | {
            "control", "controls", "controlled", "now", "under", "drove", "driven", "pushed", "forced", "expelled",
            "ousted", "chased", "flushed", "flag", "flags", "fighting", "clashes", "battles", "battling", "capture",
            "seizure", "liberation", "recapture", "fall"}
        negation = data["not_control"]
        self.modal_last_words = {phrase.split()[-1].lower() for phrase in negation["modal_before"]}
        self.modal = re.compile(r"(?:^|\b)(?:" + _alternation(negation["modal_before"]) + r")\s+(?:[\w\-]+\s+){0,2}$", re.I)
        self.rumour = re.compile(r"\b(?:" + _alternation(negation["rumour"]) + r")\b", re.I)
        self.denial_hints = ("not", "deni", "deny", "false", "debunk", "reject", "dismiss", "refut")  # lower case
        self.denial = re.compile(r"\b(?:" + _alternation(negation["denial"]) + r")\b", re.I)
        self.continuity = re.compile(r"\b(?:" + _alternation(negation["continuity"]) + r")\b", re.I)
        self.conditional = re.compile(r"\b(?:" + _alternation(negation["conditional"]) + r")\b", re.I)
        self.place_nouns = set(data["place_nouns"])
        self.settlement_nouns = set(data["settlement_nouns"])
        self.site_nouns = set(data["site_nouns"])
        self.minor_sites = set(data["minor_sites"])
        nouns = _alternation(list(self.place_nouns) + list(self.site_nouns))
        # "the (northwestern) neighbourhood of", "its ancient city of", "the villages of", "the City of"
        demonyms = _alternation(k for k, v in data["demonyms"].items() if not k.startswith("_"))
        # Definite only: "another neighbourhood of Raqqa" is a part of Raqqa, not Raqqa.
        self.place_prefix = re.compile(
            r"(?!(?:another|a|an|one|some|several|many|more|other|each|every|two|three|four|five|\d+)\s)"
            r"(?:(?:[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Tt]his|[Tt]hat|[Tt]hese|[A-Z][\w\-]*['’]s)\s+)?"
            rf"(?:(?:[a-z][\w\-'’]*|{demonyms}|City|Town|Village)\s+){{0,3}}?(?i:{nouns})\s+of\s+")
        self.determiner = re.compile(r"(?:(?:the|its|their|his|her|this|that|nearby|key|strategic|main|historic|historical|"
                                     r"ancient|northern|southern|eastern|western|north-eastern|north-western|south-eastern|"
                                     r"south-western|northeastern|northwestern|southeastern|southwestern|central|small|large|"
                                     r"remaining|last|whole|entire|adjacent|neighbou?ring|strategically important|"
                                     r"[A-Z][\w\-]*['’]s)\s+)+")
        self.back_reference = re.compile(
            r"(?:the|this|that)\s+(?:(?-i:[a-z][\w\-]*)\s+){0,2}?(?P<noun>" + _alternation(
                list(self.settlement_nouns) + list(self.site_nouns) + ["capital", "regional capital", "stronghold", "city",
                                                                         "front-line town", "frontline town", "hub"]) +
            r")\b(?!\s+of\b)", re.I)
        partial = data["partial"]
        self.partial_contested = re.compile(r"(?:almost\s+|nearly\s+|about\s+|around\s+|some\s+|over\s+|more\s+than\s+)?(?:“|\")?"
                                            r"(?:" + "|".join(p if "\\" in p else re.escape(p) for p in partial["contested"]) +
                                            r")(?:”|\")?\s+of\s+", re.I)
        self.partial_captured = re.compile(r"(?:" + _alternation(partial["captured"]) + r")(?:”|\")?\s+of\s+", re.I)
        self.part_of = re.compile(r"(?:the\s+)?(?:[\w\-]+\s+){0,2}?(?:" + _alternation(data["part_nouns"]) + r")\s+of\s+", re.I)
        self.reference = re.compile(r"(?:" + _alternation(data["reference_before"]) + r")\s+$", re.I)
        self.joiner = re.compile(r"\s*(?:,\s*(?:and|as well as|plus|in addition to|including|along with)?|and|as well as|"
                                 r"plus|in addition to|including|along with|:)\s*", re.I)
        self.force_nouns = sorted(data["force_nouns"], key=len, reverse=True)
        self.pronoun_forces = [p.lower() for p in data["pronoun_forces"]]
        self.demonyms = {k: v for k, v in data["demonyms"].items() if not k.startswith("_")}
        self.countries = {}  # country -> its demonym (the first listed: Syria -> Syrian, not Damascus)
        for demonym, country in self.demonyms.items():
            if country:
                self.countries.setdefault(country, demonym)
        self.roles = re.compile(r"(?:\b(?:" + _alternation(data["roles"]) + r")|\b[A-Z][a-z]*\.)\s+(?:[A-Z][\w\-'’.]*\s+){0,2}$")
        self.region_nouns = set(data["region_nouns"])
        self.force_names = {k: v for k, v in data["force_names"].items() if not k.startswith("_")}
        self.force_countries = {k: v for k, v in data["force_countries"].items() if not k.startswith("_")}
        self.numbers = data["number_words"]
        self.agencies = data["news_agencies"]
        self.not_names = set(data["not_names"]) | set(self.demonyms)
        self.general_places = set(data["general_places"])
        self.confidence = {k: v for k, v in data["confidence"].items() if not k.startswith("_")}
        self.background_days = data["background_days"]
        self.english_share = data["english_share"]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary(json.loads(PATH.read_text(encoding="utf-8")))
