"""The news extractor's rules, one phrase each: what a sentence must yield (place, status, the acting force)
and what must yield nothing. The sentences are the project's own, written to the shapes the dev set's
README lists (passives, lists, back-references, captions, denials, plans, background)."""

import pytest

from tracker.extract.model import Article, Lookups
from tracker.extract.run import get_extractors, run_extractors

PUBLISHED = "2016-11-10"  # a Thursday


@pytest.fixture(scope="module")
def lookups(seeded_db_file):
    from tracker.store import TrackerDB

    return Lookups.from_db(TrackerDB(seeded_db_file))


def found(text, lookups, published=PUBLISHED):
    candidates, failures = run_extractors(Article(text=text, published=published),
                                          [get_extractors()["news"]], lookups)
    assert failures == []
    return {(lookups.places[c.locality_id].name if c.locality_id else c.locality, c.status, c.force): c
            for c in candidates}


YIELDS = [
    # active verbs, the subject acting
    ("Iraqi troops recaptured Qayyarah on Tuesday.", ("Qayyarah", "captured", "Iraqi Army")),
    ("The Peshmerga seized Bashiqa after a week of shelling.", ("Bashiqa", "captured", "Peshmerga")),
    ("Counter-terrorism forces entered Bartella on Wednesday.", ("Bartella", "entered", "Counter Terrorism Service")),
    ("Federal police stormed Hamam al-Alil at dawn on Monday.", ("Hammam al-Alil", "entered", "Federal Police")),
    ("Iraqi forces encircled Tel Afar on Tuesday.", ("Tal Afar", "encircled", "Iraqi Security Forces")),
    # passives and reduced relatives
    ("Qaraqosh was retaken by the Iraqi army on Monday.", ("Qaraqosh", "captured", "Iraqi Army")),
    ("Bashiqa, captured by the Peshmerga on Tuesday, lay in ruins.", ("Bashiqa", "captured", "Peshmerga")),
    # state of control
    ("Iraqi forces now control Qayyarah, a military spokesman said.", ("Qayyarah", "captured", "Iraqi Security Forces")),
    ("By Wednesday Bartella was under the control of the counter-terrorism service.",
     ("Bartella", "captured", "Counter Terrorism Service")),
    # the side that gave ground: the event's force is the one holding the place afterwards
    ("Islamic State fighters withdrew from Bashiqa on Tuesday.", ("Bashiqa", "withdrawn", "Iraqi Security Forces")),
    # a place known as "the village of X" and a list of villages
    ("The army took the village of Karamlesh on Tuesday.", ("Karamlesh", "captured", "Iraqi Army")),
    # fighting that goes on inside a place
    ("Heavy fighting was still going on inside Bashiqa on Wednesday.", ("Bashiqa", "contested", None)),
    # a flag raised is a capture
    ("Peshmerga fighters raised their flag over Bashiqa on Tuesday.", ("Bashiqa", "captured", "Peshmerga")),
]


@pytest.mark.parametrize("sentence,expected", YIELDS, ids=[s for s, _ in YIELDS])
def test_a_phrase_yields_its_change(lookups, sentence, expected):
    result = found(sentence, lookups)
    place, status, force = expected
    matching = [key for key in result if key[0] == place and key[1] == status]
    assert matching, result
    if force is not None:
        assert matching[0][2] == force, result


def test_several_places_in_one_list_each_yield(lookups):
    result = found("Iraqi troops captured Bazwaya, Gogjali and Karamlesh on Tuesday.", lookups)
    assert {(place, status) for place, status, _ in result} >= {
        ("Bazwaya", "captured"), ("Gogjali", "captured"), ("Karamlesh", "captured")}


def test_a_day_name_is_the_last_such_day_before_publication(lookups):
    result = found("Iraqi troops recaptured Qayyarah on Tuesday.", lookups)
    assert result[("Qayyarah", "captured", "Iraqi Army")].date == "2016-11-08"


