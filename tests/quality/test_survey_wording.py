"""The nine elements' wording: the regulation's Indonesian text as data, keyed by name."""

from __future__ import annotations

from sentra.quality.rules.elements import ELEMENT_TEXT_BY_NAME, ELEMENT_TEXTS
from sentra.quality.rules.ikm import ELEMENT_NAMES


def test_nine_elements_keyed_by_name_in_the_regulation_scope_order() -> None:
    assert tuple(text.name for text in ELEMENT_TEXTS) == ELEMENT_NAMES
    assert len(ELEMENT_NAMES) == 9


def test_the_answer_labels_of_the_reference_table() -> None:
    assert ELEMENT_TEXT_BY_NAME["biaya"].answers_id == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    assert ELEMENT_TEXT_BY_NAME["pengaduan"].answers_id == (
        "Tidak ada",
        "Ada tetapi tidak berfungsi",
        "Berfungsi kurang maksimal",
        "Dikelola dengan baik",
    )
    assert ELEMENT_TEXT_BY_NAME["sarana"].answers_id == ("Buruk", "Cukup", "Baik", "Sangat baik")
    for text in ELEMENT_TEXTS:
        assert len(text.answers_id) == len(text.answers_en) == 4
        assert text.question_id.startswith("Bagaimana")


def test_english_is_chosen_by_language_code() -> None:
    waktu = ELEMENT_TEXT_BY_NAME["waktu"]
    assert waktu.answers("en")[3] == "Very fast"
    assert waktu.answers("id")[3] == "Sangat cepat"
    assert waktu.title("en-gb") == "Completion time"
