"""Forms of the coordinator's pages: start a run, and the what-if changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sentra.network.models import Sentra, ServiceComponent
from sentra.placement.selectors import RESIDENTIAL
from sentra.placement.services.runs import MAX_CAPACITY_DELTA


def service_choices() -> list[tuple[str, str]]:
    return [(RESIDENTIAL, str(_("Residential place")))] + [
        (component.code, f"{component.number}. {component.label}")
        for component in ServiceComponent.objects.all()
    ]


class RunForm(forms.Form):
    centre = forms.ModelChoiceField(
        label=_("Waiting list of"),
        queryset=Sentra.objects.none(),
        required=False,
        empty_label=_("Every centre (national)"),
    )
    children_in_province = forms.BooleanField(label=_("Keep children within their province"), required=False)
    families_together = forms.BooleanField(label=_("Keep a family's members together"), required=False)

    def __init__(self, *args: Any, centres: QuerySet[Sentra], national: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["centre"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = centres
        field.required = not national
        if not national:
            field.empty_label = None


class CentreChoiceForm(forms.Form):
    centre = forms.ModelChoiceField(label=_("Centre"), queryset=Sentra.objects.filter(is_active=True))


class CapacityForm(forms.Form):
    centre = forms.ModelChoiceField(label=_("Centre"), queryset=Sentra.objects.filter(is_active=True))
    service = forms.ChoiceField(label=_("Service"), choices=())
    delta = forms.IntegerField(
        label=_("Change of places (+/-)"), min_value=-MAX_CAPACITY_DELTA, max_value=MAX_CAPACITY_DELTA
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = service_choices()

    def clean_delta(self) -> int:
        value: int = self.cleaned_data["delta"]
        if value == 0:
            raise forms.ValidationError(_("Enter a change other than 0."))
        return value
