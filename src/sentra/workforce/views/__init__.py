"""Pages of the workforce app: thin; the services and selectors do the work."""
