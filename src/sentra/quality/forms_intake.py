"""The form that opens an intake from a complaint: the few facts a report of a person in need gives."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sentra.beneficiaries.models import IntakeChannel, NoNikReason
from sentra.beneficiaries.models import Sex as PersonSex
from sentra.beneficiaries.services import BeneficiaryInput
from sentra.network.models import Cluster

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IntakeForm(forms.Form):
    full_name = forms.CharField(
        label=_("Name of the person reported"),
        max_length=200,
        help_text=_("As the complainant gave it; a description such as 'Mbah Sarmi' is fine."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=PersonSex.choices)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE)
    estimated_age = forms.IntegerField(
        label=_("Estimated age"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("When the birth date is not known."),
    )
    nik = forms.CharField(label=_("NIK"), required=False, max_length=30)
    no_nik_reason = forms.ChoiceField(
        label=_("Why there is no NIK"),
        required=False,
        choices=[("", "—"), *NoNikReason.choices],
        initial=NoNikReason.IDENTITY_UNKNOWN,
    )
    address = forms.CharField(
        label=_("Where the person is"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    region_code = forms.CharField(label=_("Region code (Kemendagri)"), required=False, max_length=13)
    clusters = forms.MultipleChoiceField(
        label=_("Cluster"), required=False, choices=Cluster.choices, widget=forms.CheckboxSelectMultiple
    )
    confirm_new_person = forms.BooleanField(
        label=_("None of the records listed is this person: register a new person"), required=False
    )

    def to_input(self) -> BeneficiaryInput:
        data = self.cleaned_data
        return BeneficiaryInput(
            full_name=data["full_name"],
            sex=data["sex"],
            intake_channel=IntakeChannel.PUBLIC_REPORT,
            nik=data["nik"],
            no_nik_reason=data["no_nik_reason"],
            birth_date=data["birth_date"],
            estimated_age=data["estimated_age"],
            address=data["address"],
            region_code=data["region_code"],
            clusters=tuple(data["clusters"]),
        )


class LinkForm(forms.Form):
    beneficiary = forms.IntegerField(min_value=1)
