"""The grammar of control changes in English news: which words say a place changed hands, which places they
govern and which force acted.

A sentence yields Events: a status, the places it applies to (objects of an active verb, the subject of a
passive one, a list, a back-reference such as "the town") and the force (the subject, the agent after "by",
or one named earlier). Intentions, forecasts, approaches, rumours and conditions yield nothing.
"""

import re

from .grammar_words import (BY_AGENT, CLAUSE_START, CONDITION_BEFORE, DETERMINER_BEFORE, FUTURE_AFTER, PASSIVE_AUX, PLANNED_NOMINAL,
                            PROGRESSIVE_AUX, RELATIVE_PRONOUN, W, Event, Target, after_preposition, is_bare)
from .phrases import PlaceReader

WORDS = re.compile(r"[a-z]+")


class Grammar(PlaceReader):
    """Reads one sentence at a time; `topics` answers back-references ("the town") from what came before."""

    def __init__(self, mentions):
        self.mentions = mentions

    def matches(self, sentence) -> list:
        """(kind, match) for every word or phrase in the sentence that may tell a control change: cheap, so
        that places and forces are only looked for in sentences that have one. Each pattern runs only where
        its key word is present."""
        lower = sentence.lower()
        if W.trigger_words.isdisjoint(WORDS.findall(lower)) or W.rumour.search(sentence):
            return []
        text = sentence[:1].lower() + sentence[1:]  # "Fighting was ongoing in ..." at a sentence start
        found = [("verb", m) for m in W.verb.finditer(sentence)]
        if "ing" in lower:
            found += [("progressive", m) for m in W.progressive.finditer(sentence)]
        if "control" in lower or "now " in lower:
            conditional = bool(W.conditional.search(sentence))
            if not conditional:
                found += [("state_before", m) for m in W.state_before.finditer(sentence)]
                found += [("state_after", m) for m in W.state_after.finditer(sentence)]
        if any(word in lower for word in ("drove", "driven", "pushed", "forced", "expelled", "ousted", "chased", "flushed")):
            found += [("drive_out", m) for m in W.drive_out.finditer(sentence)]
        if "flag" in lower:
            found += [("flag", m) for m in W.flag.finditer(sentence)]
        if any(word in lower for word in ("fight", "battl", "clash")):
            found += [("fighting", m) for pattern in (W.fighting, W.forces_fighting_in) for m in pattern.finditer(text)]
            found += [("fighting_after", m) for pattern in W.fighting_after for m in pattern.finditer(text)]
        if any(word in lower for word in ("capture", "seizure", "liberation", "fall of")):
            found += [("nominal", m) for m in W.nominal.finditer(sentence)]
        return found

    def events(self, sentence, matches, places, forces, topics) -> list:
        found = []
        for kind, m in matches:
            event = getattr(self, f"_{kind}")(sentence, m, places, forces, topics)
            if event:
                found.append(event)
        return found

    def _verb(self, sentence, m, places, forces, topics):
        return self._control_verb(sentence, m, next(s for s in W.statuses if m.group(s)), places, forces, topics)

    def _progressive(self, sentence, m, places, forces, topics):
        if PROGRESSIVE_AUX.search(sentence[:m.start()]) and not self._modal(sentence, m.start()):
            targets = self.objects(sentence, m.end(), places, topics)
            if targets:
                return Event("entered", targets, self.subject(sentence, m.start(), forces), m.start(), "verb")
        return None

    def _state_before(self, sentence, m, places, forces, topics):
        if self._modal(sentence, m.start()) or W.continuity.search(sentence[max(0, m.start() - 12):m.start()]):
            return None
        targets = self.objects(sentence, m.end(), places, topics)
        return Event("captured", targets, self.subject(sentence, m.start(), forces), m.start(), "state") if targets else None

    def _state_after(self, sentence, m, places, forces, topics):
        targets = self.subjects(sentence, m.start(), places, topics)
        force = self.force_at(sentence, m.end(), forces) or self._force_inside(m, forces)
        return Event("captured", targets, force, m.start(), "state") if targets else None

    def _drive_out(self, sentence, m, places, forces, topics):
        if m.group("who").strip().lower().startswith("to ") or self._modal(sentence, m.start()):
            return None
        targets = self.objects(sentence, m.end(), places, topics)
        return Event("captured", targets, self.subject(sentence, m.start(), forces), m.start(), "verb") if targets else None

    def _flag(self, sentence, m, places, forces, topics):
        if self._modal(sentence, m.start()):
            return None
        targets = self.objects(sentence, m.end(), places, topics, back_references=False)
        return Event("captured", targets, self.subject(sentence, m.start(), forces), m.start(), "flag") if targets else None

    def _fighting(self, sentence, m, places, forces, topics):
        if self._modal(sentence, m.start()):
            return None
        targets = self.objects(sentence, m.end(), places, topics, back_references=False, lists=False)
        if not targets:
            return None
        force = self.subject(sentence, m.start(), forces) if re.match(r"(?:are|were|is|was|remain)", m.group(), re.I) else None
        return Event("contested", targets, force, m.start(), "fighting")

    def _fighting_after(self, sentence, m, places, forces, topics):
        target = self._place_in(sentence, m.start("place"), m.end("place"), places)
        if target is None:  # "fighting for the town was continuing"
            reference = W.back_reference.fullmatch(m.group("place").strip())
            found = topics.find(reference.group("noun"), m.start("place"), places) if reference else None
            target = Target(found.name, found.place, m.start("place"), m.end("place"), found.kind) if found else None
        return Event("contested", [target], None, m.start(), "fighting") if target else None

    def _nominal(self, sentence, m, places, forces, topics):
        before = sentence[:m.start()]
        if PLANNED_NOMINAL.search(before) or self._modal(sentence, m.start()) or FUTURE_AFTER.search(sentence[m.end():]):
            return None
        targets = self.objects(sentence, m.end(), places, topics)
        return Event("captured", targets, self.possessor(sentence, m.start(), forces), m.start(), "nominal") if targets else None

    # Verbs ----------------------------------------------------------------

    def _control_verb(self, sentence, m, status, places, forces, topics):
        if self._modal(sentence, m.start()):
            return None
        before = sentence[:m.start()]
        if DETERMINER_BEFORE.search(before[-8:]):
            return None  # "during the push into the city": a noun, not a verb
        if CONDITION_BEFORE.search(before):
            return None  # "if the army enters X, ..."
        passive = bool(PASSIVE_AUX.search(before[-60:]))
        reduced = not passive and before.rstrip().endswith(",") and BY_AGENT.match(sentence, m.end())
        gives_up = status in ("withdrawn", "lost")
        if passive or reduced:
            if gives_up:
                return None  # "was abandoned", "were left": who gave it up is unclear
            targets = self.subjects(sentence, m.start(), places, topics, reduced=bool(reduced))
            agent = BY_AGENT.match(sentence, m.end())
            force = self.force_at(sentence, agent.end(), forces) if agent else None
            return Event(status, targets, force, m.start(), "passive") if targets else None
        # Site in a neighbourhood: taking a building there is entering the neighbourhood.
        site = W.site_in_neighbourhood.search(sentence[:m.end() + 80]) if status == "captured" else None
        targets = self.objects(sentence, m.end(), places, topics)
        if not targets:
            return None
        force = self.subject(sentence, m.start(), forces)
        if gives_up and (force is None or (force.pronoun and force.text.lower() in ("it", "we"))):
            return None  # "families fled", "it left": only a force gives up ground
        if status == "uprising":
            force = self.subject(sentence, m.start(), forces) or force
        return Event(status, targets, force, m.start(), "verb", gives_up=gives_up,
                     notes=["a site in the place was taken"] if site else [])

    def _modal(self, sentence, at) -> bool:
        before = sentence[max(0, at - 45):at]
        if W.modal_last_words.isdisjoint(before.lower().split()[-3:]):
            return False  # no modal phrase ends in the last three words: the common case, decided cheaply
        return bool(W.modal.search(before))

    # Forces ---------------------------------------------------------------

    def subject(self, sentence, verb_at, forces):
        """The force that acts: the first named in the verb's clause (a pronoun: the one named before it in the
        sentence; "soldiers from the 9th Division": the division), else the nearest earlier one."""
        start, skipped = self.clause_of(sentence, verb_at)
        inside = [f for f in forces if start <= f.start and f.end <= verb_at and not after_preposition(sentence, f.start)
                  and not skipped[0] <= f.start < skipped[1]]
        earlier = [f for f in forces if f.end <= start and not f.pronoun]
        if inside:
            first = inside[0]
            if first.pronoun:
                return earlier[-1] if earlier else first
            if is_bare(first):
                specific = next((f for f in forces if first.end < f.start < verb_at and not f.pronoun and not is_bare(f)
                                 and re.match(r"\s+(?:from|of)\s+(?:the\s+)?$", sentence[first.end:f.start])), None)
                return specific or first
            return first
        return earlier[-1] if earlier else None

    @staticmethod
    def clause_of(sentence, verb_at):
        """(start of the verb's clause, (start, end) of a closed relative clause inside it to pass over)."""
        clauses = list(CLAUSE_START.finditer(sentence[:verb_at]))
        start = clauses[-1].end() if clauses else 0
        if clauses and RELATIVE_PRONOUN.fullmatch(clauses[-1].group()) and re.search(r",\s*$", sentence[:verb_at]):
            # "fighters, a community which ISIS had targeted, enter the town": the relative clause is closed
            return (clauses[-2].end() if len(clauses) > 1 else 0), (clauses[-1].start(), verb_at)
        return start, (0, 0)

    def force_at(self, sentence, pos, forces):
        return next((f for f in forces if pos <= f.start <= pos + 12), None)

    def possessor(self, sentence, at, forces):
        """"his army's capture of X", "Ukraine's withdrawal": the force just before the noun; for "his army",
        the side named earlier in the sentence ("Russian President X ... his army's")."""
        found = next((f for f in reversed(forces) if f.end <= at and at - f.end <= 12), None)
        if found is not None and (found.pronoun or is_bare(found)):
            earlier = [f for f in forces if f.end <= found.start and not f.pronoun and not is_bare(f)]
            return earlier[-1] if earlier else found
        return found

    def _force_inside(self, match, forces):
        return next((f for f in forces if match.start() <= f.start and f.end <= match.end()), None)
