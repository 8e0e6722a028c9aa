"""What a sentence names: places (the gazetteer's, and proper names the grammar may mark as places) and forces
(the database's, armed groups of any war, and forces named generically: "Ukrainian troops", "government forces")."""

import re
from dataclasses import dataclass

from ...model.names import fold
from .vocabulary import vocabulary

TOKEN = re.compile(r"[\w’'`\-]+", re.U)
PREFIX = r"(?:(?:[Aa]l|[Ee]l|[Aa][dnrstz]|[Ee][dnrstz]|[Aa]sh|[Aa]th)[-‐][`'’]?)?"  # al-, as-, ez- ...
WORD = r"[A-Z][\w'’`]*(?:-[\w'’`]+)*"
PROPER = re.compile(rf"(?<![\w'’`\-]){PREFIX}{WORD}(?:\s(?:(?:al|el|bin|ibn|de|du|la|le|of)\s)?{PREFIX}{WORD})*")

WORD_BEFORE = re.compile(r"([\w\-]+)\s+$")
LOWER_WORD_AFTER = re.compile(r"\s+([a-z][\w\-]*)")


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
        self.role_words = [r.rstrip(".") for r in self.words.data["roles"]]
        self.place_starts = _starts(self.place_keys)
        self.force_starts = _starts({**self.force_keys, **self.named_forces})
        # A force named generically: a force noun, then the words before it that qualify it (read back from it,
        # since most positions in a sentence start no force and a forward pattern would try them all).
        self.force_noun = re.compile(r"\b(?i:" + "|".join(re.escape(n) for n in self.words.force_nouns) + r")\b")
        self.qualifier = re.compile(
            r"the|its|their|his|her|our|joint|elite|US-backed|U\.S\.-backed|Kurdish-led|Russian-backed|"
            r"Turkish-backed|Iranian-backed|pro-government|government|federal|local|regime|rebel|opposition|allied|"
            r"paramilitary|special|security|armed|military|national|army's|Shi'ite|Shiite|Sunni|\d+(?:st|nd|rd|th)|"
            r"[A-Z][\w\-'’.]*")
        self.pronouns = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(self.words.pronoun_forces, key=len, reverse=True)) + r")\b", re.I)
        demonyms = "|".join(re.escape(d) for d in sorted(self.words.demonyms, key=len, reverse=True))
        countries = "|".join(re.escape(c) for c in sorted(self.words.countries, key=len, reverse=True))
        self.leaders = re.compile(rf"\b(?:(?P<demonym>{demonyms})|(?P<country>{countries})['’]s)\s+(?:[Pp]resident|[Pp]rime [Mm]inister|"
                                  r"[Dd]efen[cs]e [Mm]inist(?:er|ry)|[Ll]eader|[Gg]eneral [Ss]taff|[Mm]inistry of [Dd]efen[cs]e)\b")
        self.countries = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in sorted(self.words.countries, key=len, reverse=True)) + r")\b")

    # Places ---------------------------------------------------------------

    def known_places(self, text, tokens=None) -> list:
        def resolve(raw):
            return self.lookups.locality(raw) if raw[:1].isupper() else None

        return [Mention(start, end, text[start:end], place) for start, end, place in
                self._scan(text, self.place_keys, self.place_starts, resolve, capitalised=True, tokens=tokens)]

    def places(self, text, forces=None, tokens=None) -> list:
        """Known places, and proper names that are not forces, people (after a title or role), months,
        demonyms or regions; each with the noun the text gives it."""
        tokens = tokens or self.tokens(text)
        known = self.known_places(text, tokens)
        forces = self.forces(text, generic=False, tokens=tokens) if forces is None else forces
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
                window = text[max(0, mention.start - 40):mention.start]
                if ("." in window or any(role in window for role in self.role_words)) and self.words.roles.search(window):
                    continue  # "Wagner head Yevgeny Prigozhin": a person
                found.append(mention)
        found = sorted(known + found, key=lambda mention: mention.start)
        for mention in found:
            mention.kind = self._kind(text, mention)
        return found

    def _kind(self, text, mention):
        words = text[max(0, mention.start - 40):mention.start].lower().split()
        if len(words) >= 2 and words[-1] == "of":  # "the village of X"
            for size in (2, 1):
                noun = " ".join(words[-1 - size:-1])
                if noun in self.words.place_nouns or noun in self.words.site_nouns:
                    return noun.rstrip("s") if noun.endswith(("ages", "towns", "hoods")) else noun
        after = LOWER_WORD_AFTER.match(text, mention.end)
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

    def forces(self, text, generic=True, tokens=None) -> list:
        """Forces named in the text: the database's aliases, armed groups of any war, and with generic=True
        forces named by nationality and kind, countries standing for their forces, and pronouns."""
        hits = [ForceMention(m.start(), m.end(), m.group(), pronoun=True) for m in self.pronouns.finditer(text)] if generic else []
        tokens = tokens or self.tokens(text)
        for start, end, force in self._scan(text, self.force_keys, self.force_starts, self.lookups.force, capitalised=False,
                                            tokens=tokens):
            word_before = WORD_BEFORE.search(text, max(0, start - 25), start)
            if word_before and word_before.group(1) in self.words.demonyms and \
                    self.lookups.force(f"{word_before.group(1)} {text[start:end]}") is None:
                continue  # "Syrian government forces" are not the database's "government forces"
            if " " not in text[start:end] and text[start:end].islower():
                hits.append(ForceMention(start, end, text[start:end]))  # "army", "militants": which, the context says
            else:
                hits.append(ForceMention(start, end, text[start:end], force=force))
        for start, end, name in self._scan(text, self.named_forces, self.force_starts,
                                           lambda raw: self.named_forces.get(fold(raw)), capitalised=False, tokens=tokens):
            hits.append(ForceMention(start, end, text[start:end], name=name, country=self.words.force_countries.get(name)))
        found = []
        for hit in sorted(hits, key=lambda f: f.start - f.end):  # the longest name wins where names overlap
            if not any(f.start < hit.end and hit.start < f.end for f in found):
                found.append(hit)
        if generic:
            leaders = self.leaders.finditer(text) if any(w in text for w in ("resident", "inist", "eader", "taff")) else ()
            for m in leaders:  # "Russian President X", "Ukraine's defence ministry": a side
                if not any(f.start < m.end() and m.start() < f.end for f in found):
                    country = self.words.demonyms.get(m.group("demonym")) or m.group("country")
                    found.append(ForceMention(m.start(), m.end(), m.group(), country=country))
            for m in self.force_noun.finditer(text):
                start = m.start()
                for _ in range(4):  # up to four qualifying words before the noun, read backwards
                    space = text.rfind(" ", 0, start - 1)
                    word = text[space + 1:start - 1]
                    if start < 2 or text[start - 1] != " " or not word or not self.qualifier.fullmatch(word):
                        break
                    start = space + 1
                if any(f.start < m.end() and start < f.end for f in found):
                    if any(f.start < m.end() and m.start() < f.end for f in found):
                        continue
                    start = m.start()
                found.append(self._generic(start, m.end(), text[start:m.end()]))
            for token in tokens[0]:  # countries named alone stand for their forces
                word = token.group()
                if word in self.words.countries and not any(f.start < token.end() and token.start() < f.end for f in found):
                    found.append(ForceMention(token.start(), token.end(), word, country=word))
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

    @staticmethod
    def tokens(text):
        """Tokens, their folded keys and first words, once per sentence for every scan."""
        tokens = list(TOKEN.finditer(text))
        folded = [fold(t.group()) for t in tokens]
        return tokens, folded, [f.split(" ", 1)[0] for f in folded]

    def _scan(self, text, keys, starts, resolve, capitalised=False, tokens=None):
        """Longest names from `keys` (folded) in the text, token by token; `resolve` turns a hit into its value."""
        tokens, folded, firsts = tokens or self.tokens(text)
        count = len(tokens)
        # Most tokens start no name: find the few that may, then try the longest name at each.
        maybe = [i for i, first in enumerate(firsts)
                 if first in starts or (first.endswith("s") and first[:-1] in starts)]  # "Mosul's"
        found, free = [], 0
        for i in maybe:
            if i < free:
                continue
            word = tokens[i].group()
            if capitalised and not word[:1].isupper() and word[:3].lower() not in ("al-", "el-"):
                continue
            first = firsts[i]
            longest = starts.get(first, 0) or starts.get(first[:-1], 0)
            for n in range(min(longest + 1, self.MAX_WORDS, count - i), 0, -1):
                key = " ".join(folded[i:i + n])
                last = tokens[i + n - 1]
                possessive = last.group().endswith(("'s", "’s"))
                if possessive:
                    key = key[:-1]
                if key not in keys:
                    continue
                start, end = tokens[i].start(), last.end() - (2 if possessive else 0)
                raw = text[start:end]
                spelling = keys[key]
                if len(spelling) <= 4 and raw != spelling and not (raw.isupper() and spelling.isupper()):
                    continue  # "IS" must be written IS, not "is"
                resolved = resolve(raw)
                if resolved is not None:
                    found.append((start, end, resolved))
                    free = i + n
                    break
        return found


def _starts(keys):
    """Longest key (in words) starting with each first word: most tokens start nothing and are skipped."""
    starts = {}
    for key in keys:
        words = key.split()
        if words:
            starts[words[0]] = max(starts.get(words[0], 0), len(words))
    return starts
