"""Every write of the equipment app: validated, in one transaction, audited."""
