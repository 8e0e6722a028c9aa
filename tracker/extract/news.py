"""The bundled English news extractor: rules over the gazetteer and the force aliases.

A control change is a control verb (captured, entered, encircled, ...) whose object is a
gazetteer place and whose subject (or, in the passive, agent) is a force. Intentions
("aims to retake", "expected to"), approaches ("pushing toward", "advancing on") and
attacks ("assault on", "shelled", "airstrike on") are not control verbs, so they never
match. Dates come from the sentence's own date words read against the publication date;
a sentence without any counts as 'within the week before publication'. Photo captions
repeat the body: candidates are merged per (place, status, side), so an event told five
times is one candidate whose date range is what all the tellings allow together.
"""

import datetime as dt
import re

from .model import Candidate, Extractor
from ..hookspecs import hookimpl
from ..model.names import fold
from .textdates import find_published, full_dates, sentence_date

DEFENDER_NAMES = r"(?:IS|ISIS|ISIL|Daesh|Da'esh|the militants|militants|the jihadists|jihadists|(?:the )?Islamic State(?: group)?)"
VERBS = [
    ("captured", r"captured|recaptured|retook|retaken|re-took|liberated|seized|freed|cleared|overran|overrun"
                 r"|took (?:full |complete )?control of|taken (?:full |complete )?control of|(?:re)?gained control of"
                 r"|(?:drove|driven|pushed|forced|expelled) " + DEFENDER_NAMES + r" (?:fighters )?out of"
                 r"|advanced as far as|reached and (?:secured|captured)|took|taken"),  # bare "took" last: "took control of" first
    ("entered", r"entered|pushed into|stormed|advanced into|moved into|broke into|breached|swept into"),
    ("encircled", r"encircled|surrounded|besieged|cut off"),
    ("contested", r"(?:fighting|clashes|battles) (?:raged )?(?:inside|in the streets of)"),
    ("withdrawn", r"withdrew from|retreated from|pulled out of|abandoned|fled"),
    ("uprising", r"rose up (?:against [^,.;]{1,40}? )?in"),
    ("lost", r"lost control of|lost"),
]
# Case-sensitive (verbs are lower case in running text, and "IS" must stay IS): also 2.6x faster.
VERB = re.compile(r"\b(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in VERBS) + r")\b")
MODAL = re.compile(r"\b(?:to|will|would|could|can|may|might|must|should|not|never|yet|failed to|plans? to|aims? to|"
                   r"trying to|tried to|attempt(?:ing|ed|s)? to|bid to|expected to|set to|poised to)\s+(?:\w+\s+){0,2}$", re.I)
# Case-sensitive: "IS seized" is the Islamic State, not a passive "is".
PASSIVE = re.compile(r"\b(?:was|were|has been|have been|had been|is|are|being)\s+(?:now\s+|fully\s+|largely\s+)*$")
FELL_TO = re.compile(r"\bfell to\b", re.I)
PLACE_NOUNS = (r"town|towns|village|villages|city|district|districts|area|suburb|neighbou?rhood|neighbou?rhoods|"
               r"base|airport|airbase|compound|hamlet|hill|hills|mountain|settlement|stronghold|municipality|quarter|"
               r"quarters|parts|sections")
# "entered the town" with no name: the place the paragraph last named.
BACK_REFERENCE = re.compile(r"^\s*the\s+(?:(?:nearby|same|small|whole)\s+)?(?P<noun>town|village|city|district|area)\b(?!\s+of\b)", re.I)
# Which gazetteer kinds "the town", "the village", ... can refer back to.
REFERABLE_KINDS = {"town": ("town", "village", "village/site"), "village": ("village", "village/site", "town"),
                   "city": ("city",), "district": ("neighbourhood", "town"), "area": ("village/area", "town", "village")}
