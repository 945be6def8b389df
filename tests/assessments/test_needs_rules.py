"""The needs engine and the shipped default rules: the issue's defaults, each showing its rule."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from sentra.assessments import selectors
from sentra.assessments.rules import DefinitionError, Library, Ruleset, parse_ruleset, recommend, score
from sentra.core.models import Profession


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return selectors.needs_ruleset()


def run(library: Library, ruleset: Ruleset, code: str, answers: dict[str, Any]) -> list[dict[str, Any]]:
    return [r.as_dict() for r in recommend(ruleset, [score(library.get(code), answers)])]


def phq9(*points: int) -> dict[str, int]:
    return {str(n): p for n, p in enumerate(points, start=1)}


def ids(recommendations: list[dict[str, Any]]) -> list[str]:
    return [r["rule"]["id"] for r in recommendations]


def test_the_defaults_are_versioned_and_labelled_as_product_defaults(ruleset: Ruleset):
    assert (ruleset.name, ruleset.version, ruleset.status) == ("default", "2", "product_default")
    assert "not clinical guidance" in ruleset.notice["en"]
    readme = (selectors.APP_DIR / "README.md").read_text()
    assert "needs_rules/default.json" in readme
    assert "not clinical guidance" in readme


def test_every_rule_uses_atensi_components_and_known_professions(ruleset: Ruleset):
    components = selectors.atensi_components()
    assert len(components) == 7
    for rule in ruleset.rules:
        assert rule.component in components
        assert rule.subtype is None or rule.subtype in components[rule.component]
        assert set(rule.professions) <= {*Profession.values, "pekerja_sosial"}
        assert rule.text["en"]
        assert rule.text["id"]


@pytest.mark.parametrize(
    ("code", "answers", "expected"),
    [
        ("phq9", phq9(2, 2, 1, 1, 1, 1, 1, 1, 0), ["psychosocial-distress"]),  # 10
        ("phq9", phq9(1, 1, 1, 1, 1, 1, 1, 2, 0), []),  # 9
        ("gad7", phq9(2, 2, 2, 2, 1, 1, 0), ["psychosocial-distress"]),  # 10
        ("gad7", phq9(1, 1, 1, 1, 1, 1, 3), []),  # 9
        ("k10", phq9(3, 3, 3, 3, 3, 2, 2, 2, 2, 2), ["psychosocial-distress"]),  # 25
        ("k10", phq9(3, 3, 3, 3, 2, 2, 2, 2, 2, 2), []),  # 24
    ],
)
def test_psychosocial_therapy_with_a_psychologist(library, ruleset, code, answers, expected):
    found = run(library, ruleset, code, answers)
    assert ids(found) == expected
    for recommendation in found:
        assert (recommendation["component"], recommendation["subtype"]) == ("terapi", "psikososial")
        assert recommendation["professions"] == ["psikolog"]
        assert recommendation["urgency"] == "routine"
        assert recommendation["rule"]["text"]["en"].startswith("PHQ-9 ≥ 10 or GAD-7 ≥ 10 or K10 ≥ 25")


def test_phq9_item9_is_urgent_with_an_alert_and_a_24_hour_task_for_psychologist_and_case_manager(
    library, ruleset
):
    found = run(library, ruleset, "phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))
    assert ids(found) == ["phq9-item9-urgent"]
    (urgent,) = found
    assert urgent["urgency"] == "urgent"
    assert urgent["professions"] == ["psikolog", "pekerja_sosial"]
    alert, task = urgent["actions"]
    assert alert == {"kind": "alert", "to": ["psikolog", "case_manager"]}
    assert (task["kind"], task["due_within_hours"], task["to"]) == ("task", 24, ["psikolog", "case_manager"])
    assert urgent["evidence"] == [
        {
            "instrument": "phq9",
            "kind": "flag",
            "name": "phq9_item9",
            "value": True,
            "expected": "raised",
            "text": "phq9: flag phq9_item9",
        }
    ]


def test_the_urgent_rule_fires_even_when_the_phq9_cannot_be_scored(library, ruleset):
    result = score(library.get("phq9"), {"1": 3, "9": 2})
    assert not result.valid
    assert ids([r.as_dict() for r in recommend(ruleset, [result])]) == ["phq9-item9-urgent"]


def test_the_most_urgent_comes_first(library, ruleset):
    found = run(library, ruleset, "phq9", phq9(3, 3, 3, 3, 3, 3, 3, 3, 3))
    assert ids(found) == ["phq9-item9-urgent", "phq9-severe-psychiatry", "psychosocial-distress"]
    assert [r["urgency"] for r in found] == ["urgent", "soon", "routine"]


def barthel(total_items: dict[str, int]) -> dict[str, int]:
    maximum = {"1": 10, "2": 5, "3": 5, "4": 10, "5": 10, "6": 10, "7": 10, "8": 15, "9": 15, "10": 10}
    return {**maximum, **total_items}


def test_barthel_total_or_severe_dependency_means_social_care_with_nursing(library, ruleset):
    severe = run(
        library, ruleset, "barthel", barthel({"2": 0, "3": 0, "4": 5, "8": 10, "9": 5, "10": 0})
    )  # 60
    assert ids(severe) == ["barthel-dependency-care"]
    assert severe[0]["component"] == "perawatan_pengasuhan"
    assert severe[0]["professions"] == ["perawat"]
    assert severe[0]["evidence"][0]["text"] == "barthel.bands_0_100 = severe (in total, severe)"
    moderate = run(library, ruleset, "barthel", barthel({"2": 0, "3": 0, "8": 10, "9": 5, "10": 0}))  # 65
    assert moderate == []


def wgss(*codes: int) -> dict[str, int]:
    return {str(n): c for n, c in enumerate(codes, start=1)}


def test_wgss_mobility_means_physiotherapy_and_an_assistive_device(library, ruleset):
    found = run(library, ruleset, "wgss", wgss(1, 1, 3, 1, 1, 1))
    assert ids(found) == ["wgss-mobility", "wgss-mobility-walker"]
    mobility, walker = found
    assert (mobility["component"], mobility["subtype"], mobility["professions"]) == (
        "terapi",
        "fisik",
        ["fisioterapis"],
    )
    assert [(n["kind"], n["device"], n["alternatives"]) for n in walker["needs"]] == [
        ("assistive_device", "walker", ["crutches"])
    ]


def test_wgss_cannot_walk_at_all_means_a_wheelchair(library, ruleset):
    found = run(library, ruleset, "wgss", wgss(1, 1, 4, 1, 1, 1))
    assert ids(found) == ["wgss-mobility", "wgss-mobility-wheelchair"]
    assert [n["device"] for n in found[1]["needs"]] == ["wheelchair"]


def test_barthel_immobile_and_total_dependency_ask_for_a_wheelchair_and_a_hospital_bed(library, ruleset):
    found = run(library, ruleset, "barthel", {str(n): 0 for n in range(1, 11)})
    devices = {r["rule"]["id"]: [n["device"] for n in r["needs"]] for r in found if r["needs"]}
    assert devices == {
        "barthel-immobile-wheelchair": ["wheelchair"],
        "barthel-total-hospital-bed": ["hospital_bed"],
    }


def test_wgss_seeing_or_hearing_means_an_assistive_device_need(library, ruleset):
    found = run(library, ruleset, "wgss", wgss(4, 3, 2, 1, 1, 1))
    assert ids(found) == ["wgss-seeing", "wgss-hearing"]
    assert {r["component"] for r in found} == {"dukungan_aksesibilitas"}
    assert [r["needs"][0]["device"] for r in found] == ["white_cane", "hearing_aid"]
    assert run(library, ruleset, "wgss", wgss(2, 2, 2, 2, 2, 2)) == []


def test_several_results_are_read_together(library, ruleset):
    results = [
        score(library.get("gad7"), phq9(3, 3, 3, 3, 0, 0, 0)),
        score(library.get("wgss"), wgss(1, 1, 4, 1, 1, 1)),
    ]
    assert ids([r.as_dict() for r in recommend(ruleset, results)]) == [
        "psychosocial-distress",
        "wgss-mobility",
        "wgss-mobility-wheelchair",
    ]


def rules_file() -> dict[str, Any]:
    return json.loads(selectors.NEEDS_RULES_FILE.read_text())


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda r: r["service"].update(component="therapy"), "unknown ATENSI component"),
        (lambda r: r["service"].update(subtype="musik"), "has no sub-type"),
        (lambda r: r.update(professions=["dukun"]), "unknown professions"),
        (lambda r: r.update(urgency="asap"), "urgency must be one of"),
        (lambda r: r.update(when={"instrument": "sdq", "flag": "x"}), "unknown instrument"),
        (lambda r: r.update(when={"instrument": "phq9", "flag": "phq9_item10"}), "has no flag"),
        (
            lambda r: r.update(when={"instrument": "barthel", "scheme": "bands_0_100", "in": ["berat"]}),
            "'in' must",
        ),
        (lambda r: r["actions"][1].pop("due_within_hours"), "due_within_hours"),
        (
            lambda r: r.update(needs=[{"kind": "assistive_device", "device": "jetpack", "label": r["text"]}]),
            "names a device",
        ),
        (
            lambda r: r.update(
                needs=[
                    {
                        "kind": "assistive_device",
                        "device": "walker",
                        "alternatives": ["walker"],
                        "label": r["text"],
                    }
                ]
            ),
            "'alternatives' must",
        ),
    ],
)
def test_a_broken_rule_is_refused_naming_the_rule(library, change, complaint):
    data = rules_file()
    rule = copy.deepcopy(data["rules"][0])
    change(rule)
    data["rules"][0] = rule
    with pytest.raises(DefinitionError) as caught:
        parse_ruleset(
            data,
            library=library,
            components=selectors.atensi_components(),
            professions=selectors.professions(),
        )
    assert complaint in str(caught.value)
    assert "rule phq9-item9-urgent" in str(caught.value) or "unknown instrument" in str(caught.value)


def test_each_rule_knows_which_instruments_it_reads(ruleset: Ruleset):
    by_id = {rule.id: rule for rule in ruleset.rules}
    assert by_id["psychosocial-distress"].instruments == {"phq9", "gad7", "k10"}
    assert by_id["wgss-mobility"].instruments == {"wgss"}
    assert all(rule.instruments for rule in ruleset.rules)
