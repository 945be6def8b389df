"""Writes of the insights app: rollup refresh, break-glass grants, reports and exports."""