REFERENCE_POINT = re.compile(r"(?:\b(?:of|from|near|toward|towards|outside|around)\s+)$", re.I)
FIRST_GAP = re.compile(rf"^\s*(?:(?:the|a|an)\s+)?(?:(?:[\w'’\-]+\s+){{0,3}}?(?:{PLACE_NOUNS})\s+of\s+|(?:nearby|strategic|key|neighbou?ring|northern|southern|eastern|western)\s+)?(?:the\s+)?$", re.I)
LIST_GAP = re.compile(rf"^\s*(?:,|,?\s*and|,?\s*as well as|,?\s*plus)\s*(?:(?:the\s+)?(?:(?:nearby|neighbou?ring)\s+)?(?:{PLACE_NOUNS})\s+of\s+)?$", re.I)
CLAUSE_END = re.compile(r"[.;:!?]|\s(?:but|while|whereas|although|after|before|when|as they|and said|who|which)\s|—|--", re.I)
AXIS_WORDS = re.compile(r"\b(north|east|south|west)(?:ern)?\s+(?:of|from)\s+(?:the city|{objective})|\bto the (north|east|south|west)\b|"
                        r"\bon the (north|east|south|west)(?:ern)? (?:axis|front|flank)\b", re.I)
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                     "hundred": 100, "a hundred": 100})
NUMBER = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
DISTANCE = re.compile(rf"\b(?P<n1>{NUMBER})\s*(?P<u1>kilometers|kilometres|km|miles|mi)\b(?:\s*\((?P<n2>{NUMBER})\s*(?P<u2>kilometers|kilometres|km|miles|mi)\))?", re.I)
CAPTION = re.compile(r"\((?:AP|AFP|Reuters|Getty)[^)]*Photo|Photo/|/\s*(?:Reuters|AFP|AP)\b|\bPhoto:\s", re.I)
TOKEN = re.compile(r"[\w’'\-]+", re.U)
DEFAULT_WINDOW_DAYS = 7
MAX_QUOTE = 4000  # a "sentence" longer than this is not one: the quote keeps its start
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class NewsExtractor(Extractor):
    extractor_id = "news"
    description = "English news reports: control verbs over gazetteer places and force aliases (rules, no model)"

    def __init__(self):
        self._indexes = {}

    def extract(self, article, lookups):
        source = CONTROL.sub(" ", article.text)  # control characters as spaces: same length, so offsets stay true
        published = dt.date.fromisoformat(article.published) if article.published else find_published(source)[0]
        index = self._index(lookups)
        found = []
        text = without_datelines(source)
        topics = []  # places that were the object of an event so far
        seen = Mentions(index)
        for para_start, para in paragraphs(text):
            caption = bool(CAPTION.search(para))
            photo_dates = full_dates(para) if caption else []
            photo_date = photo_dates[0][2] if photo_dates else None
            paragraph_sentences = []
            for sent_start, sentence in sentences(para):
                if VERB.search(sentence) is None:  # most sentences: no control verb, nothing to scan now
                    seen.add(sentence)
                    paragraph_sentences.append(sentence)
                    continue
                places, forces = index.places_in(sentence), index.forces_in(sentence)
                last_force = ParagraphForce(index, list(paragraph_sentences))
                for candidate, force in self._sentence(sentence, para_start + sent_start, places, forces, lookups,
                                                       published, caption, photo_date, last_force, topics, seen):
                    found.append(candidate)
                    topics.append(lookups.places[candidate.locality_id])
                seen.add(sentence, places)
                paragraph_sentences.append(sentence)
        for candidate in found:  # quote the article as written (datelines were blanked only for reading dates)
            while candidate.quote_start < candidate.quote_end and text[candidate.quote_start] in " \t-—–|":
                candidate.quote_start += 1
            candidate.quote_end = min(candidate.quote_end, candidate.quote_start + MAX_QUOTE)
            candidate.quote = source[candidate.quote_start:candidate.quote_end]
        return merge(found, lookups)

    # Mentions -------------------------------------------------------------

    def _index(self, lookups):
        key = id(lookups)
        if key not in self._indexes:
            self._indexes = {key: MentionIndex(lookups)}
        return self._indexes[key]

    def _sentence(self, sentence, offset, places, forces, lookups, published, caption, photo_date, last_force,
                  topics, seen):
        own_date = None
        for verb in VERB.finditer(sentence):
            status = next(name for name, _ in VERBS if verb.group(name))
            before = sentence[:verb.start()]
            if MODAL.search(before[-40:]):
                continue
            passive = bool(PASSIVE.search(before[-25:]))
            targets = (self._places_before(sentence, verb, places) if passive
                       else self._places_after(sentence, verb, places))
            referred = None
            if not targets and not passive and not places:
                back = BACK_REFERENCE.match(sentence[verb.end():])
                kinds = REFERABLE_KINDS[back["noun"].lower()] if back else ()
                # The place the article is about (an earlier event's object) first, else the last one named.
                referred = None
                if back:
                    referred = next((p for p in [*reversed(topics), *reversed(seen.places())] if p.kind in kinds), None)
                if referred is not None:
                    start = verb.end() + len(sentence[verb.end():]) - len(sentence[verb.end():].lstrip())
                    targets = [(referred, start, verb.end() + back.end())]
            if not targets:
                continue
            force, generic = self._force(sentence, verb, forces, passive, status, lookups, last_force)
            if force is None:
                continue
            if status in ("withdrawn", "lost"):
                # The subject gave the place up: it is now held by the other side.
                other = lookups.generic_force("defender" if force.side == "attacker" else "attacker")
                if other is None:
                    continue
                force, generic = other, True
            if status == "uprising":
                force = lookups.force("residents") or force
            if own_date is None:
                own_date = sentence_date(sentence, published) or ()
            for place, start, end in targets:
                dates = self._dates(own_date or None, published, caption, photo_date)
                confidence = 0.75 - 0.2 * generic - 0.1 * caption - 0.05 * passive + 0.1 * bool(own_date)
                distance = self._distance(sentence, end)
                text = place.name if place is referred else sentence[start:end]
                yield Candidate(
                    locality=text, force=force.name, status=status, quote=sentence.strip(),
                    date=dates[1], date_earliest=dates[0], date_precision=dates[2],
                    axis=self._axis(sentence, lookups), distance_km=distance[0], distance_reference=distance[1],
                    quote_start=offset + (len(sentence) - len(sentence.lstrip())),
                    quote_end=offset + len(sentence.rstrip()), confidence=round(min(0.95, confidence), 2),
                    note="photo caption" if caption else None, locality_id=place.id, force_id=force.id,
                ), force

    def _places_after(self, sentence, verb, places):
        clause_end = CLAUSE_END.search(sentence, verb.end())
        limit = clause_end.start() if clause_end else len(sentence)
        targets, anchor, first = [], verb.end(), True
        for place, start, end in places:
            if start < anchor or start >= limit:
                continue
            gap = sentence[anchor:start]
            if (first and FIRST_GAP.match(gap)) or (not first and LIST_GAP.match(gap)):
                targets.append((place, start, end))
                anchor, first = end, False
            elif not first:
                break
            else:
                return []
        return targets

    def _places_before(self, sentence, verb, places):
        # "a town north of Mosul that had been besieged": Mosul is a reference point, not the subject.
        preceding = [(p, s, e) for p, s, e in places if e <= verb.start() and not REFERENCE_POINT.search(sentence[:s])]
        if not preceding:
            return []
        place, start, end = preceding[-1]
        between = sentence[end:verb.start()]
        if CLAUSE_END.search(between) and not re.match(r"^\s*,[^,]{0,80},\s*", between):
            return []
        return [(place, start, end)]

    def _force(self, sentence, verb, forces, passive, status, lookups, last_force):
        """(Force, generic?) that holds or presses on the place after the event."""
        if passive:
            agent = re.match(r"\s*by\s+(?:the\s+)?", sentence[verb.end():])
            if agent:
                after = [f for s, e, f in forces if s >= verb.end() + agent.end() - 1 and s <= verb.end() + agent.end() + 2]
                if after:
                    return after[0], False
            return lookups.generic_force("attacker"), True
        before = [(s, e, f) for s, e, f in forces if e <= verb.start()]
        if before:
            return before[-1][2], before[-1][2].kind == "umbrella"
        if status == "uprising":
            return lookups.force("residents"), False
        if last_force.get() is not None:
            return last_force.get(), True
        return lookups.generic_force("attacker"), True

    def _dates(self, own_date, published, caption, photo_date):
        if own_date is not None:
            earliest, latest, precision = own_date
            if caption and photo_date and latest > photo_date:
                latest = photo_date
        elif caption and photo_date:
            earliest, latest, precision = photo_date - dt.timedelta(days=DEFAULT_WINDOW_DAYS), photo_date, "range"
        elif published:
            earliest, latest, precision = published - dt.timedelta(days=DEFAULT_WINDOW_DAYS), published, "range"
        else:
            return None, None, None
        if earliest == latest:
            precision = "day" if precision == "range" else precision
        return earliest.isoformat(), latest.isoformat(), precision

    @staticmethod
    def _distance(sentence, after):
        m = DISTANCE.search(sentence, after)
        if not m or m.start() - after > 60:
            return None, None

        def km(number, unit):
            value = float(number) if number[0].isdigit() else float(NUMBER_WORDS[number.lower()])
            return value * 1.609344 if unit.lower().startswith("mi") else value

        value = km(m["n1"], m["u1"])
        if m["n2"] and not m["u1"].lower().startswith("k"):
            value = km(m["n2"], m["u2"])
        tail = sentence[m.end():m.end() + 40].lower()
        reference = "outskirts" if "outskirts" in tail or "edge" in tail else "centre"
        return round(value, 1), reference

    @staticmethod
    def _axis(sentence, lookups):
        objective = re.escape(lookups.objective or "Mosul")
        pattern = re.compile(AXIS_WORDS.pattern.replace("{objective}", objective), re.I)
        m = pattern.search(sentence)
        if not m:
            return None
        return next(g for g in m.groups() if g).lower()


