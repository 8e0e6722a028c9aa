"""Reading the places a control word governs: its objects, a passive verb's subject, lists of places,
"the village of X", "half of X", "the town" (a back-reference), a site inside a place."""

import re

from .grammar_words import (ADVERBIAL, CLAUSE_START, COUNT_LIST, PASSIVE_AUX, RELATIVE, SITE_IN, SKIP, SPEECH_AFTER, W,
                            Target, clause_end, noun_in, skip_dates, last_place_start)


# "and", "now", "By Wednesday" before a subject
LEADING_WORDS = re.compile(r"\s*(?:(?:and|also|then|now|so)\s+)?(?:(?:by|on|as of|since)\s+(?:late\s+|early\s+)?"
                           r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*,?\s*)?", re.I)


# "X, a town 15 km south of the city, was captured": a phrase set off by commas between subject and verb
APPOSITIVE = re.compile(r"\s*,\s*(?:a|an|the|about|some|around|roughly|just|only|\d)[^,;:()]{0,90},\s*")

PRONOUN_OBJECT = re.compile(r"(?:it|them)\b")
LOWER_WORDS_AFTER = re.compile(r"\s+([a-z][\w\-]*(?:\s+[a-z][\w\-]*)?)")
QUARTER_AFTER = re.compile(r"\s+(neighbou?rhood|district|quarter|area)\b")
PARENTHESIS = re.compile(r"\s*\([^)]{0,80}\)")
DISTANCE_PHRASE = re.compile(r"\s*,?\s*(?:(?:about|some|around|nearly|roughly|just)\s+)?(?:\d+(?:\.\d+)?|[a-z]+)\s*"
                             r"(?:km|kilometers|kilometres|miles)\s+")
LOCATING_PHRASE = re.compile(
    r"\s*,?\s*(?:(?:north|south|east|west|north-east|north-west|south-east|south-west|northeast|"
    r"northwest|southeast|southwest)(?:ern)?\s+of|in|near|outside|on the outskirts of|overlooking|close to|"
    r"inside|within|beyond|from|of|at|on|to the (?:north|south|east|west)(?:east|west)? of)\s+", re.I)
LOCATING_STOP = re.compile(r",|\s(?:and|as well as|including|in addition to|along with)\s|;|:")


