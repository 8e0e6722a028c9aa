"""Dates in news text: the publication date, and what a sentence's date words mean against it."""

import datetime as dt
import re

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"])}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}

MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
MONTH_DAY_YEAR = re.compile(rf"\b(?P<month>{MONTH_NAME})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)\b")
DAY_MONTH_YEAR = re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_NAME})\s+(?P<year>(?:19|20)\d\d)\b")
NUMERIC = re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>(?:19|20)\d\d)\b")
ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")


def _date(year, month, day):
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _month(name):
    return MONTHS.get(name.lower().rstrip(".")[:4].rstrip(".")) or MONTHS.get(name.lower()[:3])


def full_dates(text):
    """(start, end, date) for every fully written date; numeric ones are read day first (08/11/2016 = 8 Nov)."""
    found = []
    for pattern in (MONTH_DAY_YEAR, DAY_MONTH_YEAR):
        for m in pattern.finditer(text):
            month = _month(m["month"])
            day = _date(m["year"], month, m["day"]) if month else None
            if day:
                found.append((m.start(), m.end(), day))
    for m in NUMERIC.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        day = _date(m["year"], b, a) if b <= 12 else _date(m["year"], a, b)  # day first unless impossible
        if day:
            found.append((m.start(), m.end(), day))
    for m in ISO.finditer(text):
        day = _date(m["year"], m["month"], m["day"])
        if day:
            found.append((m.start(), m.end(), day))
    return sorted(found, key=lambda f: f[0])


def find_published(text):
    """(date, how) for an article: a dateline near the top, else the latest date it mentions, else (None, None)."""
    head = text[:400]
    dates = full_dates(head)
    if dates:
        return dates[0][2], "dateline"
    everything = full_dates(text)
    if everything:
        return max(d for _, _, d in everything), "latest date in the text"
    return None, None


def weekday_before(published, name):
    """The last `name`-day on or before the publication date."""
    return published - dt.timedelta(days=(published.weekday() - WEEKDAYS[name]) % 7)


def sentence_date(sentence, published):
    """(earliest, latest, precision) that the sentence's own date words give, or None.

    'by Thursday' = on or before that Thursday; 'on Thursday' or 'Thursday' = that day;
    'overnight' = the night before publication; 'earlier this month' = since the 1st.
    """
    lower = sentence.lower()
    for start, end, day in full_dates(sentence):
        before = lower[max(0, start - 4):start]
        if "by " in before:
            return day - dt.timedelta(days=6), day, "range"
        return day, day, "day"
    m = re.search(r"\b(spring|summer|autumn|fall) of ((?:19|20)\d\d)\b", lower)
    if m:
        first, last = SEASONS[m[1]]
        year = int(m[2])
        return dt.date(year, first, 1), _month_end(year, last), "range"
    m = re.search(rf"\bin ({MONTH_NAME.lower()}) ((?:19|20)\d\d)\b", lower)
    if m and _month(m[1]):
        year, month = int(m[2]), _month(m[1])
        return dt.date(year, month, 1), _month_end(year, month), "month"
    if published is None:
        m = re.search(r"\b(?:in|since|of) ((?:19|20)\d\d)\b", lower)
        if m:
            year = int(m[1])
            return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
        return None
    m = re.search(r"\b(by|on|since|late|early)?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", lower)
    if m:
        day = weekday_before(published, m[2])
        if m[1] == "by":
            return day - dt.timedelta(days=6), day, "range"
        return day, day, "day"
    if re.search(r"\bovernight\b|\blast night\b", lower):
        return published - dt.timedelta(days=1), published, "range"
    if re.search(r"\byesterday\b", lower):
        day = published - dt.timedelta(days=1)
        return day, day, "day"
    if re.search(r"\btoday\b|\bthis morning\b", lower):
        return published, published, "day"
    if re.search(r"\bearlier this month\b", lower):
        return published.replace(day=1), published, "range"
    if re.search(r"\blast week\b", lower):
        return published - dt.timedelta(days=13), published - dt.timedelta(days=6), "range"
    if re.search(r"\blast month\b", lower):
        last = published.replace(day=1) - dt.timedelta(days=1)
        return last.replace(day=1), last, "month"
    m = re.search(r"\b(?:in|since) ((?:19|20)\d\d)\b", lower)
    if m and int(m[1]) < published.year:
        year = int(m[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    return None


def _month_end(year, month):
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)
