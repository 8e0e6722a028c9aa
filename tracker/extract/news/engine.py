"""The bundled English news extractor: the grammar over an article, then dates, sides, places and merging.

Each sentence's control changes (grammar.py) become candidates dated by the nearest date words (or the last
day the article named, or the week before publication), held by the force that acted (or, for a withdrawal,
by the other side). Then: a change dated weeks before publication is background and dropped; a capture the
article denies is dropped; the same change told twice (a photo caption repeating the body) is one candidate
whose date range both tellings allow; a place pressed on and taken by the same side on the same day is one
capture. Places the gazetteer lacks are found in the world gazetteer (resolve.py).
"""

import datetime as dt
import functools
import re

from ...model.names import fold
from ..model import ArticleSkipped, Candidate, Extractor
from ..resolve import resolve_names
from ..textdates import date_mentions, find_published, full_dates
from .grammar import Grammar
from .grammar_words import Target, is_bare as _bare
from .mentions import Mentions
from .text import CAPTION, english_share, paragraphs, sentences, without_datelines
from .vocabulary import vocabulary

W = vocabulary()
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_QUOTE = 4000  # a "sentence" longer than this is not one: the quote keeps its start
DEFAULT_WINDOW_DAYS = 7
PRESSING = ("entered", "contested", "encircled")
AXIS_WORDS = re.compile(r"\b(north|east|south|west)(?:ern)?\s+(?:of|from)\s+(?:the city|{objective})|\bto the (north|east|south|west)\b|"
                        r"\bon the (north|east|south|west)(?:ern)? (?:axis|front|flank)\b", re.I)
DISTANCE = re.compile(r"\b(?P<n>\d+(?:\.\d+)?|" + "|".join(sorted(W.numbers, key=len, reverse=True)) +
                      r")\s*(?P<u>kilometers|kilometres|km|miles|mi)\b(?:\s*\((?P<n2>\d+(?:\.\d+)?)\s*(?P<u2>kilometers|kilometres|km)\))?", re.I)
CAPITALISED = re.compile(r"[A-Z][\w\-'’.]+")
CLAUSE_BREAK = re.compile(r"[;:—(]|\b(?:which|who|whom|when|while|after|before|but|since|until)\b", re.I)
ANNOUNCED = re.compile(r"\b(?:said|says|announced|reported|stated|confirmed|claimed|told [\w\s]{1,30}?)\s+"
                       r"(?:late\s+|early\s+)?(?:on\s+)?$", re.I)
RECENT_UNREAD = 4  # sentences without a change whose forces a later "they" may name
ENTRY = re.compile(r"^\s*(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|"
                   r"\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{4})\s*:")



class NewsExtractor(Extractor):
    extractor_id = "news"
    description = "English news reports of any war: control verbs, places in and beyond the gazetteer, forces (rules, no model)"

    def __init__(self):
        self._tools = {}

    def extract(self, article, lookups):
        source = CONTROL.sub(" ", article.text)  # control characters as spaces: same length, so offsets stay true
        if english_share(source) < W.english_share:
            raise ArticleSkipped("no English text found")
        published = dt.date.fromisoformat(article.published) if article.published else find_published(source)[0]
        if published is not None and not 1800 <= published.year <= 2200:
            published = None  # no report was published then: read the text as undated
        mentions, grammar = self._tools_for(lookups)
        reading = Reading(source, published, mentions, grammar, lookups)
        return reading.candidates()

    def _tools_for(self, lookups):
        key = id(lookups)
        if key not in self._tools:
            mentions = Mentions(lookups)
            self._tools = {key: (mentions, Grammar(mentions))}
        return self._tools[key]


