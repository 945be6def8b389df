"""Indonesian name normalisation and duplicate scoring: the true duplicate ranks first, nothing merges."""

from __future__ import annotations

import datetime

import pytest

from sentra.beneficiaries.rules import duplicates, names
from sentra.beneficiaries.rules.duplicates import PersonFacts


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Muhammad Yusuf", "muhamad yusuf"),
        ("Muhamad Yusuf", "muhamad yusuf"),
        ("Mohammad Yusuf", "muhamad yusuf"),
        ("Mohamad Yusuf", "muhamad yusuf"),
        ("Moh. Yusuf", "muhamad yusuf"),
        ("Muh. Yusuf", "muhamad yusuf"),
        ("Mochammad Yusuf", "muhamad yusuf"),
        ("M. Yusuf", "muhamad yusuf"),
        ("Siti Aminah", "siti aminah"),
        ("St. Aminah", "siti aminah"),
        ("Sitti Aminah", "siti aminah"),
        ("Soekarno", "sukarno"),
        ("Djoko Widodo", "joko widodo"),
        ("Tjipto Mangoenkoesoemo", "cipto mangunkusumo"),
        ("Sjahrir", "syahrir"),
        ("Achmad Chairul", "ahmad hairul"),
        ("Akhmad Khairul", "ahmad hairul"),
        ("Abdoel Rachman", "abdul rahman"),
        ("Abd. Rahman", "abdul rahman"),
        ("Hassan Basri", "hasan basri"),
        ("H. Budi Santoso", "budi santoso"),
        ("Hj. Nurhayati", "nurhayati"),
        ("Dr. Ir. Budi Santoso, M.Si", "budi santoso"),
        ("Budi Santoso, S.Sos.", "budi santoso"),
        ("Budi Santoso S.Sos", "budi santoso"),
        ("Dewi Sartika, S.Pd., M.Pd", "dewi sartika"),
        ("Ma'ruf Amin", "maruf amin"),
        ("  I   Gusti  Ngurah   Rai ", "i gusti ngurah rai"),
        ("Ratna Sari-Dewi", "ratna sari dewi"),
        ("Élisabet", "elisabet"),
        ("Sukarno", "sukarno"),  # a single name stays itself
        ("M", "m"),  # a lone initial is kept, not expanded
        ("Haji", "haji"),  # a title alone is a name
    ],
)
def test_name_key(written: str, key: str) -> None:
    assert names.name_key(written) == key


def test_compact_ignores_spaces() -> None:
    assert names.compact(names.name_key("Nur Hayati")) == names.compact(names.name_key("Nurhayati"))


def test_aliases_key_joins_normalised_aliases() -> None:
    assert names.aliases_key(["Mbah Djoyo", "", "Pak De"]) == "mbah joyo | pak de"


# (registered name, name written at a second intake)
VARIANT_PAIRS = [
    ("Muhammad Rizki Pratama", "Mohamad Rizky Pratama"),
    ("Muhammad Rizki Pratama", "M. Rizki Pratama"),
    ("Siti Nurhaliza", "St. Nur Haliza"),
    ("Siti Aminah", "Sitti Aminah"),
    ("Soekarno", "Sukarno"),
    ("Djoko Susilo", "Joko Susilo"),
    ("Tjahjo Kumolo", "Cahjo Kumolo"),
    ("Achmad Fauzi", "Ahmad Fauzi"),
    ("Chairul Anwar", "Khairul Anwar"),
    ("Nurhayati", "Nur Hayati"),
    ("Hassan Basri", "Hasan Basri"),
    ("Yusuf Effendi", "Yusuf Efendi"),
    ("Sjafruddin", "Syafrudin"),
    ("Abdoel Rachman", "Abdul Rahman"),
    ("H. Ahmad Dahlan", "Ahmad Dahlan"),
    ("Budi Santoso, S.Sos", "Budi Santoso"),
    ("Wayan Sudarta", "I Wayan Sudarta"),
    ("Dewi Lestari", "Dewi Lestary"),
    ("Mohammad Hatta", "Muh. Hatta"),
    ("Joko", "Djoko"),
    ("Puti Rahmawati", "Putri Rahmawati"),
]
# People who are not the probe but look like them: same common names, shuffled parts.
DISTRACTORS = [
    "Muhammad Rizal Pratama",
    "Muhammad Riski Saputra",
    "Rizki Pratama",
    "Siti Nurjanah",
    "Siti Aisyah",
    "Siti Halimah",
    "Sukarni",
    "Sukirno",
    "Joko Susanto",
    "Cahyo Kumoro",
    "Ahmad Fauzan",
    "Khairul Amri",
    "Nur Hidayati",
    "Nurhasanah",
    "Hasan Bisri",
    "Yusuf Hendri",
    "Syarifudin",
    "Abdul Rahim",
    "Ahmad Dahlia",
    "Budi Setiawan",
    "Wayan Sudarsa",
    "Dewi Lestiani",
    "Muhammad Hatim",
    "Joni",
    "Putri Ramadhani",
]

BIRTH = datetime.date(1990, 5, 15)


def facts(name: str, *, birth: datetime.date | None = BIRTH, region: str = "32.75.01.1001", sex: str = "M"):
    return PersonFacts(name_key=names.name_key(name), sex=sex, birth_date=birth, region_code=region)