def test_a_later_back_reference_names_the_place_it_points_to(lookups):
    result = found("Iraqi troops pushed towards Bartella on Monday. On Tuesday they captured the town.", lookups)
    assert ("Bartella", "captured", "Iraqi Army") in result


NOTHING = [
    "Iraqi forces plan to recapture Qayyarah next month.",  # an intention
    "Commanders hope to take Bashiqa before winter.",  # a hope
    "Iraqi troops could enter Bartella within days.",  # a forecast
    "Iraqi troops advanced to within five kilometres of Bartella.",  # an approach, not a change
    "Islamic State denied that Iraqi forces had captured Bashiqa.",  # a denial
    "Residents said there were unconfirmed rumours that Qayyarah had fallen.",  # a rumour
    "If the army enters Bartella, the road to Mosul opens.",  # a condition
    "Islamic State seized Mosul in June 2014.",  # background two years before
    "Families fled Bashiqa as the shelling grew heavier.",  # civilians leaving is not a withdrawal
    "Iraqi jets struck Islamic State positions near Tel Afar.",  # an air strike
    "During the push into Bashiqa, three soldiers were wounded.",  # 'push' as a noun
]


@pytest.mark.parametrize("sentence", NOTHING)
def test_a_phrase_yields_nothing(lookups, sentence):
    assert found(sentence, lookups) == {}


def test_the_acting_force_is_not_one_named_inside_a_closed_relative_clause(lookups):
    result = found("Peshmerga fighters, backing a militia which Islamic State had attacked in August, "
                   "captured Bashiqa on Tuesday.", lookups)
    assert [key[2] for key in result if key[:2] == ("Bashiqa", "captured")] == ["Peshmerga"]


def test_a_place_no_gazetteer_knows_is_a_candidate_to_resolve(lookups):
    result = found("Iraqi troops recaptured the village of Zarqatash on Tuesday.", lookups)
    candidate = result[("Zarqatash", "captured", "Iraqi Army")]
    assert candidate.locality_id is None and candidate.resolution.startswith("unresolved")


def test_a_world_place_is_resolved_with_a_point(lookups):
    result = found("Ukrainian troops recaptured Kupiansk on Saturday, the general staff said.", lookups,
                   published="2022-09-12")
    (key, candidate), = [(k, c) for k, c in result.items() if k[0] == "Kupiansk"]
    assert key[1] == "captured" and candidate.date == "2022-09-10"
    assert 49.6 < candidate.latitude < 49.8 and 37.5 < candidate.longitude < 37.7  # Kupiansk, Kharkiv oblast


def test_text_with_no_english_is_skipped_with_a_reason(lookups):
    candidates, failures = run_extractors(Article(text="Университет. " * 40, published=PUBLISHED),
                                          [get_extractors()["news"]], lookups)
    assert candidates == [] and any("no English text" in f for f in failures)


def test_a_day_told_after_said_is_the_day_it_was_announced(lookups):
    result = found("Iraqi troops have recaptured Qayyarah, officials said on Wednesday.", lookups)
    candidate = result[("Qayyarah", "captured", "Iraqi Army")]
    assert (candidate.date_earliest, candidate.date, candidate.date_precision) == ("2016-11-02", "2016-11-09", "range")


def test_an_appositive_between_subject_and_verb(lookups):
    result = found("Iraqi forces fought for Qayyarah all week. The town, some 60 km south of the city, was retaken "
                   "on Tuesday.", lookups)
    assert result[("Qayyarah", "captured", "Iraqi Security Forces")].date == "2016-11-08"


def test_the_town_means_the_place_that_changed_hands_not_the_last_named(lookups):
    result = found("Iraqi troops recaptured Qayyarah on Monday. They will next move towards Bartella, where forces are "
                   "massing. Residents said the militants had pulled out of the town before the troops arrived.",
                   lookups)
    assert ("Qayyarah", "withdrawn") in {key[:2] for key in result}
    assert "Bartella" not in {key[0] for key in result}
