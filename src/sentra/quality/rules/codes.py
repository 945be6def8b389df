"""Codes people type from paper: one-time survey codes and complaint tracking codes.

The alphabet leaves out the look-alikes 0/O, 1/I/L and the vowels that could spell words, so a code
read aloud over the phone or copied from a slip survives; typing is forgiving about case, spaces and
dashes. A survey fingerprint says whether two submissions carry the same answers and profile.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Mapping

ALPHABET = "BCDFGHJKMNPQRSTVWXYZ23456789"
ONE_TIME_CODE_LENGTH = 8  # 28**8 ≈ 3.8e11 combinations
TRACKING_CODE_LENGTH = 12  # 28**12 ≈ 2.3e17 combinations
GROUP = 4
_SEPARATORS = re.compile(r"[\s\-_.]+")


def new_code(length: int) -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return format_code(raw)


def format_code(raw: str) -> str:
    """``BCDF2345`` -> ``BCDF-2345``."""
    return "-".join(raw[index : index + GROUP] for index in range(0, len(raw), GROUP))


def normalise_code(typed: str) -> str:
    """What a person typed, in the stored form (upper case, dashes every four characters)."""
    raw = _SEPARATORS.sub("", typed).upper()
    return format_code(raw)


def looks_like_code(typed: str, length: int) -> bool:
    raw = _SEPARATORS.sub("", typed).upper()
    return len(raw) == length and all(char in ALPHABET for char in raw)


def survey_fingerprint(answers: Mapping[str, int | None], profile: Mapping[str, object]) -> str:
    """A stable hash of the answers and the respondent profile, to recognise a repeated submission."""
    content = {
        "answers": dict(sorted(answers.items())),
        "profile": {key: str(value) for key, value in sorted(profile.items())},
    }
    payload = json.dumps(
        content,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
