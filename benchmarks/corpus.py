"""Generate realistic-shaped English war-news articles (about 5 KB each) from the gazetteer and forces."""

import datetime as dt
import random

EVENT_SENTENCES = [
    "{force} recaptured {place} on {weekday}, a military statement said.",
    "By {weekday}, {force} had retaken the village of {place} and the nearby town of {place2}.",
    "{place} was liberated by {force} after two days of fighting, officials said.",
    "Overnight, {force} pushed into {place}, exchanging fire with the militants.",
    "{force} encircled the town of {place}, leaving a single road open.",
    "Islamic State fighters withdrew from {place} as {force} advanced.",
]
NON_EVENTS = [
    "{force} are advancing on {place}, some {km} kilometers from the city.",
    "Commanders say the army aims to retake {place} within days.",
    "Coalition jets carried out an airstrike on {place} overnight.",
    "The militants launched an assault on {place} but were repelled.",
    "Artillery shelled positions near {place} through the night.",
    "Troops are expected to reach {place} next week.",
]
FILLER = [
    "Aid agencies said thousands of families had fled the fighting and were sheltering in camps run by the government.",
    "The offensive involves tens of thousands of troops, police, Kurdish fighters and state-sanctioned militias.",
    "Officials said booby traps and snipers slowed the advance, and engineers worked through the night to clear roads.",
    "A spokesman for the coalition said air strikes would continue in support of the ground forces on every axis.",
    "Residents who reached the camps described months of hardship under the militants and shortages of food and water.",
    "The United Nations warned that the humanitarian situation could deteriorate quickly if the fighting reached the city.",
]
FORCES = ["Iraqi special forces", "the Iraqi army", "Kurdish peshmerga fighters", "federal police units",
          "the Popular Mobilization Forces", "Iraqi troops", "counter-terrorism units"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def generate_articles(places, count=1000, seed=7, size=5000):
    """[(file name, text)]; places is a list of gazetteer names."""
    rng = random.Random(seed)
    start = dt.date(2016, 10, 17)
    articles = []
    for n in range(count):
        published = start + dt.timedelta(days=rng.randrange(250))
        parts = [f"Fighting around Mosul, report {n}", f"{published.day} {published:%B %Y} - " + _sentence(rng, places, EVENT_SENTENCES)]
        while sum(len(p) for p in parts) < size:
            pool = rng.choice([EVENT_SENTENCES, NON_EVENTS, FILLER, FILLER])
            parts.append(" ".join(_sentence(rng, places, pool) for _ in range(rng.randint(2, 4))))
        articles.append((f"article_{n:05d}.txt", "\n\n".join(parts)))
    return articles


def _sentence(rng, places, pool):
    template = rng.choice(pool)
    text = template.format(force=rng.choice(FORCES), place=rng.choice(places), place2=rng.choice(places),
                           weekday=rng.choice(WEEKDAYS), km=rng.randint(5, 60))
    return text[0].upper() + text[1:]
