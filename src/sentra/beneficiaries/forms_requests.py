"""Forms of the data-subject request pages (UU PDP): record a request, answer it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.beneficiaries.models import (
    ErasureCategory,
    Relationship,
    RequesterKind,
    RetentionGround,
    SubjectRequestKind,
    SubjectRequestStatus,
)
from sentra.beneficiaries.services.subject_requests import SubjectRequestInput
from sentra.network.forms import AcceptingChoiceField

CHOOSE = [("", "—")]


class SubjectRequestForm(forms.Form):
    kind = AcceptingChoiceField(
        label=_("Request"),
        choices=SubjectRequestKind.choices,
        accepted=SubjectRequestKind.values,
        widget=forms.RadioSelect,
    )
    requested_by = AcceptingChoiceField(
        label=_("Requested by"),
        choices=RequesterKind.choices,
        accepted=RequesterKind.values,
        widget=forms.RadioSelect,
    )
    guardian = forms.TypedChoiceField(
        label=_("Parent or guardian"), required=False, coerce=int, empty_value=None
    )
    requester_name = forms.CharField(label=_("Name of the requester"), required=False, max_length=200)
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: now. The answer is due 3 x 24 hours later (UU PDP)."),
    )
    details = forms.CharField(
        label=_("What is asked"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Correction: which data is wrong and what it should be. Restriction: which processing. "
            "Erasure: which data."
        ),
    )

    def __init__(self, *args: Any, guardians: QuerySet[Relationship], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["guardian"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = CHOOSE + [(str(link.pk), str(link)) for link in guardians]

    def to_input(self) -> SubjectRequestInput:
        data = self.cleaned_data
        received = data.get("received_at")
        return SubjectRequestInput(
            kind=data["kind"],
            requested_by=data["requested_by"],
            received_at=timezone.make_aware(received)
            if received and timezone.is_naive(received)
            else received,
            guardian_id=data.get("guardian"),
            requester_name=data.get("requester_name", ""),
            details=data.get("details", ""),
        )


ANSWERS = [
    (SubjectRequestStatus.COMPLETED, _("Completed")),
    (SubjectRequestStatus.REFUSED, _("Refused")),
    (SubjectRequestStatus.LIFTED, _("Restriction lifted")),
]


class SubjectRequestAnswerForm(forms.Form):
    status = AcceptingChoiceField(
        label=_("Answer"), choices=ANSWERS, accepted=[value for value, _label in ANSWERS]
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was done; for a refusal, the reason."),
    )
    retention_ground = AcceptingChoiceField(
        label=_("Legal ground for keeping data"),
        required=False,
        choices=CHOOSE + list(RetentionGround.choices),
        accepted=["", *RetentionGround.values],
    )
    erase_categories = forms.MultipleChoiceField(
        label=_("Data to erase"),
        required=False,
        choices=ErasureCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Completed erasure only: the data deleted now. The name and the registration number stay "
            "for the case file and the archive retention schedule."
        ),
    )