class PlaceReader:
    # Objects and subjects ---------------------------------------------------

    def objects(self, sentence, pos, places, topics, back_references=True, lists=True) -> list:
        """The places a verb governs, read after it: one, or a list ("A, B and the town of C")."""
        limit = clause_end(sentence, pos)
        pos = ADVERBIAL.match(sentence, pos).end()
        pos = skip_dates(sentence, pos, limit)
        targets, first, strong_list = [], True, False
        while pos < limit:
            count = COUNT_LIST.match(sentence, pos)
            if count:
                pos, strong_list = count.end(), True
            item, after = self.item(sentence, pos, places, topics, back_references, list_item=not first or strong_list)
            if item is None and first and not lists:
                break
            if item is not None and item is not SKIP:
                targets.append(item)
            pos = self._skip_modifiers(sentence, after if item is not None else pos, limit)
            joined = W.joiner.match(sentence, pos)
            if not lists or not joined or joined.end() >= limit:
                if item is None:
                    # A phrase that is not a place ("several settlements on the way to X"): only a strong joiner
                    # ("including", "in addition to", "as well as") carries the list on past it.
                    strong = re.compile(r"[^;]*?(?:,\s*(?:including|in addition to|as well as|along with)|:)\s*").match(sentence, pos)
                    if strong and strong.end() < limit:
                        pos, first = strong.end(), False
                        continue
                break
            if item is None and not joined.group().strip().startswith((",", ":")):
                break
            pos, first = joined.end(), False
        return targets

    def subjects(self, sentence, verb_at, places, topics, reduced=False) -> list:
        """The places a passive verb (or a state: 'is under the control of') is about: its subject."""
        aux = PASSIVE_AUX.search(sentence[:verb_at][-60:])
        end = verb_at - (len(aux.group()) if aux else 0)
        head = sentence[:end].rstrip()
        if reduced:
            head = head.rstrip(",").rstrip()
            start = last_place_start(head, places)
            if start is None:
                return []
            found = self.objects(head, start, places, topics)
            return [t for t in found if t.end >= len(head) - 2][-1:]
        relative = RELATIVE.search(head + ",") if head.endswith(",") else RELATIVE.search(head)
        if relative:
            head = head[:relative.start()]
        bounds = [m.end() for m in CLAUSE_START.finditer(head)]
        first = max(bounds) if bounds else 0
        # The subject is the shortest stretch before the verb that reads as places: try each clause or comma
        # boundary, nearest first ("As per X's statement, the villages of A and B were captured").
        starts = sorted({first, *(m.end() for m in re.finditer(r",\s*", head) if m.end() > first)}, reverse=True)
        for start in starts:
            m = LEADING_WORDS.match(head, start)
            found = self.objects(head, m.end(), places, topics)
            if not found:
                continue
            raw_tail = head[found[-1].end:]
            tail = raw_tail.strip(" ,")
            if not tail or APPOSITIVE.fullmatch(raw_tail) or re.fullmatch(r"(?:(?:[\w\-]+\s+){0,2}(?:village|villages|town|city|district|area|settlements?)|"
                                        r"for today|too|also|all|both|[\w\s\-]{0,25}(?:oblast|region|province|governorate)|"
                                        r"(?:in|near|of|west of|east of|north of|south of)\s+[\w\s\-'’]{1,40}|\([^)]*\))",
                                        tail, re.I):
                return found
        return []

    def item(self, sentence, pos, places, topics, back_references=True, list_item=False):
        """One place at pos, with whatever introduces it ("the village of", "half of"); (Target | SKIP | None, end)."""
        status = None
        partial = W.partial_contested.match(sentence, pos)
        if partial:
            status, pos = "contested", partial.end()
        else:
            whole = W.partial_captured.match(sentence, pos)
            if whole and not re.match(r"\s*(?:the\s+)?(?:[a-z]+\s+)*(?:villages|towns|settlements|cities|areas)", sentence[whole.end():]):
                pos = whole.end()
        part = W.part_of.match(sentence, pos)
        if part:
            pos = part.end()
        kind = None
        prefix = W.place_prefix.match(sentence, pos)
        if prefix and re.search(r"\bof\s*$", prefix.group()):
            kind = noun_in(prefix.group())
            pos = prefix.end()
        else:
            determiner = W.determiner.match(sentence, pos)
            if determiner:
                site = SITE_IN.match(sentence, determiner.end())
                if site:
                    return self._site_in(sentence, site, places, status)
                if not W.back_reference.match(sentence, pos):
                    pos = determiner.end()
        while pos < len(sentence) and sentence[pos] in "“\"‘'(":
            pos += 1
        mention = next((p for p in places if p.start == pos), None)
        if mention is None:
            reference = W.back_reference.match(sentence, pos) if back_references else None
            if reference:
                target = topics.find(reference.group("noun"), before=pos, places=places)
                if target is None:
                    return None, pos
                return Target(target.name, target.place, pos, reference.end(), target.kind, status), reference.end()
            pronoun = PRONOUN_OBJECT.match(sentence, pos) if back_references else None
            if pronoun:
                target = topics.find(None, before=pos, places=places)
                if target is not None:
                    return Target(target.name, target.place, pos, pronoun.end(), target.kind, status), pronoun.end()
            return None, pos
        if mention.place is None and SPEECH_AFTER.match(sentence, mention.end) and not kind:
            return None, pos  # "..., President X said": a person, not a place
        name, end = mention.text, mention.end
        suffix = LOWER_WORDS_AFTER.match(sentence, end)
        if suffix:
            words = suffix.group(1)
            noun = next((n for n in (words, words.split()[0]) if n in W.site_nouns or n in W.settlement_nouns or n in W.minor_sites), None)
            if noun in W.minor_sites and noun not in W.site_nouns:
                return SKIP, suffix.end()  # "the College of Agriculture building": too fine to be a place
            if noun in W.site_nouns:
                name, end = f"{name} {noun}", end + 1 + len(noun)
                kind = noun
            elif noun:
                kind, end = kind or noun.rstrip("s"), end + 1 + len(noun)
        if part:
            return SKIP, end
        kind = kind or (mention.place.kind if mention.place is not None else None)
        return Target(name, mention.place if name == mention.text else None, mention.start, end, kind, status), end

    def _site_in(self, sentence, site, places, status):
        """"the government compound in the centre of Fallujah" -> Fallujah government compound (taken);
        "the hospital building in the al-Salam neighbourhood" -> al-Salam (entered)."""
        pos = site.end()
        mention = next((p for p in places if p.start == pos), None)
        if mention is None:
            return None, pos
        after = QUARTER_AFTER.match(sentence, mention.end)
        noun = site.group("site").split()[-1]
        if after or noun in W.minor_sites:
            end = after.end() if after else mention.end
            return Target(mention.text, mention.place, mention.start, end, "neighbourhood", "entered"), end
        return Target(f"{mention.text} {site.group('site')}", None, site.start(), mention.end, noun, status), mention.end

    def _skip_modifiers(self, sentence, pos, limit):
        """Past what follows a place and is not the next one: "in Kharkiv Oblast", "west of X", "from IS", dates."""
        while pos < limit:
            start = pos
            pos = skip_dates(sentence, pos, limit)
            m = PARENTHESIS.match(sentence, pos)
            if m:
                pos = m.end()
            m = DISTANCE_PHRASE.match(sentence, pos)
            if m:
                pos = m.end()
            m = LOCATING_PHRASE.match(sentence, pos)
            if m:
                nxt = LOCATING_STOP.search(sentence, m.end())
                pos = min(nxt.start() if nxt else limit, limit)
            if pos == start:
                break
        return pos

    def _place_in(self, sentence, start, end, places):
        inside = [p for p in places if start <= p.start and p.end <= end + 1]
        if not inside:
            return None
        mention = inside[-1]
        return Target(mention.text, mention.place, mention.start, mention.end,
                      mention.place.kind if mention.place is not None else None)