class Topics:
    """Places named so far, with the noun each came with, for "the town" and "it"; sentences without a control
    word are scanned for places only if a back-reference needs them. A place named with the same noun
    ("the village of X" ... "the village") is preferred to one named bare, the nearer to the farther."""

    KINDS = {"town": {"town", "city", "village", "settlement", "hub"}, "village": {"village", "hamlet", "settlement"},
             "city": {"city", "town", "capital"}, "capital": {"city", "capital"}, "regional capital": {"city", "capital"},
             "provincial capital": {"city", "capital"}, "district": {"district", "neighbourhood", "quarter"},
             "neighbourhood": {"neighbourhood", "neighborhood", "district", "quarter"},
             "neighborhood": {"neighbourhood", "neighborhood", "district", "quarter"},
             "area": {"area", "village", "town", "district"}, "settlement": {"settlement", "village", "town"},
             "stronghold": {"town", "city"}, "front-line town": {"town", "city"}, "frontline town": {"town", "city"},
             "hub": {"town", "city", "hub"}}
    REGIONS = {"province", "oblast", "region", "governorate", "county"}

    def __init__(self, mentions):
        self.mentions = mentions
        self.entries = []  # lists of Targets, or sentence text not scanned yet
        self.current = []
        self.changed = set()  # keys of places a control change was told about: what the article is about

    def add_text(self, sentence):
        self.entries.append(sentence)

    def add(self, targets):
        self.entries.append(list(targets))

    def find(self, noun, before, places):
        noun = noun.lower() if noun else None
        current = [_target(m) for m in self.current if m.end <= before]
        earlier = []
        for n, entry in enumerate(self.entries):
            if isinstance(entry, str):
                self.entries[n] = entry = [_target(m) for m in self.mentions.places(entry)]
            earlier += entry
        best = None
        for target in [*reversed(current), *reversed(earlier)]:
            fit = self._fit(noun, target)
            fit = fit and 2 * fit + (target.key in self.changed)  # the nearest best fit; one that changed hands first
            if fit and (best is None or fit > best[0]):
                best = (fit, target)
        return best[1] if best else None

    def _fit(self, noun, target):
        """2: the place was named with this noun; 1: named with none, so it may be; 0: it is not."""
        kind = (target.kind or getattr(target.place, "kind", None) or "").split("/")[0].lower() or None
        if kind in self.REGIONS:
            return 0
        if noun is None:
            return 1
        if noun in self.KINDS:
            return 2 if kind in self.KINDS[noun] else 1 if kind is None else 0
        # a site: "the airport" means a place that is one ("Mosul International Airport", kind airport or facility)
        name = target.name.lower()
        return 2 if (noun in (kind or "") or noun.split()[-1] in name) else 0


def _target(mention):
    return Target(mention.text, mention.place, mention.start, mention.end, mention.kind)


