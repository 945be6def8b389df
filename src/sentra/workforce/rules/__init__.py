"""Pure workforce rules (no Django): credentials, competency levels, caseload, gaps and performance."""
