"""The needs engine: instrument results -> recommended services, professions and urgency. Pure.

Rules are data (``needs_rules/*.json``, ``"format": "sentra.needs-rules/1"``). A rule names a
condition over instrument results and what it recommends: an ATENSI component (and sub-type), the
professions required, an urgency, actions (an alert, a task due within N hours) and needs (for
example an assistive device). Every recommendation carries the rule that produced it and the
evidence that matched, so a case manager can see why it is there.

Conditions (2-valued: a missing result or an unscorable total simply does not match)::

    {"instrument": "phq9", "score": "total", "min": 10}
    {"instrument": "phq9", "flag": "phq9_item9"}
    {"instrument": "barthel", "scheme": "bands_0_100", "in": ["total", "severe"]}
    {"instrument": "wgss", "item": "3", "min": 3}
    {"any": [...]}  {"all": [...]}

Flags match even on an invalid result: a safety flag is acted on whether or not the form is complete.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sentra.assessments.rules.errors import DefinitionError
from sentra.assessments.rules.model import CODE_RE, LANGUAGES, Library, Text
from sentra.assessments.rules.scoring import Result

FORMAT = "sentra.needs-rules/1"
URGENCIES = ("routine", "soon", "urgent")  # ascending
CASE_MANAGER = "case_manager"  # the beneficiary's own case manager, as an assignee or alert recipient
ACTION_KINDS = ("alert", "task")
ASSISTIVE_DEVICE = "assistive_device"
# The device codes an assistive-device need may name (the equipment app keys its stock on them;
# sentra.assessments.models.Device lists the same codes with their labels).
DEVICES = (
    "wheelchair",
    "walker",
    "crutches",
    "white_cane",
    "hearing_aid",
    "prosthesis",
    "orthosis",
    "hospital_bed",
)


@dataclass(frozen=True)
class Evidence:
    instrument: str
    kind: str  # score | flag | scheme | item
    name: str
    value: Any
    expected: str

    @property
    def text(self) -> str:
        if self.kind == "flag":
            return f"{self.instrument}: flag {self.name}"
        return f"{self.instrument}.{self.name} = {self.value} ({self.expected})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "kind": self.kind,
            "name": self.name,
            "value": self.value,
            "expected": self.expected,
            "text": self.text,
        }


Matcher = Callable[[Mapping[str, Result]], list[Evidence] | None]


@dataclass(frozen=True)
class Rule:
    id: str
    text: Text
    when: Matcher
    when_spec: Mapping[str, Any]
    component: str
    subtype: str | None
    service: Text
    professions: tuple[str, ...]
    urgency: str
    actions: tuple[Mapping[str, Any], ...]
    needs: tuple[Mapping[str, Any], ...]
    instruments: frozenset[str]  # every instrument the condition reads: a rule without them cannot match


def _instruments_of(spec: Any) -> set[str]:
    if isinstance(spec, Mapping):
        found = {spec["instrument"]} if isinstance(spec.get("instrument"), str) else set()
        for key in ("any", "all"):
            for part in spec.get(key) or ():
                found |= _instruments_of(part)
        return found
    return set()


@dataclass(frozen=True)
class Ruleset:
    name: str
    version: str
    status: str
    notice: Text
    rules: tuple[Rule, ...]
    # Days after an assessment when the instrument is due again (reassessment reminders).
    reassess_after_days: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Recommendation:
    rule: Rule
    ruleset: Ruleset
    evidence: tuple[Evidence, ...]

    @property
    def urgency(self) -> str:
        return self.rule.urgency

    def as_dict(self) -> dict[str, Any]:
        rule = self.rule
        return {
            "rule": {
                "id": rule.id,
                "text": dict(rule.text),
                "ruleset": self.ruleset.name,
                "ruleset_version": self.ruleset.version,
                "status": self.ruleset.status,
            },
            "component": rule.component,
            "subtype": rule.subtype,
            "service": dict(rule.service),
            "professions": list(rule.professions),
            "urgency": rule.urgency,
            "actions": [dict(action) for action in rule.actions],
            "needs": [dict(need) for need in rule.needs],
            "evidence": [evidence.as_dict() for evidence in self.evidence],
        }


def _text(data: Mapping[str, Any], key: str, where: str) -> Text:
    value = data.get(key)
    if not isinstance(value, Mapping) or not all(isinstance(value.get(lang), str) for lang in LANGUAGES):
        raise DefinitionError(f"{where}: {key!r} needs text in {' and '.join(LANGUAGES)}")
    return dict(value)


def _bounds_text(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low}-{high}"
    return f">= {low}" if low is not None else f"<= {high}"


def _compile(spec: Any, library: Library, where: str) -> Matcher:
    if not isinstance(spec, Mapping):
        raise DefinitionError(f"{where}: a condition must be an object")
    if "any" in spec or "all" in spec:
        key = "any" if "any" in spec else "all"
        parts = [_compile(part, library, where) for part in spec[key] or []]
        if not parts:
            raise DefinitionError(f"{where}: {key!r} needs a non-empty list")
        if key == "any":

            def any_of(results: Mapping[str, Result]) -> list[Evidence] | None:
                found = [evidence for part in parts for evidence in (part(results) or [])]
                return found or None

            return any_of

        def all_of(results: Mapping[str, Result]) -> list[Evidence] | None:
            found: list[Evidence] = []
            for part in parts:
                evidence = part(results)
                if evidence is None:
                    return None
                found.extend(evidence)
            return found

        return all_of

    code = spec.get("instrument")
    if not isinstance(code, str) or code not in library:
        raise DefinitionError(f"{where}: unknown instrument {code!r}")
    instrument = library.get(code)
    low, high = spec.get("min"), spec.get("max")
    for bound in (low, high):
        if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int)):
            raise DefinitionError(f"{where}: min and max must be integers")

    def within(value: int) -> bool:
        return (low is None or value >= low) and (high is None or value <= high)

    if "flag" in spec:
        flag = spec["flag"]
        if flag not in {f.code for f in instrument.flags}:
            raise DefinitionError(f"{where}: {code} has no flag {flag!r}")

        def flag_raised(results: Mapping[str, Result]) -> list[Evidence] | None:
            result = results.get(code)
            if result is None or flag not in result.flags:
                return None
            return [Evidence(code, "flag", flag, True, "raised")]

        return flag_raised
    if "score" in spec:
        name = spec["score"]
        if name not in {s.code for s in instrument.scores} or (low is None and high is None):
            raise DefinitionError(f"{where}: {code} has no score {name!r}, or no min/max given")
        expected = _bounds_text(low, high)

        def score_within(results: Mapping[str, Result]) -> list[Evidence] | None:
            result = results.get(code)
            value = None if result is None else result.scores.get(name)
            if value is None or not within(value):
                return None
            return [Evidence(code, "score", name, value, expected)]

        return score_within
    if "scheme" in spec:
        name = spec["scheme"]
        accepted = spec.get("in")
        try:
            scheme = instrument.scheme(name)
        except KeyError:
            raise DefinitionError(f"{where}: {code} has no scheme {name!r}") from None
        known = {band.code for band in scheme.bands} | {band.code for band, _ in scheme.outcomes}
        if scheme.otherwise is not None:
            known.add(scheme.otherwise.code)
        if not isinstance(accepted, list) or not accepted or not set(accepted) <= known:
            raise DefinitionError(f"{where}: 'in' must list bands of {code} {name}: {sorted(known)}")
        wanted = frozenset(accepted)
        expected = "in " + ", ".join(accepted)

        def band_in(results: Mapping[str, Result]) -> list[Evidence] | None:
            result = results.get(code)
            band = None if result is None else result.bands.get(name)
            if band is None or band not in wanted:
                return None
            return [Evidence(code, "scheme", name, band, expected)]

        return band_in
    if "item" in spec:
        number = str(spec["item"])
        if number not in instrument.item_by_number or (low is None and high is None):
            raise DefinitionError(f"{where}: {code} has no item {number!r}, or no min/max given")
        expected = _bounds_text(low, high)

        def item_within(results: Mapping[str, Result]) -> list[Evidence] | None:
            result = results.get(code)
            value = None if result is None else result.points.get(number)
            if value is None or not within(value):
                return None
            return [Evidence(code, "item", number, value, expected)]

        return item_within
    raise DefinitionError(f"{where}: unknown condition {dict(spec)!r}")


def _check_device_need(need: Mapping[str, Any], where: str) -> None:
    """An assistive-device need names one device and, optionally, devices that would also do."""
    device = need.get("device")
    alternatives = need.get("alternatives") or []
    if device not in DEVICES:
        raise DefinitionError(f"{where}: an assistive-device need names a device: {', '.join(DEVICES)}")
    if not isinstance(alternatives, list) or any(a not in DEVICES or a == device for a in alternatives):
        raise DefinitionError(f"{where}: 'alternatives' must list other devices: {', '.join(DEVICES)}")


def device_needs(recommendation: Recommendation) -> list[Mapping[str, Any]]:
    """The assistive-device needs a recommendation carries."""
    return [need for need in recommendation.rule.needs if need.get("kind") == ASSISTIVE_DEVICE]


def parse_ruleset(
    data: Mapping[str, Any],
    *,
    library: Library,
    components: Mapping[str, Collection[str]],
    professions: Collection[str],
) -> Ruleset:
    """Check every reference (instruments, bands, ATENSI components, professions) while parsing."""
    if data.get("format") != FORMAT:
        raise DefinitionError(f"not a {FORMAT} file")
    name, version = data.get("ruleset"), data.get("version")
    if not isinstance(name, str) or not CODE_RE.match(name) or not isinstance(version, str):
        raise DefinitionError("a ruleset needs a lowercase 'ruleset' name and a 'version'")
    rules = []
    seen: set[str] = set()
    for entry in data.get("rules") or []:
        rule_id = entry.get("id")
        where = f"rule {rule_id}"
        if not isinstance(rule_id, str) or not rule_id or rule_id in seen:
            raise DefinitionError(f"{where}: every rule needs a unique id")
        seen.add(rule_id)
        service = entry.get("service") or {}
        component, subtype = service.get("component"), service.get("subtype")
        if not isinstance(component, str) or component not in components:
            raise DefinitionError(f"{where}: unknown ATENSI component {component!r}")
        if subtype is not None and subtype not in components[component]:
            raise DefinitionError(f"{where}: {component} has no sub-type {subtype!r}")
        wanted = list(entry.get("professions") or [])
        unknown = [p for p in wanted if p not in professions]
        if unknown:
            raise DefinitionError(f"{where}: unknown professions {unknown}")
        urgency = entry.get("urgency")
        if urgency not in URGENCIES:
            raise DefinitionError(f"{where}: urgency must be one of {', '.join(URGENCIES)}")
        actions = tuple(entry.get("actions") or ())
        for action in actions:
            people = list(action.get("to") or [])
            if action.get("kind") not in ACTION_KINDS or not people:
                raise DefinitionError(f"{where}: an action needs a kind ({', '.join(ACTION_KINDS)}) and 'to'")
            if any(p not in professions and p != CASE_MANAGER for p in people):
                raise DefinitionError(f"{where}: action recipients must be professions or {CASE_MANAGER}")
            if action["kind"] == "task":
                hours = action.get("due_within_hours")
                if isinstance(hours, bool) or not isinstance(hours, int) or hours < 1:
                    raise DefinitionError(f"{where}: a task needs due_within_hours >= 1")
                _text(action, "title", where)
        needs = tuple(entry.get("needs") or ())
        for need in needs:
            if not isinstance(need.get("kind"), str) or not CODE_RE.match(need["kind"]):
                raise DefinitionError(f"{where}: a need needs a lowercase kind")
            _text(need, "label", where)
            if need["kind"] == ASSISTIVE_DEVICE:
                _check_device_need(need, where)
        rules.append(
            Rule(
                id=rule_id,
                text=_text(entry, "text", where),
                when=_compile(entry.get("when"), library, where),
                when_spec=entry.get("when") or {},
                component=component,
                subtype=subtype,
                service=_text(service, "label", where),
                professions=tuple(wanted),
                urgency=urgency,
                actions=actions,
                needs=needs,
                instruments=frozenset(_instruments_of(entry.get("when"))),
            )
        )
    return Ruleset(
        name=name,
        version=version,
        status=str(data.get("status", "")),
        notice=_text(data, "notice", "ruleset"),
        rules=tuple(rules),
        reassess_after_days=_reassessment(data.get("reassessment") or {}, library),
    )


def _reassessment(spec: Any, library: Library) -> dict[str, int]:
    """``{"phq9": 90, ...}``: whole days from 1 to 1095, for instruments of the library."""
    if not isinstance(spec, Mapping):
        raise DefinitionError("reassessment: an object mapping instrument codes to days")
    days: dict[str, int] = {}
    for code, value in spec.items():
        if code not in library:
            raise DefinitionError(f"reassessment: unknown instrument {code!r}")
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1095:
            raise DefinitionError(f"reassessment: {code} needs whole days from 1 to 1095")
        days[code] = value
    return days


def load_ruleset(
    path: Path, *, library: Library, components: Mapping[str, Collection[str]], professions: Collection[str]
) -> Ruleset:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return parse_ruleset(data, library=library, components=components, professions=professions)
    except (json.JSONDecodeError, DefinitionError) as exc:
        raise DefinitionError(f"{path.name}: {exc}") from None


def recommend(ruleset: Ruleset, results: Iterable[Result] | Mapping[str, Result]) -> list[Recommendation]:
    """Every rule that matches, most urgent first (rule order within an urgency)."""
    by_code = (
        dict(results) if isinstance(results, Mapping) else {result.instrument: result for result in results}
    )
    found = []
    for rule in ruleset.rules:
        if rule.instruments.isdisjoint(by_code):
            continue
        evidence = rule.when(by_code)
        if evidence is not None:
            found.append(Recommendation(rule=rule, ruleset=ruleset, evidence=tuple(evidence)))
    rank = {urgency: index for index, urgency in enumerate(URGENCIES)}
    return sorted(found, key=lambda recommendation: -rank[recommendation.urgency])