class Reading:
    """One article being read: sentence by sentence, then merged."""

    def __init__(self, text, published, mentions, grammar, lookups):
        self.source, self.published, self.mentions, self.grammar, self.lookups = text, published, mentions, grammar, lookups
        self.text = without_datelines(text)
        self.topics = Topics(mentions)
        self.forces = []  # forces named so far, for "they" and the other side
        self.actors = []  # forces that acted in a control change so far: "the troops" are most likely theirs
        self.unread = []  # the latest sentences with no change, not yet searched for forces
        self.named = {}  # every place named in a sentence that told a change: name -> Place or None
        self.countries = set()  # countries the article names
        self.denial = False
        self.found = []
        self.denied = set()
        self.paragraph = []  # the paragraph's sentences read so far (not captions), for the day it names last
        self.entry = None  # the day a timeline entry ("24 February 2017: ...") is about
        self.lede_sentences = []  # the article's first two sentences: the day they name is its news day
        self.dated = {}  # sentence -> its date mentions, read once
        self.sentences_read = 0
        self.objective = lookups.objective or ""

    def candidates(self):
        for para_start, para in paragraphs(self.text):
            caption = any(word in para for word in ("hoto", "HOTO", "/", "HANDOUT", "screen grab")) and bool(CAPTION.search(para))
            heading = ENTRY.match(para)
            if heading and not caption:
                self.entry = (heading_date := full_dates(para[:heading.end()])) and \
                    (heading_date[0][2], heading_date[0][2], "day")
            self.paragraph = []
            for sent_start, sentence in sentences(para):
                self._sentence(sentence, para_start + sent_start, caption)
        return self._finish()

    def _sentence(self, sentence, offset, caption):
        if not caption:
            self.sentences_read += 1
            self.paragraph.append(sentence)
            if self.sentences_read <= 2:
                self.lede_sentences.append(sentence)
        lower = sentence.lower()
        if any(hint in lower for hint in W.denial_hints) and W.denial.search(sentence):
            self.denial = True
        matches = self.grammar.matches(sentence)
        if not matches:
            self.topics.add_text(sentence)
            self.unread = (self.unread + [sentence])[-RECENT_UNREAD:]
            return
        dates = self._dates(sentence)
        tokens = self.mentions.tokens(sentence)
        forces = self.mentions.forces(sentence, tokens=tokens)
        if self.unread and not (self.actors or self.forces) and (not forces or any(f.pronoun or _bare(f) for f in forces)):
            # "Troops pushed towards X. On Tuesday they took the town.": the only force named yet, looked for only
            # when nothing else could stand for "they" (or a passive's missing agent)
            for earlier in self.unread:
                self.forces += [f for f in self.mentions.forces(earlier) if not f.pronoun and not _bare(f)]
        self.unread = []
        places = self.mentions.places(sentence, [f for f in forces if f.force is not None or f.name], tokens=tokens)
        self.named.update((p.text, p.place) for p in places)
        self.countries |= {f.country for f in forces if f.country}
        for word in CAPITALISED.findall(sentence):  # "Syrian", "Ukraine": the countries an article is about
            country = W.demonyms.get(word) or (word if word in W.countries else None)
            if country:
                self.countries.add(country)
        self.topics.current = places
        if self.denial and W.denial.search(sentence):
            self.denied |= {Target(p.text, p.place, p.start, p.end).key for p in places}
            reference = W.back_reference.search(sentence)
            if reference:
                found = self.topics.find(reference.group("noun"), reference.start(), places)
                if found:
                    self.denied.add(found.key)
        events = self.grammar.events(sentence, matches, places, forces, self.topics)
        for event in events:
            for target in event.targets:
                self.found.append(self._candidate(sentence, offset, event, target, dates, caption))
        self.topics.add([_target(p) for p in places] + [t for e in events for t in e.targets])
        self.topics.changed |= {t.key for e in events for t in e.targets}
        self.topics.current = []
        self.forces += [f for f in forces if not f.pronoun and not _bare(f)]
        self.actors += [e.force for e in events if e.force is not None and not e.force.pronoun and not _bare(e.force)]

    def _dates(self, sentence):
        if sentence not in self.dated:
            self.dated[sentence] = date_mentions(sentence, self.published)
        return self.dated[sentence]

    def _day_in(self, sentences):
        """The last day (not background) the latest of these sentences that names one names."""
        for sentence in reversed(sentences):
            days = [d for _, _, d in self._dates(sentence) if d[2] == "day" and not self._background(d)]
            if days:
                return days[-1]
        return None

    def _carried(self, sentence):
        """For an undated sentence: the day the paragraph named last before it, else its timeline entry's, else
        the article's opening's (never a photo's day). Read only when a sentence needs it."""
        earlier = self.paragraph[:-1] if self.paragraph and self.paragraph[-1] == sentence else self.paragraph
        return self._day_in(earlier) or self.entry or self._day_in(self.lede_sentences[:1]) or \
            self._day_in(self.lede_sentences)

    # A candidate ------------------------------------------------------------

    def _candidate(self, sentence, offset, event, target, dates, caption):
        status = target.status or event.status
        holder = self._holder(event)
        when = self._date_for(target.start, event.at, dates, sentence)
        confidence = W.confidence["base"]
        confidence += W.confidence["named_force"] if holder[1] is not None else \
            (W.confidence["generic_force"] if holder[0] != "unnamed force" else W.confidence["no_force"])
        confidence += W.confidence["own_date"] * bool(when and when[3]) + W.confidence["caption"] * caption
        confidence += W.confidence["passive"] * (event.via == "passive") + W.confidence["state"] * (event.via == "state")
        lead = len(sentence) - len(sentence.lstrip(" \t-—–|"))
        distance = self._distance(sentence, target.end)
        return {
            "key": target.key, "status": status, "holder": holder, "target": target, "when": when,
            "quote_start": offset + lead, "quote_end": min(offset + len(sentence.rstrip()), offset + lead + MAX_QUOTE),
            "confidence": confidence, "caption": caption, "axis": self._axis(sentence), "distance": distance,
            "notes": list(event.notes), "via": event.via,
        }

    def _holder(self, event):
        """(force name, force id, side) that holds or presses on the place after the event."""
        force = event.force
        if force is not None and (force.pronoun or _bare(force)):
            force = self._resolve_pronoun(force)
        if event.status == "uprising":
            residents = self.lookups.force("residents")
            if residents:
                return residents.name, residents.id, residents.side
        if force is None or force.pronoun:  # no subject: the force that last acted, else the article's first
            force = (self.actors[-1] if self.actors else next((f for f in self.forces if not _bare(f)), None)) \
                if not event.gives_up else None
        if force is None:
            return ("unnamed force", None, None)
        described = self._describe(force)
        if event.gives_up:
            return self._other_side(described)
        return described

    def _describe(self, force):
        if force.force is not None:
            return force.force.name, force.force.id, force.force.side
        for name in filter(None, (force.name, force.text, _country_force(force.country))):
            known = self.lookups.force(name)
            if known:
                return known.name, known.id, known.side
        name = force.name or _country_force(force.country) or force.text
        return name, None, None

    def _other_side(self, described):
        name, force_id, side = described
        opposite = {"attacker": "defender", "defender": "attacker"}.get(side)
        if opposite:
            other = self.lookups.generic_force(opposite)
            if other:
                return other.name, other.id, other.side
        for force in reversed(self.forces):
            other = self._describe(force)
            if other[0] != name and not _bare(force):
                return other
        return ("unnamed force", None, None)

    def _resolve_pronoun(self, force):
        """A pronoun or a bare "the troops": the force that last acted, else the last named, else the
        database's force of that name ("the army" in a Mosul report)."""
        if not (force.pronoun or _bare(force)):
            return force
        if self.actors:
            return self.actors[-1]
        if self.forces:
            return self.forces[0]  # the first force an article names is most often the one it is about
        known = self.lookups.force(force.text) if not force.pronoun else None
        if known is not None:
            force.force = known
        return force

    def _date_for(self, target_at, event_at, dates, sentence):
        """(earliest, latest, precision, own) from the date words nearest the change, else those carried."""
        if dates:
            anchor = max(target_at, event_at)
            before = [(s, d) for s, _, d in dates if s <= anchor]
            chosen_at, chosen = before[-1] if before else dates[0][::2]
            start, skipped = self.grammar.clause_of(sentence, event_at)
            if before and (before[-1][0] < start or skipped[0] <= before[-1][0] < skipped[1]):
                # "fighters, whom IS attacked in August, took X on Tuesday": August is another clause's
                following = [(s, d) for s, _, d in dates
                             if anchor < s <= anchor + 80 and not CLAUSE_BREAK.search(sentence[anchor:s])]
                chosen_at, chosen = following[0] if following else (chosen_at, chosen)
            if chosen_at > anchor and ANNOUNCED.search(sentence[max(0, chosen_at - 40):chosen_at]):
                # "X was taken, officials said on Monday": the day it was told, so on or before it
                return (chosen[0] - dt.timedelta(days=DEFAULT_WINDOW_DAYS), chosen[1], "range", False)
            return (*chosen, True)
        carried = self._carried(sentence)
        if carried:
            return (*carried, False)
        if self.published:
            return (self.published - dt.timedelta(days=DEFAULT_WINDOW_DAYS), self.published, "range", False)
        return None

    def _background(self, when):
        return self.published is not None and when is not None and \
            (self.published - when[0]).days > W.background_days

    def _axis(self, sentence):
        if not any(word in sentence for word in ("orth", "ast", "outh", "est")):
            return None
        pattern = _axis_pattern(self.objective or "Mosul")
        m = pattern.search(sentence)
        return next((g for g in m.groups() if g), None).lower() if m else None

    @staticmethod
    def _distance(sentence, after):
        m = DISTANCE.search(sentence, after)
        if not m or m.start() - after > 60:
            return None, None

        def km(number, unit):
            value = float(number) if number[0].isdigit() else float(W.numbers[number.lower()])
            return value * 1.609344 if unit.lower().startswith("mi") else value

        value = km(m["n2"], m["u2"]) if m["n2"] and not m["u"].lower().startswith("k") else km(m["n"], m["u"])
        tail = sentence[m.end():m.end() + 40].lower()
        return round(value, 1), "outskirts" if "outskirts" in tail or "edge" in tail else "centre"

    # The article as a whole ----------------------------------------------------

    def _finish(self):
        kept = [c for c in self.found if not self._background(c["when"])]
        fought = {c["key"] for c in kept if c["status"] == "contested" and c["via"] == "fighting"}
        kept = [c for c in kept if not (c["status"] in ("captured", "withdrawn") and
                                        (c["key"] in self.denied or (self.denial and c["key"] in fought)))]
        merged = _merge(kept)
        merged = _drop_pressing_taken(merged)
        resolutions = resolve_names([(c["target"].name, c["target"].place or self.lookups.locality(c["target"].name))
                                     for c in merged], self.lookups, _world(), context=list(self.named.items()),
                                    countries={f.country for f in self.forces if f.country} | self.countries)
        return [self._as_candidate(c, resolutions[c["target"].name]) for c in merged]

    def _as_candidate(self, c, resolution):
        target, (force, force_id, side) = c["target"], c["holder"]
        when = c["when"]
        earliest, latest, precision = (when[0].isoformat(), when[1].isoformat(), when[2]) if when else (None, None, None)
        if earliest and earliest == latest and precision == "range":
            precision = "day"
        confidence = c["confidence"]
        if resolution.place is None:
            confidence += W.confidence["ambiguous_place"] if resolution.how.startswith("ambiguous") else \
                W.confidence["unresolved_place"] if resolution.world is None else 0
        notes = c["notes"] + (["photo caption"] if c["caption"] else [])
        if resolution.campaign_km is not None:
            notes.append(f"outside every campaign's region: {resolution.campaign_km:.0f} km from {resolution.campaign}'s centre")
        place = resolution.place
        return Candidate(
            locality=target.name, force=force, status=c["status"], quote=self.source[c["quote_start"]:c["quote_end"]],
            date=latest, date_earliest=earliest, date_precision=precision, axis=c["axis"],
            distance_km=c["distance"][0], distance_reference=c["distance"][1], quote_start=c["quote_start"],
            quote_end=c["quote_end"], confidence=round(max(0.05, min(W.confidence["ceiling"], confidence)), 2),
            note="; ".join(notes) or None, locality_id=place.id if place is not None else None, force_id=force_id,
            latitude=resolution.latitude if place is None else None, longitude=resolution.longitude if place is None else None,
            place_source=resolution.world.source if resolution.world else None, resolution=resolution.how[:200],
            alternatives=[{"name": o.name, "latitude": o.latitude, "longitude": o.longitude, "source": o.source}
                          for o in resolution.alternatives[:5]],
            side=side if force_id is None else None,
            campaign=resolution.campaign if resolution.campaign_km is None else None,
        )


