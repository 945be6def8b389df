"""Signals other apps use to follow merges of person records (the cases app moves its cases).

``beneficiary_merged(sender=Beneficiary, survivor, merged, actor)``: a receiver moves its rows from
``merged`` to ``survivor`` and returns a JSON-ready dict describing what it moved. The dict is kept
on the ``DuplicateReview`` and handed back to the same receiver on unmerge:

``beneficiary_unmerged(sender=Beneficiary, survivor, merged, actor, state)``: ``state`` maps each
receiver's dotted name to what it returned on merge; a receiver reads its own entry and moves the
rows back.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.dispatch import Signal

beneficiary_merged = Signal()
beneficiary_unmerged = Signal()

# ``beneficiaries_registered(sender=Beneficiary, beneficiaries, actor[, import_job_id])``: persons just
# registered (one from the form or the API, many from an import, which passes its job id;
# ``beneficiaries`` is a list or a queryset). The cases app opens the "pursue documentation" task for
# those without a NIK.
beneficiaries_registered = Signal()
# ``beneficiary_updated(sender=Beneficiary, beneficiary, actor)``: a person's record was edited (the
# cases app closes the documentation task once a NIK is recorded).
beneficiary_updated = Signal()

# ``subject_data_collected(sender=Beneficiary, beneficiary, actor)``: a data-subject access request
# (UU PDP Pasal 7, 32) gathers everything held about a person. Each receiver returns a list of
# ``SubjectSection`` (``sentra.beneficiaries.services.subject_export``) with the records it holds
# that ``actor`` may see, and the (object type, object id) pairs whose access and audit logs belong to
# the export.
subject_data_collected = Signal()


@dataclass(frozen=True)
class ProfileTask:
    """An open task about the person, shown on their profile (e.g. "pursue documentation (NIK)")."""

    kind: str
    title: str
    due_on: datetime.date | None
    overdue: bool
    assignee: str


# ``profile_tasks_collected(sender=Beneficiary, beneficiary, user)``: the profile asks other apps for
# the open tasks about the person; each receiver returns a list of ``ProfileTask`` (the cases app: the
# pursue-documentation task of a person registered without a NIK).
profile_tasks_collected = Signal()