class Mentions:
    """Places named so far in an article; sentences without a control verb are scanned only if asked."""

    def __init__(self, index):
        self.index = index
        self.entries = []  # sentence text (not scanned yet) or a list of places

    def add(self, sentence, places=None):
        self.entries.append(sentence if places is None else [place for place, _, _ in places])

    def places(self):
        self.entries = [[p for p, _, _ in self.index.places_in(e)] if isinstance(e, str) else e for e in self.entries]
        return [place for entry in self.entries for place in entry]


class ParagraphForce:
    """The force named last in the paragraph's earlier sentences, looked up only when a sentence names none."""

    def __init__(self, index, sentences):
        self.index, self.sentences, self._force = index, sentences, False

    def get(self):
        if self._force is False:
            self._force = None
            for sentence in reversed(self.sentences):
                forces = self.index.forces_in(sentence)
                if forces:
                    self._force = forces[-1][2]
                    break
        return self._force


class MentionIndex:
    """Places and forces named in a text, longest spelling first, capitalised as names are."""

    MAX_WORDS = 6

    def __init__(self, lookups):
        self.lookups = lookups
        self.place_keys = {}
        for spelling, _ in lookups.spellings:
            self.place_keys.setdefault(fold(spelling), spelling)
        self.force_keys = {}
        for alias, _ in lookups.aliases:
            self.force_keys.setdefault(fold(alias), alias)
        # Longest key (in words) starting with each first word: most tokens start nothing and are skipped.
        self.place_starts = self._starts(self.place_keys)
        self.force_starts = self._starts(self.force_keys)

    @staticmethod
    def _starts(keys):
        starts = {}
        for key in keys:
            words = key.split()
            if words:
                starts[words[0]] = max(starts.get(words[0], 0), len(words))
        return starts

    def _scan(self, text, keys, resolve, exact_short, capitalised=False):
        starts = self.place_starts if keys is self.place_keys else self.force_starts
        tokens = list(TOKEN.finditer(text))
        folded = [fold(t.group()) for t in tokens]
        found, i = [], 0
        while i < len(tokens):
            if capitalised and not tokens[i].group()[:1].isupper():
                i += 1
                continue
            first = folded[i].split(" ", 1)[0] if folded[i] else ""
            longest = starts.get(first, 0)
            if not longest and folded[i].endswith("s"):
                longest = starts.get(first[:-1], 0)  # possessive: "Mosul's"
            if not longest:
                i += 1
                continue
            hit = None
            for n in range(min(longest + 1, self.MAX_WORDS, len(tokens) - i), 0, -1):
                start, end = tokens[i].start(), tokens[i + n - 1].end()
                raw = text[start:end].rstrip("'’")
                if raw.endswith(("'s", "’s")):
                    raw = raw[:-2]
                    end = start + len(raw)
                key = fold(raw)
                if key not in keys:
                    continue
                spelling = keys[key]
                if exact_short and len(spelling) <= 4 and raw != spelling:
                    continue  # "IS" must be written IS, not "is"
                resolved = resolve(raw)
                if resolved is not None:
                    hit = (start, end, resolved, n)
                    break
            if hit:
                found.append(hit[:3])
                i += hit[3]
            else:
                i += 1
        return found

    def places_in(self, text):
        def resolve(raw):
            if not raw[:1].isupper():
                return None
            return self.lookups.locality(raw)

        return [(place, start, end) for start, end, place in self._scan(text, self.place_keys, resolve, True, True)]

    def forces_in(self, text):
        return self._scan(text, self.force_keys, self.lookups.force, True)


