"""Reading a need typed in plain words, Indonesian and English."""

from __future__ import annotations

import pytest

from sentra.insights.rules.search import parse_need


@pytest.mark.parametrize(
    ("text", "clusters", "provinces"),
    [
        ("layanan untuk lansia di Jawa Tengah", ("lansia",), ("33",)),
        ("elderly care in Central Java", ("lansia",), ("33",)),
        ("nenek saya di Jogja", ("lansia",), ("34",)),
        ("rehabilitasi narkoba Bali", ("napza",), ("51",)),
        ("drug rehab in Bali", ("napza",), ("51",)),
        ("anak disabilitas di jabar", ("anak", "disabilitas"), ("32",)),
        ("ODGJ Papua Barat Daya", ("disabilitas",), ("96",)),
        ("korban perdagangan orang NTT", ("tuna_sosial",), ("53",)),
        ("LAYANAN LANSIA, JAWA-TENGAH?", ("lansia",), ()),
        ("Jawa Tengah", (), ("33",)),
    ],
)
def test_clusters_and_provinces_are_read(
    text: str, clusters: tuple[str, ...], provinces: tuple[str, ...]
) -> None:
    need = parse_need(text)
    assert set(need.clusters) == set(clusters)
    assert need.provinces == provinces


def test_longest_province_name_wins() -> None:
    assert parse_need("Papua Barat").provinces == ("92",)
    assert parse_need("Papua").provinces == ("91",)


def test_filler_words_are_dropped_and_the_rest_kept() -> None:
    need = parse_need("cari sentra Handayani di Jakarta")
    assert need.words == ("handayani",)
    assert need.provinces == ("31",)


def test_empty_and_very_long_input() -> None:
    assert parse_need("").is_empty
    assert parse_need("lansia " * 500).clusters == ("lansia",)
