"""Caseload caps and staffing ratios per profession, read from ``data/caseload_standards.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

STANDARDS_FILE = Path(__file__).resolve().parent.parent / "data" / "caseload_standards.json"


@dataclass(frozen=True, slots=True)
class ProfessionStandard:
    max_cases: int
    max_complex: int
    max_high: int
    beneficiaries_per_staff: int


@dataclass(frozen=True)
class Standards:
    professions: dict[str, ProfessionStandard]
    competency_beneficiaries_per_staff: int
    idle_below_share: float
    expiry_alert_days: tuple[int, ...]
    share_within_km: float

    def for_profession(self, profession: str) -> ProfessionStandard | None:
        return self.professions.get(profession)


def parse_standards(data: dict[str, Any]) -> Standards:
    professions = {
        code: ProfessionStandard(
            max_cases=int(entry["max_cases"]),
            max_complex=int(entry["max_complex"]),
            max_high=int(entry["max_high"]),
            beneficiaries_per_staff=int(entry["beneficiaries_per_staff"]),
        )
        for code, entry in data["professions"].items()
    }
    for code, standard in professions.items():
        if not 0 < standard.max_high <= standard.max_complex <= standard.max_cases:
            raise ValueError(f"{code}: caps must satisfy 0 < max_high <= max_complex <= max_cases")
        if standard.beneficiaries_per_staff <= 0:
            raise ValueError(f"{code}: beneficiaries_per_staff must be positive")
    return Standards(
        professions=professions,
        competency_beneficiaries_per_staff=int(data["competency_beneficiaries_per_staff"]),
        idle_below_share=float(data["idle_below_share"]),
        expiry_alert_days=tuple(sorted((int(days) for days in data["expiry_alert_days"]), reverse=True)),
        share_within_km=float(data["share_within_km"]),
    )


@lru_cache(maxsize=1)
def default_standards() -> Standards:
    return parse_standards(json.loads(STANDARDS_FILE.read_text(encoding="utf-8")))
