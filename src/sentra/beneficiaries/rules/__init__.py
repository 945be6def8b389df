"""Pure rules of the beneficiary registry: NIK, names, duplicate scoring, import rows. No Django here."""
