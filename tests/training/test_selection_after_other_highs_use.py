"""The LP bound must not depend on what else in the process used HiGHS first (its scheduler is global)."""

from __future__ import annotations

import highspy
import numpy as np

from sentra.placement.rules.lp import quiet_highs
from sentra.training.rules.selection import Candidate, SelectionProblem, select


def _solve_something_with_highs_defaults() -> None:
    h = quiet_highs()
    h.addVars(2, np.zeros(2), np.ones(2))
    h.changeColsCost(2, np.arange(2, dtype=np.int32), np.array([-1.0, -2.0]))
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal


def test_selection_is_optimal_after_another_highs_solve_in_the_process() -> None:
    _solve_something_with_highs_defaults()
    problem = SelectionProblem(
        candidates=(Candidate("a", 300, {}), Candidate("b", 200, {}), Candidate("c", 100, {})),
        places=2,
    )
    result = select(problem)
    assert result.status == "optimal"
    assert set(result.selected) == {"a", "b"}
    assert result.lp_bound == 500.0
