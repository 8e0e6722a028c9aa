"""Dates in news text: the publication date, and what a sentence's date words mean against it."""

import datetime as dt
import re

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"])}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}

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
    """(earliest, latest, precision) that the sentence's first date words give, or None (see date_mentions)."""
    found = date_mentions(sentence, published)
    return found[0][2] if found else None


ANY_DATE_WORD = re.compile(r"\d|day\b|night|week|month|year|ago|morning|tonight|spring|summer|autumn|fall|winter|"
                           r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
SEASON_YEAR = re.compile(r"\b(spring|summer|autumn|fall|winter) of ((?:19|20)\d\d)\b")
MONTH_YEAR = re.compile(rf"\b(?:(early|mid|late)[- ])?({MONTH_NAME.lower()}),? ((?:19|20)\d\d)\b")
IN_YEAR = re.compile(r"\b(?:in|since|of|during) ((?:19|20)\d\d)\b")
WEEKDAY = re.compile(r"\b(by |on |since |late |early |last )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
RELATIVE_PATTERNS = {pattern: re.compile(pattern) for pattern in (
    r"\bovernight\b|\blast night\b", r"\byesterday\b", r"\btoday\b|\bthis morning\b|\btonight\b",
    r"\bearlier (?:this|in the) month\b", r"\bthis week\b", r"\blast week\b", r"\blast month\b",
    r"\bearlier this year\b|\bthis year\b", r"\blast year\b")}
NUMBER = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "a few": 3, "several": 4}
AGO = re.compile(r"\b(?:about |some |nearly |almost )?(a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|\d+)"
                 r" (day|days|week|weeks|month|months) ago\b")
MONTH_WORDS = "january|february|march|april|may|june|july|august|september|october|november|december"
IN_MONTH = re.compile(rf"\b(?:in |during |since )?(?:(early|mid|late)[- ])({MONTH_WORDS})\b|\b(?:in|during) ({MONTH_WORDS})\b")
BARE_DAY = re.compile(rf"\b(?:on |by )?(?:({MONTH_WORDS}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.? (\d{{1,2}})|"
                      rf"(\d{{1,2}}) ({MONTH_WORDS}))\b(?!,? (?:19|20)\d\d)")


def date_mentions(sentence, published):
    """Every date expression in a sentence: [(start, end, (earliest, latest, precision))] in text order.

    'by Thursday' = on or before that Thursday; 'on Thursday' or 'Thursday' = that day; 'a day ago' counts
    back from the sentence's own full date (a photo caption's) or the publication; 'overnight' = the night
    before; 'earlier this month' = since the 1st; 'in July' = the last July on or before publication.
    """
    lower = sentence.lower()
    if not ANY_DATE_WORD.search(lower):
        return []
    found = []
    full = full_dates(sentence)
    for start, end, day in full:
        if "by " in lower[max(0, start - 4):start]:
            found.append((start, end, (day - dt.timedelta(days=6), day, "range")))
        else:
            found.append((start, end, (day, day, "day")))
    anchor = full[-1][2] if full else published
    taken = [(start, end) for start, end, _ in found]

    def add(match, value, group=0):
        start, end = match.span(group)
        if value and not any(s < end and start < e for s, e in taken):
            found.append((start, end, value))
            taken.append((start, end))

    for m in SEASON_YEAR.finditer(lower):
        first, last = SEASONS.get(m[1], (12, 2))
        year = int(m[2])
        add(m, (dt.date(year, first, 1), _month_end(year + (last < first), last), "range"))
    for m in MONTH_YEAR.finditer(lower):
        month = _month(m[2])
        if month:
            add(m, _part_of_month(int(m[3]), month, m[1]))
    for m in IN_YEAR.finditer(lower):
        year = int(m[1])
        if published is None or year < published.year:
            add(m, (dt.date(year, 1, 1), dt.date(year, 12, 31), "year"))
    if published is not None:
        for m in BARE_DAY.finditer(lower):
            month = _month(m[1] or m[4])
            day = _date(published.year, month, m[2] or m[3]) if month else None
            if day and day > published:
                day = _date(published.year - 1, month, m[2] or m[3])
            if day:
                by = m.group(0).startswith("by ")
                add(m, (day - dt.timedelta(days=6), day, "range") if by else (day, day, "day"))
        for m in IN_MONTH.finditer(lower):
            month = _month(m[2] or m[3])
            year = published.year if month <= published.month else published.year - 1
            add(m, _part_of_month(year, month, m[1]))
        for m in WEEKDAY.finditer(lower):
            day = weekday_before(published, m[2])
            if m[1] == "last ":
                day -= dt.timedelta(days=7) if day == published else dt.timedelta(days=0)
            add(m, (day - dt.timedelta(days=6), day, "range") if m[1] == "by " else (day, day, "day"))
        for m in AGO.finditer(lower):
            count = int(m[1]) if m[1].isdigit() else NUMBER[m[1]]
            days = count * {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30}[m[2]]
            day = anchor - dt.timedelta(days=days)
            add(m, (day, day, "day") if days == 1 else (day - dt.timedelta(days=max(1, days // 4)),
                                                         day + dt.timedelta(days=max(1, days // 4)), "range"))
        relative = [
            (r"\bovernight\b|\blast night\b", (published - dt.timedelta(days=1), published, "range")),
            (r"\byesterday\b", (published - dt.timedelta(days=1), published - dt.timedelta(days=1), "day")),
            (r"\btoday\b|\bthis morning\b|\btonight\b", (published, published, "day")),
            (r"\bearlier (?:this|in the) month\b", (published.replace(day=1), published, "range")),
            (r"\bthis week\b", (published - dt.timedelta(days=published.weekday()), published, "range")),
            (r"\blast week\b", (published - dt.timedelta(days=13), published - dt.timedelta(days=6), "range")),
            (r"\blast month\b", _last_month(published)),
            (r"\bearlier this year\b|\bthis year\b", (published.replace(month=1, day=1), published, "range")),
            (r"\blast year\b", (dt.date(published.year - 1, 1, 1), dt.date(published.year - 1, 12, 31), "year")),
        ]
        for pattern, value in relative:
            for m in RELATIVE_PATTERNS[pattern].finditer(lower):
                add(m, value)
    return sorted(found, key=lambda item: item[0])


def _part_of_month(year, month, part):
    first, last = dt.date(year, month, 1), _month_end(year, month)
    if part == "early":
        return first, dt.date(year, month, 10), "range"
    if part == "mid":
        return dt.date(year, month, 11), dt.date(year, month, 20), "range"
    if part == "late":
        return dt.date(year, month, 21), last, "range"
    return first, last, "month"


def _last_month(published):
    last = published.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last, "month"


def _month_end(year, month):
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)
