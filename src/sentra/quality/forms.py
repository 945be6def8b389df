"""Forms of the quality pages. They parse input; the services decide what is allowed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sentra.core.models import User
from sentra.network.forms import apply_service_errors
from sentra.network.models import Sentra, ServiceComponent
from sentra.quality import services
from sentra.quality.models import (
    ActionStatus,
    AgeGroup,
    Channel,
    ComplaintAbout,
    ComplaintCategory,
    ComplaintChannel,
    Education,
    HolidayKind,
    ImprovementAction,
    Occupation,
    PeriodKind,
    Sex,
    SurveyPeriod,
)
from sentra.quality.rules.elements import ELEMENT_TEXTS
from sentra.quality.rules.ikm import ELEMENT_NAMES
from sentra.quality.services.responses import SUGGESTIONS_MAX

__all__ = [
    "ActionForm",
    "ComplaintForm",
    "PeriodForm",
    "SurveyForm",
    "apply_service_errors",
]

NOT_STATED = [("", _("Prefer not to say"))]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _language() -> str:
    return (get_language() or "id").lower()


def person_label(user: User) -> str:
    return user.get_full_name() or user.username


class SurveyForm(forms.Form):
    """The questionnaire: nine elements with the regulation's answer labels, profile, suggestions."""

    code = forms.CharField(
        label=_("Code on your survey slip (if you have one)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=NOT_STATED + list(Sex.choices))
    age_group = forms.ChoiceField(label=_("Age"), required=False, choices=NOT_STATED + list(AgeGroup.choices))
    education = forms.ChoiceField(
        label=_("Education"), required=False, choices=NOT_STATED + list(Education.choices)
    )
    occupation = forms.ChoiceField(
        label=_("Occupation"), required=False, choices=NOT_STATED + list(Occupation.choices)
    )
    service = forms.ChoiceField(label=_("Service you received"), required=False)
    served_by = forms.TypedChoiceField(
        label=_("Who served you? (optional)"), required=False, coerce=int, empty_value=None
    )
    suggestions = forms.CharField(
        label=_("Suggestions and feedback"),
        required=False,
        max_length=SUGGESTIONS_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, staff: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = _language()
        for text in ELEMENT_TEXTS:
            self.fields[text.name] = forms.TypedChoiceField(
                label=text.question(language),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(str(value), label) for value, label in enumerate(text.answers(language), start=1)],
                widget=forms.RadioSelect,
            )
        service = self.fields["service"]
        assert isinstance(service, forms.ChoiceField)
        service.choices = NOT_STATED + [
            (component.code, f"{component.number}. {component.label}")
            for component in ServiceComponent.objects.order_by("number")
        ]
        served_by = self.fields["served_by"]
        assert isinstance(served_by, forms.ChoiceField)
        served_by.choices = [("", _("I would rather not say"))] + [
            (str(user.pk), person_label(user)) for user in staff
        ]

    def element_fields(self) -> list[tuple[Any, forms.BoundField]]:
        return [(text, self[text.name]) for text in ELEMENT_TEXTS]

    def profile_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("sex", "age_group", "education", "occupation", "service")]

    def to_input(self) -> services.ResponseInput:
        data = self.cleaned_data
        return services.ResponseInput(
            answers={name: data.get(name) for name in ELEMENT_NAMES},
            sex=data.get("sex", ""),
            age_group=data.get("age_group", ""),
            education=data.get("education", ""),
            occupation=data.get("occupation", ""),
            service_code=data.get("service", ""),
            suggestions=data.get("suggestions", ""),
            served_by_id=data.get("served_by"),
        )


class StaffEntryForm(SurveyForm):
    """A paper questionnaire typed in, or one filled in with a respondent who asked for help."""

    channel = forms.ChoiceField(
        label=_("How was it answered?"),
        choices=[
            (Channel.PAPER, Channel.PAPER.label),
            (Channel.ASSISTED, _("Assisted: I read it out and filled it in")),
        ],
        widget=forms.RadioSelect,
        initial=Channel.PAPER,
    )
    paper_number = forms.CharField(
        label=_("Questionnaire number (paper)"),
        required=False,
        max_length=30,
        help_text=_("The number on the paper form, so that no form is entered twice."),
    )


class PeriodForm(forms.Form):
    sentra = forms.ModelChoiceField(label=_("Centre"), queryset=Sentra.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2017, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Semester"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("Whole year")),
            ("1", _("Semester I (January-June)")),
            ("2", _("Semester II (July-December)")),
        ],
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    population = forms.IntegerField(
        label=_("Population served"),
        required=False,
        min_value=1,
        help_text=_(
            "Beneficiaries, families and referrers served in the period; it sets the minimum number of "
            "respondents (Krejcie-Morgan). A new period counts them from the registry; the figure typed "
            "here stands only when the registry has no one served in these dates."
        ),
    )
    population_note = forms.CharField(
        label=_("Source of the population figure"), required=False, max_length=300
    )

    def __init__(
        self, *args: Any, centres: Any = None, period: SurveyPeriod | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        sentra = self.fields["sentra"]
        assert isinstance(sentra, forms.ModelChoiceField)
        if period is not None:
            del self.fields["sentra"]
        else:
            sentra.queryset = centres if centres is not None else Sentra.objects.none()

    @classmethod
    def initial_from(cls, period: SurveyPeriod) -> dict[str, Any]:
        return {
            "kind": period.kind,
            "year": period.year,
            "half": str(period.half or ""),
            "starts_on": period.starts_on,
            "ends_on": period.ends_on,
            "population": period.population,
            "population_note": period.population_note,
        }

    def to_input(self) -> services.PeriodInput:
        data = self.cleaned_data
        return services.PeriodInput(
            kind=data["kind"],
            year=data["year"],
            half=data.get("half") or 0,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            population=data.get("population"),
            population_note=data.get("population_note", ""),
        )


class CodeBatchForm(forms.Form):
    count = forms.IntegerField(label=_("How many slips?"), min_value=1, max_value=500, initial=40)


class ActionForm(forms.Form):
    element = forms.ChoiceField(label=_("Element"))
    title = forms.CharField(label=_("Action"), max_length=200)
    description = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.PLANNED)
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=DATE)
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, staff: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = _language()
        element = self.fields["element"]
        assert isinstance(element, forms.ChoiceField)
        element.choices = [(text.name, text.title(language)) for text in ELEMENT_TEXTS]
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ChoiceField)
        owner.choices = [(str(user.pk), person_label(user)) for user in staff]

    @classmethod
    def initial_from(cls, action: ImprovementAction) -> dict[str, Any]:
        return {
            "element": action.element,
            "title": action.title,
            "description": action.description,
            "owner": str(action.owner_id),
            "due_on": action.due_on,
            "status": action.status,
            "completed_on": action.completed_on,
            "outcome": action.outcome,
        }

    def to_input(self) -> services.ActionInput:
        data = self.cleaned_data
        return services.ActionInput(
            element=data["element"],
            title=data["title"],
            description=data.get("description", ""),
            owner_id=data["owner"],
            due_on=data["due_on"],
            status=data["status"],
            completed_on=data.get("completed_on"),
            outcome=data.get("outcome", ""),
        )


