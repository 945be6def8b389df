"""Pure equipment rules (no Django): gaps against standards, the ranked budget, readiness shares."""
