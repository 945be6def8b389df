"""How evidence moves a staff member's level in one competency (levels 0-4)."""

from __future__ import annotations

TRAINING = "training"
CERTIFICATION = "certification"
SUPERVISOR_ASSESSMENT = "supervisor_assessment"
EVIDENCE_KINDS = (TRAINING, CERTIFICATION, SUPERVISOR_ASSESSMENT)
MIN_LEVEL = 0
MAX_LEVEL = 4


def level_after(kind: str, before: int, shown: int) -> int:
    """Training and certification show what someone can do at least, so they only raise the level;
    a supervisor observes current practice, so their assessment sets it, lower included."""
    if kind not in EVIDENCE_KINDS:
        raise ValueError(f"unknown evidence kind {kind!r}")
    if not MIN_LEVEL <= shown <= MAX_LEVEL:
        raise ValueError(f"level {shown} is outside {MIN_LEVEL}..{MAX_LEVEL}")
    if kind == SUPERVISOR_ASSESSMENT:
        return shown
    return max(before, shown)
