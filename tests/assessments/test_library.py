"""The shipped library: exactly the issue's instruments, each cited, licensed, bilingual and coded."""

from __future__ import annotations

import json
import re

from sentra.assessments import selectors
from sentra.assessments.rules import Library

CODES = ["barthel", "lawton", "katz", "wgss", "phq9", "phq2", "gad7", "gds15", "k10", "k6", "srq20"]
LOWER = re.compile(r"^[a-z][a-z0-9_]*$")


def test_exactly_the_instruments_of_the_issue_and_no_sdq(library: Library):
    assert library.codes == CODES
    assert "sdq" not in library
    assert not list(selectors.INSTRUMENTS_DIR.glob("sdq*"))


def test_the_readme_says_why_the_sdq_is_not_shipped():
    readme = (selectors.APP_DIR / "README.md").read_text()
    assert "SDQ" in readme
    assert "electronic versions" in readme
    assert "youthinmind" in readme


def test_every_definition_cites_its_source_and_licence(library: Library):
    for instrument in library.current():
        assert instrument.source["citation"], instrument.code
        assert instrument.source["reference"].startswith("shared/reference/instruments.md"), instrument.code
        assert instrument.licence["terms"], instrument.code
        assert instrument.licence["holder"], instrument.code
        for scheme in instrument.schemes:
            assert scheme.source or instrument.headline_score is None, (instrument.code, scheme.code)


def walk_texts(node, path=""):
    if isinstance(node, dict):
        if set(node) >= {"id", "en"} and all(isinstance(node[k], str) for k in ("id", "en")):
            yield path, node
        for key, value in node.items():
            yield from walk_texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk_texts(value, f"{path}[{index}]")


def test_all_wording_is_in_indonesian_and_english():
    for path in selectors.INSTRUMENTS_DIR.glob("*.json"):
        data = json.loads(path.read_text())
        texts = list(walk_texts(data))
        assert len(texts) > len(data["items"]), path.name
        for where, text in texts:
            assert text["id"].strip(), (path.name, where)
            assert text["en"].strip(), (path.name, where)
        for decision in data.get("decisions", []):
            assert decision["text"]["id"], (path.name, decision["topic"])
            assert decision["text"]["en"], (path.name, decision["topic"])


def test_codes_are_stable_lowercase(library: Library):
    for instrument in library.current():
        for scheme in instrument.schemes:
            assert LOWER.match(scheme.code)
            bands = [b.code for b in scheme.bands] + [b.code for b, _ in scheme.outcomes]
            assert all(LOWER.match(code) for code in bands), (instrument.code, scheme.code)
        for flag in instrument.flags:
            assert flag.code.startswith(instrument.code), flag.code


def test_the_issue_band_codes(library: Library):
    def codes(code: str, scheme: str) -> list[str]:
        return list(dict.fromkeys(b.code for b in library.get(code).scheme(scheme).bands))

    assert codes("phq9", "severity") == ["minimal", "mild", "moderate", "moderately_severe", "severe"]
    assert codes("gad7", "severity") == ["minimal", "mild", "moderate", "severe"]
    assert codes("k10", "abs") == ["low", "moderate", "high", "very_high"]
    assert codes("barthel", "bands_0_100") == ["total", "severe", "moderate", "slight", "independent"]


def test_every_file_is_named_after_its_code_and_version(library: Library):
    names = sorted(path.name for path in selectors.INSTRUMENTS_DIR.glob("*.json"))
    assert names == sorted(f"{i.code}-v{i.version}.json" for i in library.current())