DATELINE_TAIL = re.compile(r"\s*(?:[-—–|]|\d{1,2}:\d\d|$)", re.M)


def without_datelines(text, head=400):
    """Blank out the dateline's date(s) near the top, keeping offsets: a dateline dates the report, not the event."""
    chars = list(text)
    for start, end, _ in full_dates(text[:head]):
        updated = text[max(0, start - 8):start].lower().strip().endswith("updated")
        if updated or DATELINE_TAIL.match(text, end):
            chars[start:end] = " " * (end - start)
    return "".join(chars)


def paragraphs(text):
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        if m.group().strip():
            yield m.start(), m.group()


def sentences(paragraph):
    """Sentence spans; abbreviations like 'Oct.' and 'U.S.' do not end a sentence."""
    start = 0
    for m in re.finditer(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“(])", paragraph):
        before = paragraph[max(start, m.start() - 6):m.start() + 1]
        if re.search(r"\b(?:[A-Z][a-z]{0,3}|[A-Z]\.[A-Z]|Gen|Lt|Col|Maj|Capt|Sgt|St|Mr|Mrs|Ms|Dr|No|vs)\.$", before.strip()):
            continue
        yield start, paragraph[start:m.start() + 1]
        start = m.end()
    if paragraph[start:].strip():
        yield start, paragraph[start:]