@pytest.mark.parametrize(("registered", "probe"), VARIANT_PAIRS)
def test_the_true_duplicate_ranks_first_by_name_alone(registered: str, probe: str) -> None:
    pool = [(0, names.name_key(registered), ())] + [
        (index + 1, names.name_key(name), ()) for index, name in enumerate(DISTRACTORS) if name != registered
    ]
    ranked = duplicates.name_rank(names.name_key(probe), pool)
    assert ranked[0][0] == 0, (probe, ranked[:3])
    assert ranked[0][1] > ranked[1][1]


@pytest.mark.parametrize(("registered", "probe"), VARIANT_PAIRS)
def test_the_true_duplicate_ranks_first_with_birth_date_and_region(registered: str, probe: str) -> None:
    # Distractors even share the birth date (common); the duplicate still comes first and is a candidate.
    pool = [(0, facts(registered))] + [
        (index + 1, facts(name)) for index, name in enumerate(DISTRACTORS) if name != registered
    ]
    ranked = duplicates.rank(facts(probe), pool, threshold=0)
    assert ranked[0].key == 0, (probe, [(item.key, item.match.score) for item in ranked[:3]])
    assert ranked[0].match.is_candidate


def test_birth_date_and_region_lift_the_same_person_over_a_namesake() -> None:
    probe = facts("Muhammad Yusuf", birth=datetime.date(1985, 3, 2), region="31.71.01.1001")
    same_person = facts("Moh. Yusuf", birth=datetime.date(1985, 3, 2), region="31.71.01.1001")
    namesake = facts("Muhammad Yusuf", birth=datetime.date(1962, 8, 9), region="73.71.02.1001")
    ranked = duplicates.rank(probe, [(1, namesake), (2, same_person)], threshold=0)
    assert [item.key for item in ranked] == [2, 1]
    assert not ranked[1].match.is_candidate


def test_reasons_explain_the_score() -> None:
    match = duplicates.score(
        facts("Siti Aminah", sex="F"), facts("St. Aminah", sex="F", region="32.75.01.2002")
    )
    codes = [reason.code for reason in match.reasons]
    assert codes == [duplicates.NAME_IDENTICAL, duplicates.BIRTH_DATE_SAME, duplicates.REGION_DISTRICT]
    assert match.score == pytest.approx(60 + 25 + 7 + 5)


def test_different_sex_and_distant_years_sink_the_score() -> None:
    match = duplicates.score(
        facts("Budi Santoso", sex="M", birth=datetime.date(1950, 1, 1)),
        facts("Budi Santoso", sex="F", birth=datetime.date(1990, 1, 1)),
    )
    codes = {reason.code for reason in match.reasons}
    assert {duplicates.SEX_DIFFERS, duplicates.BIRTH_DATE_FAR} <= codes
    assert not match.is_candidate


@pytest.mark.parametrize(
    ("first", "second", "code"),
    [
        (datetime.date(1990, 5, 15), datetime.date(1990, 5, 15), duplicates.BIRTH_DATE_SAME),
        (datetime.date(1990, 5, 6), datetime.date(1990, 6, 5), duplicates.BIRTH_DATE_TRANSPOSED),
        (datetime.date(1990, 5, 15), datetime.date(1991, 5, 15), duplicates.BIRTH_DATE_TRANSPOSED),
        (datetime.date(1990, 5, 15), datetime.date(1990, 9, 1), duplicates.BIRTH_YEAR_SAME),
        (datetime.date(1990, 5, 15), datetime.date(1992, 1, 1), duplicates.BIRTH_YEAR_CLOSE),
        (datetime.date(1990, 5, 15), datetime.date(1960, 1, 1), duplicates.BIRTH_DATE_FAR),
        (None, datetime.date(1960, 1, 1), duplicates.BIRTH_DATE_UNKNOWN),
    ],
)
def test_birth_date_reasons(first: datetime.date | None, second: datetime.date, code: str) -> None:
    _points, reason = duplicates.birth_points(facts("A", birth=first), facts("A", birth=second))
    assert reason.code == code


def test_an_estimated_age_tolerates_a_few_years() -> None:
    estimated = PersonFacts(
        name_key="sukarno", birth_date=datetime.date(1960, 1, 1), birth_date_estimated=True
    )
    exact = PersonFacts(name_key="sukarno", birth_date=datetime.date(1956, 7, 8))
    _points, reason = duplicates.birth_points(estimated, exact)
    assert reason.code == duplicates.BIRTH_YEAR_CLOSE


def test_an_alias_matches() -> None:
    known = PersonFacts(name_key="budi santoso", alias_keys=("mbah joyo",))
    match = duplicates.score(PersonFacts(name_key="mbah joyo"), known)
    assert match.reasons[0].code == duplicates.ALIAS_MATCH
    assert match.name_score == 100


def test_a_single_name_inside_a_longer_one_is_a_candidate_name() -> None:
    similarity, reasons = duplicates.name_similarity(
        PersonFacts(name_key="sukarno"), PersonFacts(name_key="sukarno hadi")
    )
    assert reasons[0].code == duplicates.NAME_CONTAINED
    assert similarity == pytest.approx(90)


def test_a_short_single_token_is_not_contained_everywhere() -> None:
    similarity, _reasons = duplicates.name_similarity(
        PersonFacts(name_key="ali"), PersonFacts(name_key="muhamad ali akbar")
    )
    assert similarity < 60