# --- complaints --------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single_file_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_file_clean(item, initial) for item in data]
        return [single_file_clean(data, initial)] if data else []


class ComplaintForm(forms.Form):
    category = forms.ChoiceField(label=_("What is it about?"))
    about = forms.ChoiceField(
        label=_("Who or what is the complaint about?"),
        choices=ComplaintAbout.choices,
        initial=ComplaintAbout.CENTRE,
        widget=forms.RadioSelect,
    )
    service = forms.ChoiceField(label=_("Which service?"), required=False)
    subject_staff = forms.TypedChoiceField(
        label=_("Which staff member?"), required=False, coerce=int, empty_value=None
    )
    subject_staff_name = forms.CharField(
        label=_("Or describe the staff member"), required=False, max_length=150
    )
    description = forms.CharField(
        label=_("What happened?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    attachments = MultipleFileField(
        label=_("Photos or documents (optional)"),
        required=False,
        help_text=_("JPEG, PNG or PDF; at most 3 files of 5 MB each."),
    )
    anonymous = forms.BooleanField(
        label=_("Complain anonymously (we will not know who you are and cannot contact you)"), required=False
    )
    name = forms.CharField(label=_("Your name"), required=False, max_length=150)
    phone = forms.CharField(label=_("Phone or WhatsApp (optional)"), required=False, max_length=30)
    email = forms.CharField(label=_("Email (optional)"), required=False, max_length=254)

    def __init__(self, *args: Any, staff: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [("", "---------")] + [
            (item.code, item.label)
            for item in ComplaintCategory.objects.filter(is_active=True).order_by("order")
        ]
        service = self.fields["service"]
        assert isinstance(service, forms.ChoiceField)
        service.choices = [("", "---------")] + [
            (component.code, f"{component.number}. {component.label}")
            for component in ServiceComponent.objects.order_by("number")
        ]
        subject = self.fields["subject_staff"]
        assert isinstance(subject, forms.ChoiceField)
        subject.choices = [("", _("I do not know the name"))] + [
            (str(user.pk), person_label(user)) for user in staff
        ]

    def to_input(self) -> services.ComplaintInput:
        data = self.cleaned_data
        return services.ComplaintInput(
            category_code=data.get("category", ""),
            about=data.get("about", ""),
            description=data.get("description", ""),
            service_code=data.get("service", ""),
            subject_staff_id=data.get("subject_staff"),
            subject_staff_name=data.get("subject_staff_name", ""),
            anonymous=bool(data.get("anonymous")),
            name=data.get("name", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
        )

    def uploads(self) -> list[services.Upload]:
        return [
            services.Upload(name=item.name, content=item.read())
            for item in self.cleaned_data.get("attachments") or []
        ]


class StaffComplaintForm(ComplaintForm):
    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[
            (value, label) for value, label in ComplaintChannel.choices if value != ComplaintChannel.WEB
        ],
    )
    lapor_reference = forms.CharField(label=_("LAPOR! reference (if any)"), required=False, max_length=40)
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DATE)

    field_order = ["channel", "received_on", "lapor_reference"]

    def received_at(self, sentra: Sentra) -> datetime.datetime | None:
        """Noon of the day received, in the centre's time zone (None: now)."""
        import zoneinfo

        day = self.cleaned_data.get("received_on")
        if day is None:
            return None
        return datetime.datetime.combine(day, datetime.time(12), tzinfo=zoneinfo.ZoneInfo(sentra.time_zone))


class TriageForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    subject_staff = forms.TypedChoiceField(
        label=_("Staff member concerned"), required=False, coerce=int, empty_value=None
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, staff: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [
            (item.code, f"{item.label} ({item.response_days}/{item.resolution_days})")
            for item in ComplaintCategory.objects.filter(is_active=True).order_by("order")
        ]
        subject = self.fields["subject_staff"]
        assert isinstance(subject, forms.ChoiceField)
        subject.choices = [("", "---------")] + [(str(user.pk), person_label(user)) for user in staff]


class AssignForm(forms.Form):
    assigned_to = forms.TypedChoiceField(label=_("Handled by"), coerce=int)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, staff: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_to"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (str(user.pk), f"{person_label(user)} ({user.get_role_display()})") for user in staff
        ]


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class TrackingForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How well was your complaint handled?"),
        coerce=int,
        choices=[
            ("1", _("Badly")),
            ("2", _("Not well")),
            ("3", _("Well")),
            ("4", _("Very well")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HolidayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=HolidayKind.choices)


def clean_errors(form: forms.BaseForm, exc: ValidationError, renames: dict[str, str] | None = None) -> None:
    """Put a service's refusal on the form: on the named fields, the rest at the top."""
    leftovers = apply_service_errors(form, exc, renames)
    for name in leftovers:
        for message in exc.message_dict[name]:
            form.add_error(None, message)
