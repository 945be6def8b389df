"""Forms of the readiness pages: the staff self-assessment and the improvement plan."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sentra.core.models import User
from sentra.quality.models import Aspect, PlanStatus, ReadinessAction
from sentra.quality.rules.readiness import SELF_ASSESSMENT_ITEMS
from sentra.quality.services.readiness import PlanActionInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The statements of the self-assessment on service orientation (answered 1 = never ... 4 = always).
SELF_ASSESSMENT_TEXT = {
    "listening": _("I listen to beneficiaries and their families until I understand what they need."),
    "dignity": _("I treat every beneficiary with respect, whatever their condition or background."),
    "timeliness": _("I answer beneficiaries' requests and complaints within the time promised."),
    "information": _("I explain services, rights and procedures in words the person understands."),
    "improvement": _("I look for ways to serve better and act on feedback from the people we serve."),
}
SCALE = [
    ("1", _("1 — never")),
    ("2", _("2 — sometimes")),
    ("3", _("3 — often")),
    ("4", _("4 — always")),
]
assert tuple(SELF_ASSESSMENT_TEXT) == SELF_ASSESSMENT_ITEMS


class SelfAssessmentForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, text in SELF_ASSESSMENT_TEXT.items():
            self.fields[key] = forms.TypedChoiceField(
                label=text, choices=SCALE, coerce=int, widget=forms.RadioSelect
            )

    def answers(self) -> dict[str, object]:
        return {key: self.cleaned_data[key] for key in SELF_ASSESSMENT_ITEMS}


class PlanActionForm(forms.Form):
    aspect = forms.ChoiceField(label=_("Aspect"), choices=Aspect.choices)
    title = forms.CharField(label=_("Action"), max_length=200)
    description = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    budget = forms.DecimalField(label=_("Budget (Rp)"), min_value=0, decimal_places=0, initial=0)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices, initial=PlanStatus.PLANNED)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, initial=0)
    progress_note = forms.CharField(
        label=_("Progress note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, staff: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ChoiceField)
        owner.choices = [(str(user.pk), user.get_full_name() or user.username) for user in staff]

    @classmethod
    def initial_from(cls, action: ReadinessAction) -> dict[str, Any]:
        return {
            "aspect": action.aspect,
            "title": action.title,
            "description": action.description,
            "owner": str(action.owner_id),
            "budget": action.budget,
            "due_on": action.due_on,
            "status": action.status,
            "progress": action.progress,
            "progress_note": action.progress_note,
        }

    def to_input(self) -> PlanActionInput:
        data = self.cleaned_data
        return PlanActionInput(
            aspect=data["aspect"],
            title=data["title"],
            owner_id=data["owner"],
            due_on=data["due_on"],
            budget=Decimal(data["budget"]),
            description=data.get("description", ""),
            status=data["status"],
            progress=data["progress"],
            progress_note=data.get("progress_note", ""),
        )
