"""Keyed look-up hash of identifiers (NIK) against plain SHA-256 of the same values."""

from __future__ import annotations

import hashlib

from bench.harness import Result, per_call_seconds


def run() -> list[Result]:
    from sentra.core import crypto

    values = [f"3171{index:012d}" for index in range(1000)]

    def keyed() -> None:
        for value in values:
            crypto.lookup_hash(value, purpose="nik")

    def plain() -> None:
        for value in values:
            hashlib.sha256(value.encode()).hexdigest()

    candidate = per_call_seconds(keyed, repeat=20) / len(values)
    baseline = per_call_seconds(plain, repeat=20) / len(values)
    return [
        Result(
            name="NIK look-up hash (HMAC-SHA256, HKDF-derived key)",
            figure=f"{candidate * 1e6:.2f} µs per identifier",
            baseline=f"plain SHA-256 {baseline * 1e6:.2f} µs",
            ratio=candidate / baseline,
        )
    ]
