"""Forms of the training pages; the services hold the rules, these only parse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sentra.network.models import Cluster, Sentra
from sentra.training.models import Course, ExchangeStatus, TrainingKind
from sentra.training.services import CourseInput, ProgrammeInput, SessionInput
from sentra.workforce.fields import BoundedIntegerField, IdChoiceField, IdMultipleChoiceField
from sentra.workforce.models import Competency, CredentialKind, Language, StaffMember


class DateInput(forms.DateInput):
    input_type = "date"


class SessionForm(forms.Form):
    course = IdChoiceField(label=_("Course"), queryset=Course.objects.filter(is_active=True))
    sentra = IdChoiceField(label=_("Host centre"), queryset=Sentra.objects.none())
    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput)
    trainer = forms.CharField(label=_("Trainer"), max_length=200)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=500)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)

    def __init__(self, *args: Any, centres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sentra"].queryset = centres  # type: ignore[attr-defined]

    def to_input(self) -> SessionInput:
        data = self.cleaned_data
        return SessionInput(
            data["starts_on"], data["ends_on"], data["trainer"], data["capacity"], data["location"]
        )


class EnrolForm(forms.Form):
    staff = IdChoiceField(label=_("Staff member"), queryset=StaffMember.objects.none())

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]


class EvaluateForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Rating"), coerce=int, choices=[(n, str(n)) for n in range(1, 6)])
    feedback = forms.CharField(label=_("Feedback"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PlanForm(forms.Form):
    sentra = IdChoiceField(label=_("Centre"), queryset=Sentra.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)

    def __init__(self, *args: Any, centres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sentra"].queryset = centres  # type: ignore[attr-defined]


class ExchangeForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ExchangeStatus.choices)
    planned_on = forms.DateField(label=_("Planned on"), widget=DateInput, required=False)
    learnt = forms.CharField(
        label=_("What was learnt"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    follow_up = forms.CharField(
        label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    country = forms.CharField(label=_("Country"), max_length=100)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    sentra = IdChoiceField(label=_("Organising centre"), queryset=Sentra.objects.none())
    centres = IdMultipleChoiceField(
        label=_("Centres whose staff may apply"), queryset=Sentra.objects.filter(is_active=True)
    )
    competency = IdChoiceField(
        label=_("Competency"), queryset=Competency.objects.filter(is_active=True), to_field_name="code"
    )
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000)
    opens_on = forms.DateField(label=_("Applications open"), widget=DateInput)
    closes_on = forms.DateField(label=_("Applications close"), widget=DateInput)
    departs_on = forms.DateField(label=_("Departs on"), widget=DateInput)
    returns_on = forms.DateField(label=_("Returns on"), widget=DateInput)
    min_tenure_years = forms.DecimalField(
        label=_("Minimum tenure (years)"), min_value=0, max_value=40, initial=2
    )
    required_credentials = forms.MultipleChoiceField(
        label=_("Required credentials"),
        choices=CredentialKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=_("Language of study"), choices=[("", "-"), *Language.choices], required=False
    )
    min_language_level = forms.IntegerField(
        label=_("Minimum language level (0-4)"), min_value=0, max_value=4, initial=0
    )
    weight_relevance = BoundedIntegerField(
        label=_("Weight: relevance to the centre's gap"), min_value=0, initial=30
    )
    weight_competency = BoundedIntegerField(label=_("Weight: competency level"), min_value=0, initial=25)
    weight_performance = BoundedIntegerField(label=_("Weight: performance"), min_value=0, initial=20)
    weight_tenure = BoundedIntegerField(label=_("Weight: tenure"), min_value=0, initial=10)
    weight_language = BoundedIntegerField(label=_("Weight: language"), min_value=0, initial=15)
    max_per_centre = BoundedIntegerField(label=_("At most per centre"), min_value=1, required=False)
    max_per_region = BoundedIntegerField(label=_("At most per province"), min_value=1, required=False)
    min_women = BoundedIntegerField(label=_("At least women"), min_value=0, required=False)
    min_men = BoundedIntegerField(label=_("At least men"), min_value=0, required=False)
    min_per_cluster = BoundedIntegerField(
        label=_("At least per cluster listed below"), min_value=0, required=False
    )
    quota_clusters = forms.MultipleChoiceField(
        label=_("Clusters with a minimum"),
        choices=Cluster.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, centres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sentra"].queryset = centres  # type: ignore[attr-defined]

    def quotas(self) -> tuple[dict[str, Any], ...]:
        data = self.cleaned_data
        rows: list[dict[str, Any]] = []
        if data.get("max_per_centre"):
            rows.append(
                {"attribute": "centre", "value": None, "minimum": 0, "maximum": data["max_per_centre"]}
            )
        if data.get("max_per_region"):
            rows.append(
                {"attribute": "region", "value": None, "minimum": 0, "maximum": data["max_per_region"]}
            )
        if data.get("min_women"):
            rows.append({"attribute": "gender", "value": "F", "minimum": data["min_women"], "maximum": None})
        if data.get("min_men"):
            rows.append({"attribute": "gender", "value": "M", "minimum": data["min_men"], "maximum": None})
        if data.get("min_per_cluster"):
            for cluster in data.get("quota_clusters") or []:
                rows.append(
                    {
                        "attribute": "cluster",
                        "value": cluster,
                        "minimum": data["min_per_cluster"],
                        "maximum": None,
                    }
                )
        return tuple(rows)

    def to_input(self) -> ProgrammeInput:
        data = self.cleaned_data
        return ProgrammeInput(
            title=data["title"],
            country=data["country"],
            description=data["description"],
            competency=data["competency"].code,
            places=data["places"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            departs_on=data["departs_on"],
            returns_on=data["returns_on"],
            centre_ids=tuple(c.pk for c in data["centres"]),
            min_tenure_years=float(data["min_tenure_years"]),
            required_credentials=tuple(data["required_credentials"]),
            language=data["language"],
            min_language_level=data["min_language_level"],
            weights={
                name: data[f"weight_{name}"]
                for name in ("relevance", "competency", "performance", "tenure", "language")
            },
            quotas=self.quotas(),
        )


class ApplyForm(forms.Form):
    motivation = forms.CharField(
        label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    language_level = forms.IntegerField(
        label=_("Your level in the language of study (0-4)"), min_value=0, max_value=4, initial=0
    )


class NominateForm(ApplyForm):
    staff = IdChoiceField(label=_("Staff member"), queryset=StaffMember.objects.none())

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]
        self.fields["language_level"].label = _("Language level (0-4)")


class ObligationForm(forms.Form):
    delivered = BoundedIntegerField(label=_("Delivered"), min_value=0)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    done_on = forms.DateField(label=_("Done on"), widget=DateInput, required=False)


class CourseForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    sentra = IdChoiceField(
        label=_("Centre"),
        queryset=Sentra.objects.none(),
        required=False,
        help_text=_("Leave empty for a national course (system administrator only)."),
    )
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    hours = forms.IntegerField(label=_("Hours"), min_value=0, max_value=2000, initial=0)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    competency = IdChoiceField(
        label=_("Competency raised"), queryset=Competency.objects.filter(is_active=True), to_field_name="code"
    )
    level = forms.IntegerField(label=_("Level on completion (1-4)"), min_value=1, max_value=4)
    competency_2 = IdChoiceField(
        label=_("Second competency raised"),
        queryset=Competency.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
    )
    level_2 = forms.IntegerField(
        label=_("Its level on completion (1-4)"), min_value=1, max_value=4, required=False
    )

    def __init__(self, *args: Any, centres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sentra"].queryset = centres  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("competency_2") and not data.get("level_2"):
            self.add_error("level_2", _("Give the level for the second competency."))
        return data

    def to_input(self) -> CourseInput:
        data = self.cleaned_data
        outcomes = {data["competency"].code: data["level"]}
        if data.get("competency_2"):
            outcomes[data["competency_2"].code] = data["level_2"]
        return CourseInput(
            code=data["code"],
            title=data["title"],
            kind=data["kind"],
            outcomes=outcomes,
            description=data["description"],
            provider=data["provider"],
            hours=data["hours"],
        )
