"""Small-cell suppression of one-way breakdowns of respondents shown to national analysts.

National analysts read aggregates only (architecture: "National analysts see aggregates only, never
personal records"). A respondent-profile breakdown whose cell counts fewer than ``THRESHOLD`` people
could single a respondent out, so such cells are shown as "<5" — the same threshold and the same
complementary rule as the national dashboard (``sentra.insights.rules.suppression``): the cells of a
breakdown add up to the respondents, which are shown, so one hidden cell alone could be recomputed;
then the smallest other non-zero cell is hidden too.
"""

from __future__ import annotations

from collections.abc import Sequence

THRESHOLD = 5


def suppress_breakdown(counts: Sequence[int], *, threshold: int = THRESHOLD) -> list[int | None]:
    """The counts with every small cell (1 to threshold-1) as None, plus a second when only one is.

    A zero is shown: an empty cell identifies nobody, and hiding it would make every breakdown of a
    small period look suppressed.
    """
    hidden = {index for index, value in enumerate(counts) if 0 < value < threshold}
    if len(hidden) == 1:
        shown = [(value, index) for index, value in enumerate(counts) if index not in hidden and value > 0]
        if shown:
            hidden.add(min(shown)[1])
    return [None if index in hidden else value for index, value in enumerate(counts)]
