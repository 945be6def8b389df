"""Report generation (filled in below)."""
