"""Forms of the case pages. They parse input; the services decide what is allowed and say why not.

Choice fields accept any value (``Loose*``) where the service explains a refusal better than a
generic "select a valid choice" would.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sentra.beneficiaries.models import Beneficiary
from sentra.cases import services
from sentra.cases.models import (
    AssistanceKind,
    AttachmentKind,
    Attendance,
    DeclineReason,
    DischargeReason,
    Frequency,
    NoteKind,
    OutsideService,
    PlannedService,
    Presence,
    ReferralTarget,
    Room,
    RoomSex,
    Stage,
    TeamRole,
    TerminationReason,
    Urgency,
    WaitingFor,
    WaitingRemoval,
)
from sentra.core.models import User
from sentra.network.forms import apply_service_errors
from sentra.network.models import Cluster, Sentra, ServiceComponent, Setting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
BLANK = [("", "—")]


def person_label(user: User) -> str:
    name = user.get_full_name() or user.username
    profession = user.get_profession_display() if user.profession else user.get_role_display()
    return f"{name} ({profession})"


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


def component_choices() -> list[tuple[str, str]]:
    return [(c.code, f"{c.number}. {c.label}") for c in ServiceComponent.objects.order_by("number")]


def subtype_choices() -> list[tuple[str, Any]]:
    groups: list[tuple[str, Any]] = [("", "—")]
    for component in ServiceComponent.objects.prefetch_related("subtypes").order_by("number"):
        subtypes = [(sub.code, sub.label) for sub in component.subtypes.all()]
        if subtypes:
            groups.append((f"{component.number}. {component.label}", subtypes))
    return groups


class LooseChoiceField(forms.ChoiceField):
    """Shows the choices but lets any value through to the service, which names the problem."""

    def valid_value(self, value: Any) -> bool:
        return True


def put_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's errors on the form's fields; what fits no field goes on top of the form."""
    leftovers = apply_service_errors(form, exc)
    if leftovers and hasattr(exc, "error_dict"):
        for name in leftovers:
            for message in exc.message_dict[name]:
                form.add_error(None, message)


