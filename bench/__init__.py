"""Benchmarks: each reports its figure and a ratio against a baseline measured in the same run."""
