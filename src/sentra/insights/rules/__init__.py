"""Pure rules of the insights app (no Django): need search, regions, suppression, statistics, charts."""