# --- Cases ----------------------------------------------------------------------------------------


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or case number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("Any"))])
    mine = forms.BooleanField(label=_("Only my cases"), required=False)
    include_closed = forms.BooleanField(label=_("Include closed"), required=False)

    def __init__(self, *args: Any, stage_labels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stage_field = self.fields["stage"]
        assert isinstance(stage_field, forms.ChoiceField)
        stage_field.choices = [("", _("Any")), *stage_labels.items()]


class CaseOpenForm(forms.Form):
    beneficiary = forms.ModelChoiceField(label=_("Person"), queryset=Beneficiary.objects.none())
    sentra = forms.ModelChoiceField(label=_("Centre"), queryset=Sentra.objects.none())
    case_manager = PersonChoiceField(label=_("Case manager"), queryset=User.objects.none(), required=False)
    setting = LooseChoiceField(label=_("Setting"), choices=Setting.choices)
    cluster = LooseChoiceField(label=_("Cluster"), choices=Cluster.choices)
    presenting_problem = forms.CharField(label=_("Presenting problem"), required=False, widget=TEXT)
    opened_on = forms.DateField(label=_("Opened on"), required=False, widget=DATE)

    def __init__(
        self,
        *args: Any,
        beneficiaries: QuerySet[Any],
        centres: QuerySet[Sentra],
        case_managers: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"].queryset = beneficiaries  # type: ignore[attr-defined]
        self.fields["sentra"].queryset = centres  # type: ignore[attr-defined]
        self.fields["case_manager"].queryset = case_managers  # type: ignore[attr-defined]


class TransitionForm(forms.Form):
    to_stage = LooseChoiceField(label=_("Move to"), choices=Stage.choices)
    reason = forms.CharField(label=_("Why"), required=False, widget=TEXT)
    assessment_summary = forms.CharField(
        label=_("Assessment summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when leaving the assessment stage: the needs found and what they call for."),
    )
    termination_reason = LooseChoiceField(
        label=_("Termination reason"), required=False, choices=BLANK + list(TerminationReason.choices)
    )

    def __init__(self, *args: Any, next_stages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stage_field = self.fields["to_stage"]
        assert isinstance(stage_field, forms.ChoiceField)
        stage_field.choices = next_stages


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Closing note"), required=False, widget=TEXT)


class AssignForm(forms.Form):
    case_manager = PersonChoiceField(label=_("New case manager"), queryset=User.objects.none())

    def __init__(self, *args: Any, case_managers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = case_managers  # type: ignore[attr-defined]


class TeamForm(forms.Form):
    user = PersonChoiceField(label=_("Professional"), queryset=User.objects.none())
    team_role = LooseChoiceField(label=_("Role in the team"), choices=TeamRole.choices)

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff  # type: ignore[attr-defined]


# --- Plans ----------------------------------------------------------------------------------------


class GoalForm(forms.Form):
    description = forms.CharField(label=_("Goal"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    indicator = forms.CharField(
        label=_("Indicator"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in ("description", "indicator", "target_date"))

    def to_input(self) -> services.GoalInput:
        data = self.cleaned_data
        return services.GoalInput(data["description"], data["indicator"], data["target_date"])


class PlannedServiceForm(forms.Form):
    component = LooseChoiceField(label=_("ATENSI component"), required=False)
    subtype = LooseChoiceField(label=_("Sub-type"), required=False)
    description = forms.CharField(label=_("Service"), required=False, max_length=200)
    responsible = PersonChoiceField(label=_("Responsible"), queryset=User.objects.none(), required=False)
    times = forms.IntegerField(label=_("Times"), required=False, min_value=1, max_value=100, initial=1)
    frequency = LooseChoiceField(
        label=_("Frequency"), required=False, choices=BLANK + list(Frequency.choices)
    )

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = staff  # type: ignore[attr-defined]
        self.fields["component"].choices = BLANK + component_choices()  # type: ignore[attr-defined]
        self.fields["subtype"].choices = subtype_choices()  # type: ignore[attr-defined]

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in ("component", "description", "responsible"))

    def to_input(self) -> services.PlannedServiceInput:
        data = self.cleaned_data
        return services.PlannedServiceInput(
            component=data["component"] or "",
            subtype=data["subtype"] or "",
            description=data["description"],
            responsible=data["responsible"],
            frequency=data["frequency"] or "",
            times=data["times"] or 1,
        )


class PlanForm(forms.Form):
    summary = forms.CharField(label=_("Summary"), required=False, widget=TEXT)
    revision_reason = forms.CharField(
        label=_("Reason for the revision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed for every version after the first."),
    )


GoalFormSet = forms.formset_factory(GoalForm, extra=2)
PlannedServiceFormSet = forms.formset_factory(PlannedServiceForm, extra=2)


def rows_of(formset: forms.BaseFormSet[Any]) -> list[tuple[int, Any]]:
    """(form index, form) of the rows someone filled in."""
    return [(index, form) for index, form in enumerate(formset.forms) if not form.is_blank()]


def put_row_errors(
    formset: forms.BaseFormSet[Any], rows: list[tuple[int, Any]], prefix: str, exc: ValidationError
) -> None:
    """``goals.1.target_date`` from the service -> the right field of the second filled-in row."""
    if not hasattr(exc, "error_dict"):
        return
    for key, messages in exc.message_dict.items():
        parts = key.split(".")
        if len(parts) != 3 or parts[0] != prefix or not parts[1].isdigit():
            continue
        position = int(parts[1])
        if position >= len(rows):
            continue
        form = rows[position][1]
        for message in messages:
            form.add_error(parts[2] if parts[2] in form.fields else None, message)


# --- Delivery -------------------------------------------------------------------------------------


class ServiceLogForm(forms.Form):
    planned_service = forms.ModelChoiceField(
        label=_("Planned service"), queryset=PlannedService.objects.none(), required=False
    )
    component = LooseChoiceField(label=_("ATENSI component"), required=False)
    subtype = LooseChoiceField(label=_("Sub-type"), required=False)
    delivered_on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=0, initial=60
    )
    provider = PersonChoiceField(label=_("Provider"), queryset=User.objects.none(), required=False)
    attendance = LooseChoiceField(label=_("Attendance"), choices=Attendance.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=TEXT)

    def __init__(self, *args: Any, planned: QuerySet[Any], staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["planned_service"].queryset = planned  # type: ignore[attr-defined]
        self.fields["provider"].queryset = staff  # type: ignore[attr-defined]
        self.fields["component"].choices = BLANK + component_choices()  # type: ignore[attr-defined]
        self.fields["subtype"].choices = subtype_choices()  # type: ignore[attr-defined]


class AssistanceForm(forms.Form):
    kind = LooseChoiceField(label=_("Kind"), choices=AssistanceKind.choices)
    given_on = forms.DateField(label=_("Given on"), required=False, widget=DATE)
    amount = forms.DecimalField(
        label=_("Amount (IDR)"), required=False, min_value=0, decimal_places=0, max_digits=14
    )
    items = forms.CharField(label=_("Items"), required=False, widget=TEXT)
    programme = forms.CharField(label=_("Programme or source"), required=False, max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, widget=TEXT)


class NoteForm(forms.Form):
    kind = LooseChoiceField(
        label=_("Kind"),
        choices=[(k, v) for k, v in NoteKind.choices if k != NoteKind.ASSESSMENT_SUMMARY],
    )
    written_on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    text = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class ConferenceForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), required=False, widget=DATE)
    participants = PeopleChoiceField(
        label=_("Staff participants"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_participants = forms.CharField(label=_("Other participants"), required=False, widget=TEXT)
    discussion = forms.CharField(label=_("Discussion"), required=False, widget=TEXT)
    decisions = forms.CharField(label=_("Decisions"), required=False, widget=TEXT)

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = staff  # type: ignore[attr-defined]


class AttachmentForm(forms.Form):
    kind = LooseChoiceField(label=_("Type of document"), choices=AttachmentKind.choices)
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("PDF, JPG, PNG, DOCX or XLSX; at most 10 MB.")
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=200)


# --- Tasks ----------------------------------------------------------------------------------------


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), required=False, max_length=200)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)
    assigned_to = PersonChoiceField(label=_("Assigned to"), queryset=User.objects.none(), required=False)
    details = forms.CharField(label=_("Details"), required=False, widget=TEXT)

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = staff  # type: ignore[attr-defined]


# --- Referrals and transfers ----------------------------------------------------------------------


class ReferralForm(forms.Form):
    target_kind = LooseChoiceField(label=_("Refer to"), choices=ReferralTarget.choices)
    to_sentra = forms.ModelChoiceField(
        label=_("Receiving centre or LKS"), queryset=Sentra.objects.none(), required=False
    )
    outside_kind = LooseChoiceField(
        label=_("Kind of outside service"), required=False, choices=BLANK + list(OutsideService.choices)
    )
    outside_name = forms.CharField(label=_("Name of the outside service"), required=False, max_length=200)
    components = forms.ModelMultipleChoiceField(
        label=_("Services requested"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    urgency = LooseChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    reason = forms.CharField(
        label=_("Reason for the referral"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shared with the receiver together with the summary below; write only what they need."),
    )

    def __init__(self, *args: Any, targets: QuerySet[Sentra], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_sentra"].queryset = targets  # type: ignore[attr-defined]
        self.fields["components"].queryset = ServiceComponent.objects.order_by("number")  # type: ignore[attr-defined]
        self.fields["components"].label_from_instance = lambda c: f"{c.number}. {c.label}"  # type: ignore[attr-defined]


class ReferralAcceptForm(forms.Form):
    note = forms.CharField(label=_("Note to the sender"), required=False, widget=TEXT)
    open_case = forms.BooleanField(label=_("Open a case here now"), required=False)
    case_manager = PersonChoiceField(label=_("Case manager"), queryset=User.objects.none(), required=False)
    setting = LooseChoiceField(label=_("Setting"), required=False, choices=BLANK + list(Setting.choices))

    def __init__(self, *args: Any, case_managers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = case_managers  # type: ignore[attr-defined]


class ReferralDeclineForm(forms.Form):
    decline_reason = LooseChoiceField(
        label=_("Reason for declining"), choices=BLANK + list(DeclineReason.choices)
    )
    note = forms.CharField(label=_("Explanation"), required=False, widget=TEXT)


class ReferralOutcomeForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("The service"),
        choices=[("yes", _("accepted the person")), ("no", _("declined"))],
        coerce=lambda value: value == "yes",
    )
    decline_reason = LooseChoiceField(
        label=_("Reason for declining"), required=False, choices=BLANK + list(DeclineReason.choices)
    )
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT)


class TransferForm(forms.Form):
    to_sentra = forms.ModelChoiceField(
        label=_("Receiving centre"), queryset=Sentra.objects.none(), required=False
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=TEXT)

    def __init__(self, *args: Any, targets: QuerySet[Sentra], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_sentra"].queryset = targets  # type: ignore[attr-defined]


class TransferAcceptForm(forms.Form):
    case_manager = PersonChoiceField(
        label=_("New case manager"), queryset=User.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT)

    def __init__(self, *args: Any, case_managers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = case_managers  # type: ignore[attr-defined]


class TransferDeclineForm(forms.Form):
    note = forms.CharField(label=_("Why the transfer is declined"), required=False, widget=TEXT)


# --- Residential and waiting list -----------------------------------------------------------------


class AdmitForm(forms.Form):
    admitted_on = forms.DateField(label=_("Admitted on"), required=False, widget=DATE)
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none(), required=False)
    bed = forms.CharField(label=_("Bed"), required=False, max_length=20)

    def __init__(self, *args: Any, rooms: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms  # type: ignore[attr-defined]


class AllocateForm(forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none(), required=False)
    bed = forms.CharField(label=_("Bed"), required=False, max_length=20)

    def __init__(self, *args: Any, rooms: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms  # type: ignore[attr-defined]


class LeaveForm(forms.Form):
    starts_on = forms.DateField(label=_("Leaves on"), required=False, widget=DATE)
    expected_return_on = forms.DateField(label=_("Expected back on"), required=False, widget=DATE)
    destination = forms.CharField(label=_("Staying with / where"), required=False, max_length=200)
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT)


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Returned on"), required=False, widget=DATE)


class DischargeForm(forms.Form):
    discharge_reason = LooseChoiceField(label=_("Reason"), choices=DischargeReason.choices)
    discharged_on = forms.DateField(label=_("Discharged on"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT)


class RoomForm(forms.Form):
    name = forms.CharField(label=_("Room"), required=False, max_length=60)
    beds = forms.IntegerField(label=_("Beds"), required=False, min_value=0, max_value=500)
    sex = LooseChoiceField(label=_("For"), choices=RoomSex.choices, initial=RoomSex.MIXED)


class RollCallForm(forms.Form):
    """One presence field per current resident, named ``stay_<id>``."""

    def __init__(self, *args: Any, stays: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stays = list(stays)
        for stay in self.stays:
            initial = Presence.ON_LEAVE if stay.status == "on_leave" else Presence.PRESENT
            self.fields[f"stay_{stay.pk}"] = LooseChoiceField(
                label=stay.case.beneficiary.full_name,
                choices=Presence.choices,
                initial=initial,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{stay.pk}"] = forms.CharField(label=_("Note"), required=False, max_length=200)

    def marks(self) -> dict[int, services.RollCallMark]:
        return {
            stay.pk: services.RollCallMark(
                self.cleaned_data[f"stay_{stay.pk}"], self.cleaned_data[f"note_{stay.pk}"]
            )
            for stay in self.stays
        }

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(stay, self[f"stay_{stay.pk}"], self[f"note_{stay.pk}"]) for stay in self.stays]


class WaitingForm(forms.Form):
    beneficiary = forms.ModelChoiceField(
        label=_("Person"), queryset=Beneficiary.objects.none(), required=False
    )
    waiting_for = LooseChoiceField(label=_("Waiting for"), choices=WaitingFor.choices)
    component = forms.ModelChoiceField(
        label=_("Service (ATENSI component)"), queryset=ServiceComponent.objects.none(), required=False
    )
    urgency = LooseChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT)

    def __init__(self, *args: Any, beneficiaries: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"].queryset = beneficiaries  # type: ignore[attr-defined]
        self.fields["component"].queryset = ServiceComponent.objects.order_by("number")  # type: ignore[attr-defined]
        self.fields["component"].label_from_instance = lambda c: f"{c.number}. {c.label}"  # type: ignore[attr-defined]


class WaitingRemoveForm(forms.Form):
    removal_reason = LooseChoiceField(label=_("Outcome"), choices=WaitingRemoval.choices)


# --- Case rules ---------------------------------------------------------------------------------------


class CaseRulesForm(forms.Form):
    initial_assessment_days = forms.IntegerField(
        label=_("Initial assessment due (days after intake)"), required=False
    )
    plan_review_days = forms.IntegerField(label=_("Plan review every (days)"), required=False)
    aftercare_months = forms.CharField(
        label=_("After-care follow-ups (months after termination)"),
        required=False,
        help_text=_("Comma-separated, e.g. 1, 3, 6. Leave empty for none."),
    )
    referral_response_days = forms.IntegerField(label=_("Referral response deadline (days)"), required=False)

    def __init__(self, *args: Any, stage_labels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stages = list(stage_labels.items())
        for stage, label in self.stages:
            for language in ("id", "en"):
                self.fields[f"label_{language}_{stage}"] = forms.CharField(
                    label=f"{label} ({language})", required=False, max_length=60
                )

    def clean_aftercare_months(self) -> list[int]:
        text = self.cleaned_data.get("aftercare_months", "") or ""
        months: list[int] = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise ValidationError(_("Whole months between 1 and 60, e.g. 1, 3, 6."))
            months.append(int(part))
        return months

    def stage_labels(self) -> dict[str, dict[str, str]]:
        return {
            stage: {lang: self.cleaned_data.get(f"label_{lang}_{stage}", "") or "" for lang in ("id", "en")}
            for stage, _label in self.stages
        }

    def label_rows(self) -> list[tuple[str, Any, Any]]:
        return [(label, self[f"label_id_{stage}"], self[f"label_en_{stage}"]) for stage, label in self.stages]