def _country_force(country):
    if not country:
        return None
    demonym = W.countries.get(country)
    for name, aliases in W.force_names.items():
        if demonym and any(a.startswith(demonym + " ") for a in aliases):
            return name
    return f"{demonym} forces" if demonym else None


@functools.lru_cache(maxsize=16)
def _axis_pattern(objective):
    return re.compile(AXIS_WORDS.pattern.replace("{objective}", re.escape(objective)), re.I)


def _world():
    from ...store.world import world

    return world()


def _side(holder):
    """What makes two holders one side: the database's side, else the force's country, else nothing known."""
    name, force_id, side = holder
    if force_id is not None and side in ("attacker", "defender"):
        return side
    return W.force_countries.get(name) or (None if name == "unnamed force" else f"?{fold(name)}")


def _merge(found):
    """One candidate per (place, status, side): repeats narrow the dates and add confidence, not events. A
    telling whose force's side is unknown joins the only other telling of that change, if there is one."""
    merged, order = {}, []
    for c in found:
        side = _side(c["holder"])
        key = (c["key"], c["status"], side)
        if side is None or side.startswith("?"):
            same = [k for k in order if k[:2] == key[:2] and k != key]
            if len(same) == 1:
                key = same[0]
        if key not in merged:
            merged[key] = c
            order.append(key)
            continue
        kept = merged[key]
        if kept["holder"][1] is None and c["holder"][1] is not None:
            kept["holder"] = c["holder"]  # the database's force names the side
        if kept["caption"] and not c["caption"]:
            kept, c = c, kept  # the body's telling represents the event; the caption still narrows it
            merged[key] = kept
        kept["when"] = _narrow(kept["when"], c["when"])
        kept["axis"] = kept["axis"] or c["axis"]
        if kept["distance"][0] is None:
            kept["distance"] = c["distance"]
        kept["confidence"] = max(kept["confidence"], c["confidence"]) + W.confidence["repeated"]
    return [merged[key] for key in order]


def _narrow(a, b):
    if not a or not b:
        return a or b
    earliest, latest = max(a[0], b[0]), min(a[1], b[1])
    if earliest > latest:
        return a if a[3] or not b[3] else b  # tellings that disagree: the one with its own date words
    precision = "day" if earliest == latest else "range"
    return earliest, latest, precision, a[3] or b[3]


def _drop_pressing_taken(found):
    """A place entered, stormed or besieged and taken by the same side, told without an earlier date for the
    pressing, is one capture ("stormed the airport on Thursday" beside "recaptured the airport on Thursday")."""
    taken = {}
    for c in found:
        if c["status"] == "captured":
            taken.setdefault((c["key"], c["holder"][2] or c["holder"][0]), []).append(c["when"])
    kept = []
    for c in found:
        if c["status"] in PRESSING:
            dates = taken.get((c["key"], c["holder"][2] or c["holder"][0]), [])
            if dates and not any(c["when"] and d and c["when"][1] < d[0] for d in dates):
                continue
        kept.append(c)
    return kept
