"""What a sentence names: places (the gazetteer's, and proper names the grammar may mark as places) and forces
(the database's, armed groups of any war, and forces named generically: "Ukrainian troops", "government forces")."""

import re
from dataclasses import dataclass

from ...model.names import fold
from .vocabulary import vocabulary

TOKEN = re.compile(r"[\w’'`\-]+", re.U)
PREFIX = r"(?:(?:[Aa]l|[Ee]l|[Aa][dnrstz]|[Aa]sh|[Aa]th)[-‐][`'’]?)?"
WORD = r"[A-Z][\w'’`]*(?:-[\w'’`]+)*"
PROPER = re.compile(rf"(?<![\w'’`\-]){PREFIX}{WORD}(?:\s(?:(?:al|el|bin|ibn|de|du|la|le|of)\s)?{PREFIX}{WORD})*")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    place: object = None  # the gazetteer's Place, or None for a name it does not know
    kind: str | None = None  # the noun the text gives it: "the village of X", "X district"


@dataclass
class ForceMention:
    start: int
    end: int
    text: str
    force: object = None  # the database's Force, or None
    name: str | None = None  # the force's name when the database does not know it
    country: str | None = None
    pronoun: bool = False


class Mentions:
    """Finds places and forces in sentences, with the lookups of one campaign (built once per Lookups)."""

    MAX_WORDS = 6

    def __init__(self, lookups):
        self.lookups = lookups
        self.words = vocabulary()
        self.place_keys = {}
        for spelling, _ in lookups.spellings:
            self.place_keys.setdefault(fold(spelling), spelling)
        self.force_keys = {}
        for alias, force_id in lookups.aliases:
            self.force_keys.setdefault(fold(alias), alias)
        self.named_forces = {}  # folded alias -> name, for armed groups the database does not know
        for name, aliases in self.words.force_names.items():
            for alias in [name, *aliases]:
                self.named_forces.setdefault(fold(alias), name)
        self.place_starts = _starts(self.place_keys)
        self.force_starts = _starts({**self.force_keys, **self.named_forces})
        self.generic = re.compile(
            r"(?:(?:the|its|their|his|her|our|joint|elite|US-backed|U\.S\.-backed|Kurdish-led|Russian-backed|"
            r"Turkish-backed|Iranian-backed|pro-government|government|federal|local|regime|rebel|opposition|allied|"
            r"paramilitary|special|security|armed|military|national|army's|Shi'ite|Shiite|Sunni|\d+(?:st|nd|rd|th)|"
            r"[A-Z][\w\-'’.]*)\s+){0,4}(?i:" + "|".join(re.escape(n) for n in self.words.force_nouns) + r")\b")
        self.pronouns = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(self.words.pronoun_forces, key=len, reverse=True)) + r")\b", re.I)
        demonyms = "|".join(re.escape(d) for d in sorted(self.words.demonyms, key=len, reverse=True))
        countries = "|".join(re.escape(c) for c in sorted(self.words.countries, key=len, reverse=True))
        self.leaders = re.compile(rf"\b(?:(?P<demonym>{demonyms})|(?P<country>{countries})['’]s)\s+(?:[Pp]resident|[Pp]rime [Mm]inister|"
                                  r"[Dd]efen[cs]e [Mm]inist(?:er|ry)|[Ll]eader|[Gg]eneral [Ss]taff|[Mm]inistry of [Dd]efen[cs]e)\b")
        self.countries = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in sorted(self.words.countries, key=len, reverse=True)) + r")\b")

    # Places ---------------------------------------------------------------

    def known_places(self, text) -> list:
        def resolve(raw):
            return self.lookups.locality(raw) if raw[:1].isupper() else None

        return [Mention(start, end, text[start:end], place) for start, end, place in
                self._scan(text, self.place_keys, self.place_starts, resolve, capitalised=True)]

    def places(self, text) -> list:
        """Known places, and proper names that are not forces, people (after a title or role), months,
        demonyms or regions; each with the noun the text gives it."""
        known = self.known_places(text)
        forces = self.forces(text, generic=False)
        found = []
        for m in PROPER.finditer(text):
            start, end, raw = m.start(), m.end(), m.group()
            if any(f.start < end and start < f.end for f in forces):
                continue
            for name, offset in self._trim(raw):
                mention = Mention(start + offset, start + offset + len(name), name)
                overlapping = [k for k in known if k.start < mention.end and mention.start < k.end]
                if overlapping and not (len(overlapping) == 1 and overlapping[0].start == mention.start
                                        and mention.end > overlapping[0].end):
                    continue  # the gazetteer's name stands; a longer name ("Yassin Taha") replaces its first word
                known = [k for k in known if k not in overlapping]
                if self.words.roles.search(text[max(0, mention.start - 40):mention.start]):
                    continue  # "Wagner head Yevgeny Prigozhin": a person
                found.append(mention)
        found = sorted(known + found, key=lambda mention: mention.start)
        for mention in found:
            mention.kind = self._kind(text, mention)
        return found

    def _kind(self, text, mention):
        before = self.words.place_prefix.search(text[max(0, mention.start - 60):mention.start])
        if before and text[max(0, mention.start - 60):mention.start].endswith(before.group()):
            words = before.group().lower().replace(" of ", " ").split()
            for size in (2, 1):
                noun = " ".join(words[-size:])
                if noun in self.words.place_nouns or noun in self.words.site_nouns:
                    return noun.rstrip("s") if noun.endswith(("ages", "towns", "hoods")) else noun
        after = re.match(r"\s+([a-z][\w\-]*)", text[mention.end:])
        if after and (after.group(1) in self.words.settlement_nouns or after.group(1) in self.words.site_nouns or
                      after.group(1) in self.words.region_nouns):
            return after.group(1)
        return mention.place.kind if mention.place is not None else None

    def _trim(self, raw):
        """A proper-noun run as place names: titles, demonyms and directions off both ends, possessives off,
        "City of" off; regions ("Kherson Oblast") and general names ("Iraq") are not places that change hands."""
        words = raw.split(" ")
        offset = 0
        while words and (words[0].rstrip("'’s") in self.words.not_names or words[0] in self.words.not_names):
            offset += len(words[0]) + 1
            words = words[1:]
        while words and words[-1] in self.words.not_names:
            words = words[:-1]
        if words and words[0].lower() in self.words.place_nouns and len(words) > 2 and words[1] == "of":
            offset += len(words[0]) + len(words[1]) + 2
            words = words[2:]
        name = " ".join(words)
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        if not name or name in self.words.not_names or name in self.words.general_places or len(name) < 3:
            return []
        if all(w in self.words.not_names for w in name.split()) or words[-1].lower() in self.words.region_nouns:
            return []
        return [(name, offset)]

    # Forces ---------------------------------------------------------------

    def forces(self, text, generic=True) -> list:
        """Forces named in the text: the database's aliases, armed groups of any war, and with generic=True
        forces named by nationality and kind, countries standing for their forces, and pronouns."""
        hits = [ForceMention(m.start(), m.end(), m.group(), pronoun=True) for m in self.pronouns.finditer(text)] if generic else []
        for start, end, force in self._scan(text, self.force_keys, self.force_starts, self.lookups.force, capitalised=False):
            word_before = re.search(r"([\w\-]+)\s+$", text[max(0, start - 25):start])
            if word_before and word_before.group(1) in self.words.demonyms and \
                    self.lookups.force(f"{word_before.group(1)} {text[start:end]}") is None:
                continue  # "Syrian government forces" are not the database's "government forces"
            if " " not in text[start:end] and text[start:end].islower():
                hits.append(ForceMention(start, end, text[start:end]))  # "army", "militants": which, the context says
            else:
                hits.append(ForceMention(start, end, text[start:end], force=force))
        for start, end, name in self._scan(text, self.named_forces, self.force_starts,
                                           lambda raw: self.named_forces.get(fold(raw)), capitalised=False):
            hits.append(ForceMention(start, end, text[start:end], name=name, country=self.words.force_countries.get(name)))
        found = []
        for hit in sorted(hits, key=lambda f: f.start - f.end):  # the longest name wins where names overlap
            if not any(f.start < hit.end and hit.start < f.end for f in found):
                found.append(hit)
        if generic:
            for m in self.leaders.finditer(text):  # "Russian President X", "Ukraine's defence ministry": a side
                if not any(f.start < m.end() and m.start() < f.end for f in found):
                    country = self.words.demonyms.get(m.group("demonym")) or m.group("country")
                    found.append(ForceMention(m.start(), m.end(), m.group(), country=country))
            for m in self.generic.finditer(text):
                if any(f.start < m.end() and m.start() < f.end for f in found):
                    continue
                found.append(self._generic(m.start(), m.end(), m.group()))
            for m in self.countries.finditer(text):
                if not any(f.start < m.end() and m.start() < f.end for f in found):
                    found.append(ForceMention(m.start(), m.end(), m.group(), country=m.group()))
        return sorted(found, key=lambda f: f.start)

    def _generic(self, start, end, text):
        """'Iraqi troops' is the database's if it knows that alias, or its side's umbrella force for that nation."""
        words = text.split()
        while words and words[0].lower() in ("the", "its", "their", "his", "her", "our"):
            start += len(words[0]) + 1
            words = words[1:]
        phrase = " ".join(words)
        demonym = next((w for w in words if w in self.words.demonyms), None)
        bare = len(words) == 1  # "army", "troops": which one, the context says
        force = None if bare else self.lookups.force(phrase)
        if force is None and not bare:
            for size in range(len(words) - 1, 0, -1):  # "PMU forces" -> PMU; never drop the nation ("Syrian ...")
                for at in range(0, len(words) - size + 1):
                    part = words[at:at + size]
                    if demonym and demonym not in part or (size == 1 and part[0].lower() in self.words.force_nouns):
                        continue
                    force = self.lookups.force(" ".join(part))
                    if force:
                        break
                if force:
                    break
        return ForceMention(start, end, phrase, force=force, country=self.words.demonyms.get(demonym),
                            name=None if force else self.named_forces.get(fold(phrase)))

    # Scanning -------------------------------------------------------------

    def _scan(self, text, keys, starts, resolve, capitalised=False):
        tokens = list(TOKEN.finditer(text))
        folded = [fold(t.group()) for t in tokens]
        found, i = [], 0
        while i < len(tokens):
            if capitalised and not tokens[i].group()[:1].isupper() and not tokens[i].group()[:3].lower() in ("al-", "el-"):
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
                if len(spelling) <= 4 and raw != spelling and not (raw.isupper() and spelling.isupper()):
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


def _starts(keys):
    """Longest key (in words) starting with each first word: most tokens start nothing and are skipped."""
    starts = {}
    for key in keys:
        words = key.split()
        if words:
            starts[words[0]] = max(starts.get(words[0], 0), len(words))
    return starts
