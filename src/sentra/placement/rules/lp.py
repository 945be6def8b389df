"""Thin helpers around HiGHS (``highspy``): a quiet solver and a model from coordinate arrays."""

from __future__ import annotations

import os
import sys
import threading

import highspy
import numpy as np
import numpy.typing as npt

_banner_lock = threading.Lock()
_banner_shown = False

INF = highspy.kHighsInf


def quiet_highs() -> highspy.Highs:
    """A HiGHS instance that writes nothing to stdout (the first one created in a process prints a
    banner from C++, which would corrupt ``--json`` output, so that one is built with stdout muted)."""
    global _banner_shown
    with _banner_lock:
        if not _banner_shown:
            sys.stdout.flush()
            saved = os.dup(1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            try:
                highs = highspy.Highs()  # type: ignore[no-untyped-call]
            finally:
                os.dup2(saved, 1)
                os.close(saved)
                os.close(devnull)
            _banner_shown = True
        else:
            highs = highspy.Highs()  # type: ignore[no-untyped-call]
    highs.setOptionValue("output_flag", False)
    return highs


def column_wise(
    rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64], values: npt.NDArray[np.float64], n_cols: int
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], npt.NDArray[np.float64]]:
    """(start, index, value) of a column-wise sparse matrix from coordinates."""
    order = np.lexsort((rows, cols))
    start = np.zeros(n_cols + 1, dtype=np.int32)
    np.cumsum(np.bincount(cols, minlength=n_cols), out=start[1:])
    return start, rows[order].astype(np.int32), values[order].astype(np.float64)


def build_lp(
    *,
    cost: npt.NDArray[np.float64],
    lower: npt.NDArray[np.float64],
    upper: npt.NDArray[np.float64],
    row_lower: npt.NDArray[np.float64],
    row_upper: npt.NDArray[np.float64],
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    values: npt.NDArray[np.float64],
    offset: float = 0.0,
    integer: npt.NDArray[np.bool_] | None = None,
) -> highspy.HighsLp:
    lp = highspy.HighsLp()
    lp.num_col_ = len(cost)
    lp.num_row_ = len(row_lower)
    lp.offset_ = offset
    lp.col_cost_ = cost
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    start, index, value = column_wise(rows, cols, values, len(cost))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = start
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    if integer is not None:
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
            for flag in integer.tolist()
        ]
    return lp
