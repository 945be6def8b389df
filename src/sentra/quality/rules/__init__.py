"""Pure rules of the quality app (no Django): the IKM, survey wording, CSV files, working days, complaints."""
