"""An article's text as the extractor reads it: paragraphs, sentences, datelines and photo captions."""

import re

from ..textdates import full_dates
from .vocabulary import vocabulary

W = vocabulary()
CAPTION = re.compile(r"\((?:" + "|".join(re.escape(a) for a in W.agencies) + r")[^)]*Photo|Photo/|/\s*(?:Reuters|AFP|AP)\b|"
                     r"\bPhoto:\s|\bAFP PHOTO\b|\bHANDOUT\b|\bscreen grab\b", re.I)
DATELINE_TAIL = re.compile(r"\s*(?:[-—–|]|\d{1,2}:\d\d|$)", re.M)  # "24 Feb 2017:" heads a timeline entry
ENGLISH = {"the", "of", "and", "to", "in", "a", "is", "was", "that", "for", "on", "with", "by", "as", "said", "were",
           "from", "it", "had", "have", "has", "are", "after", "its", "their", "at"}
WORD = re.compile(r"[^\W\d_]+", re.U)


def english_share(text) -> float:
    """The share of common English words among the first 400 words (a text in another language has almost none);
    1.0 for a text too short to tell (under 20 words)."""
    words = WORD.findall(text[:2500].lower())[:400]
    if len(words) < 20:
        return 1.0
    return sum(w in ENGLISH for w in words) / len(words)


SHORT_DATELINE = re.compile(r"^\s*(?:[A-Z][\w.'’\-]*\s*){1,3},\s+((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
                            r"[a-z]*\.?\s+\d{1,2})\s*[:\-—–]")


def without_datelines(text, head=400):
    """Blank out the dateline's date(s) near the top, keeping offsets: a dateline dates the report, not the event."""
    chars = list(text)
    short = SHORT_DATELINE.match(text)  # "New York, March 03: ..."
    if short:
        chars[short.start(1):short.end(1)] = " " * (short.end(1) - short.start(1))
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
    """Sentence spans; abbreviations like 'Oct.' and 'U.S.' do not end a sentence, nor does a closing quote."""
    start = 0
    for m in re.finditer(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“(‘])|\n", paragraph):
        before = paragraph[max(start, m.start() - 6):m.start() + 1]
        if m.group() != "\n" and re.search(r"\b(?:[A-Z][a-z]{0,3}|[A-Z]\.[A-Z]|Gen|Lt|Col|Maj|Capt|Sgt|St|Mr|Mrs|Ms|Dr|No|vs|"
                                           r"approx|est)\.$", before.strip()):
            continue
        if paragraph[start:m.start() + 1].strip():
            yield start, paragraph[start:m.start() + 1]
        start = m.end()
    if paragraph[start:].strip():
        yield start, paragraph[start:]