def merge(candidates, lookups):
    """One candidate per (place, status, side): captions and repeats add dates and confidence, not events."""
    merged, order = {}, []
    for c in candidates:
        side = lookups.forces[c.force_id].side if c.force_id in lookups.forces else None
        key = (c.locality_id, c.status, side)
        if key not in merged:
            merged[key] = c
            order.append(key)
            continue
        kept = merged[key]
        if kept.note == "photo caption" and c.note != "photo caption":
            kept, c = c, kept  # the body's telling represents the event; the caption still narrows it
            merged[key] = kept
        _narrow_dates(kept, c)
        if lookups.forces.get(kept.force_id) and lookups.forces[kept.force_id].kind == "umbrella":
            if c.force_id in lookups.forces and lookups.forces[c.force_id].kind != "umbrella":
                kept.force, kept.force_id = c.force, c.force_id
        kept.axis = kept.axis or c.axis
        if kept.distance_km is None and c.distance_km is not None:
            kept.distance_km, kept.distance_reference = c.distance_km, c.distance_reference
        kept.confidence = round(min(0.95, max(kept.confidence, c.confidence) + 0.05), 2)
    return [merged[key] for key in order]


def _narrow_dates(kept, other):
    if not (kept.date and other.date):
        return
    earliest = max(kept.date_earliest, other.date_earliest)
    latest = min(kept.date, other.date)
    if earliest <= latest:
        kept.date_earliest, kept.date = earliest, latest
        kept.date_precision = "day" if earliest == latest else "range"


@hookimpl
def register_extractors(register):
    register(NewsExtractor())
