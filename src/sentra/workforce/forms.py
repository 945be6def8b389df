"""Forms of the workforce pages; the services hold the rules, forms only parse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sentra.network.forms import apply_service_errors
from sentra.network.models import Cluster
from sentra.workforce.fields import IdChoiceField
from sentra.workforce.models import (
    Competency,
    CompetencyLevel,
    CredentialKind,
    EmploymentType,
    Language,
    PeksosLevel,
    StaffProfession,
    StaffSex,
)

BLANK = [("", "—")]


class DateInput(forms.DateInput):
    input_type = "date"


class StaffForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    employee_number = forms.CharField(label=_("Employee number (NIP)"), max_length=30, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=BLANK + list(StaffSex.choices), required=False)
    profession = forms.ChoiceField(label=_("Profession"), choices=StaffProfession.choices)
    peksos_level = forms.ChoiceField(
        label=_("Social worker level"), choices=BLANK + list(PeksosLevel.choices), required=False
    )
    employment_type = forms.ChoiceField(label=_("Employment type"), choices=EmploymentType.choices)
    functional_rank = forms.CharField(label=_("Functional rank"), max_length=100, required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput)
    end_date = forms.DateField(label=_("End date"), widget=DateInput, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    clusters = forms.MultipleChoiceField(
        label=_("Clusters of expertise"),
        choices=Cluster.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    centre = forms.TypedChoiceField(label=_("Centre"), coerce=int)

    def __init__(self, *args: Any, centres: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].choices = centres  # type: ignore[attr-defined]


class CredentialForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CredentialKind.choices)
    name = forms.CharField(label=_("Licence name"), max_length=120, required=False)
    number = forms.CharField(label=_("Number"), max_length=80)
    issuer = forms.CharField(label=_("Issued by"), max_length=150, required=False)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput, required=False)
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput, required=False)


class RenewForm(forms.Form):
    expires_on = forms.DateField(label=_("New expiry date"), widget=DateInput)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput, required=False)


class RevokeForm(forms.Form):
    on = forms.DateField(label=_("Revoked on"), widget=DateInput)


class AssessmentForm(forms.Form):
    """A supervisor's assessment of one competency."""

    competency = IdChoiceField(
        label=_("Competency"), queryset=Competency.objects.filter(is_active=True), to_field_name="code"
    )
    level = forms.TypedChoiceField(label=_("Level"), choices=CompetencyLevel.choices, coerce=int)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    centre = forms.TypedChoiceField(label=_("Centre"), coerce=int)

    def __init__(self, *args: Any, centres: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].choices = centres  # type: ignore[attr-defined]


def put_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    for name in apply_service_errors(form, exc):
        for message in exc.message_dict[name]:
            form.add_error(None, message)
