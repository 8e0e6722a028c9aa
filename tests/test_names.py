import pytest

from tracker.model.names import closest, fold, loose


@pytest.mark.parametrize("variant", ["Bashiqa", "bashiqa", "BASHIQA", "Ba'shiqa", "Ba’shiqa"])
def test_fold_meets_case_and_apostrophe_variants(variant):
    assert fold(variant) == "bashiqa"


def test_fold_strips_diacritics_and_hyphens():
    assert fold("Barţalah") == "bartalah"
    assert fold("Hammam al-'Alil") == "hammam al alil"


def test_loose_meets_article_double_letters_and_final_h():
    assert loose("Hamam al-Alil") == loose("Hammam al Alil")
    assert loose("Al-Qayyarah") == loose("Qayyara")
    assert loose("Bashiqah") == loose("Bashiqa")


def test_closest_suggests_near_names():
    assert closest("Bartela", ["Bartella", "Bashiqa", "Mosul"])[0] == "Bartella"
    assert closest("zzzz", ["Bartella"]) == []
