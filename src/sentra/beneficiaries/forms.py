"""Forms of the registry pages. They parse input into typed values; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.beneficiaries.models import (
    Beneficiary,
    ConsentGiver,
    ConsentMethod,
    ConsentPurpose,
    DisabilityType,
    IntakeChannel,
    NoNikReason,
    Relationship,
    RelationshipType,
    ReviewStatus,
    Sex,
)
from sentra.beneficiaries.services import BeneficiaryInput, ConsentInput, RelationshipInput
from sentra.network.forms import AcceptingChoiceField, AcceptingMultipleChoiceField
from sentra.network.models import Cluster, Sentra

ANY = [("", _("Any"))]
CHOOSE = [("", _("Choose…"))]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AccessPurpose(forms.Form):
    """Why someone opens a sensitive section (written to the access log)."""

    CHOICES = [
        ("case_work", _("Case work")),
        ("assessment", _("Assessment")),
        ("service_delivery", _("Service delivery")),
        ("supervision", _("Supervision")),
        ("referral", _("Referral")),
        ("data_subject_request", _("Data-subject request")),
    ]
    purpose = forms.ChoiceField(label=_("Purpose"), choices=CHOICES)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("NIK, registration number or name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "placeholder": _("e.g. Siti Aminah or PM-7K3Q-9XJ2"),
            }
        ),
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=ANY + list(Sex.choices))
    cluster = forms.ChoiceField(label=_("Cluster"), required=False, choices=ANY + list(Cluster.choices))


class CentreChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class BeneficiaryForm(forms.Form):
    """Registration and edit. Search-first: NIK and name come first, the rest below."""

    sentra = CentreChoiceField(label=_("Registering centre"), queryset=Sentra.objects.none())
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "16 digits"}
        ),
        help_text=_("From the KTP or family card. Leave empty when the person has none, and say why."),
    )
    no_nik_reason = AcceptingChoiceField(
        label=_("Why there is no NIK"),
        required=False,
        choices=CHOOSE + list(NoNikReason.choices),
        accepted=NoNikReason.values,
    )
    no_nik_note = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, help_text=_("As written on the KTP; a single name is normal.")
    )
    aliases = forms.CharField(
        label=_("Other names (aliases)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: nicknames, spellings, street names."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE_WIDGET)
    estimated_age = forms.IntegerField(
        label=_("Estimated age (years)"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("Only when the birth date is not known."),
    )
    birth_place = forms.CharField(label=_("Place of birth"), required=False, max_length=100)
    kk_number = forms.CharField(
        label=_("Family card (KK) number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    region = forms.CharField(
        label=_("Region code (Kemendagri)"),
        required=False,
        max_length=13,
        widget=forms.TextInput(attrs={"placeholder": "32.75.01.1001", "autocomplete": "off"}),
        help_text=_("The village code, or the smallest region known. Look codes up on the regions page."),
    )
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=30, widget=forms.TextInput(attrs={"type": "tel"})
    )
    clusters = AcceptingMultipleChoiceField(
        label=_("Clusters"),
        required=False,
        choices=Cluster.choices,
        widget=forms.CheckboxSelectMultiple,
        accepted=Cluster.values,
    )
    disability_types = AcceptingMultipleChoiceField(
        label=_("Disability (functional difficulty)"),
        required=False,
        choices=DisabilityType.choices,
        widget=forms.CheckboxSelectMultiple,
        accepted=DisabilityType.values,
    )
    health_notes = forms.CharField(
        label=_("Health and disability notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sensitive: only staff with the sensitive-data permission can read it back."),
    )
    intake_channel = AcceptingChoiceField(
        label=_("How the person came"),
        choices=CHOOSE + list(IntakeChannel.choices),
        accepted=IntakeChannel.values,
    )
    dtks_reference = forms.CharField(label=_("DTKS/DTSEN reference"), required=False, max_length=40)
    dtks_snapshot_date = forms.DateField(
        label=_("DTKS/DTSEN snapshot date"), required=False, widget=DATE_WIDGET
    )
    photo = forms.FileField(
        label=_("Photo"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )
    confirm_new_person = forms.BooleanField(
        label=_("I checked the similar records listed; this is a different person."), required=False
    )

    SENSITIVE_FIELDS = ("disability_types", "health_notes")

    def __init__(
        self,
        *args: Any,
        centres: QuerySet[Sentra] | None = None,
        editing: Beneficiary | None = None,
        sensitive: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.sensitive = sensitive
        if editing is not None or centres is None:
            del self.fields["sentra"]
        else:
            field = self.fields["sentra"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = centres
            if centres.count() == 1:
                self.only_centre = centres.first()
                field.initial = self.only_centre
                field.required = False
                field.widget = forms.HiddenInput()
        if editing is not None:
            del self.fields["confirm_new_person"]
        if not sensitive:
            for name in self.SENSITIVE_FIELDS:
                del self.fields[name]
        live = reverse("beneficiaries:validate_field")
        for name, target in (("nik", "nik-check"), ("region", "region-check")):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": f"{live}?field={name}",
                    "hx-trigger": "input changed delay:400ms, change",
                    "hx-target": f"#{target}",
                    "hx-include": "this",
                    "aria-describedby": f"{target} id_{name}_helptext",
                }
            )

    only_centre: Sentra | None = None

    def clean_sentra(self) -> Sentra | None:
        """A person working in one centre registers there without choosing."""
        chosen: Sentra | None = self.cleaned_data.get("sentra")
        if chosen is None and self.only_centre is not None:
            return self.only_centre
        if chosen is None:
            raise forms.ValidationError(_("Choose the registering centre."), code="required")
        return chosen

    @staticmethod
    def initial_from(beneficiary: Beneficiary) -> dict[str, Any]:
        return {
            "nik": beneficiary.nik,
            "no_nik_reason": beneficiary.no_nik_reason,
            "no_nik_note": beneficiary.no_nik_note,
            "full_name": beneficiary.full_name,
            "aliases": "\n".join(beneficiary.aliases),
            "sex": beneficiary.sex,
            "birth_date": None if beneficiary.birth_date_estimated else beneficiary.birth_date,
            "estimated_age": beneficiary.estimated_age if beneficiary.birth_date_estimated else None,
            "birth_place": beneficiary.birth_place,
            "kk_number": beneficiary.kk_number,
            "address": beneficiary.address,
            "region": beneficiary.region_id or "",
            "phone": beneficiary.phone,
            "clusters": list(beneficiary.clusters),
            "disability_types": list(beneficiary.disability_types),
            "health_notes": beneficiary.health_notes,
            "intake_channel": beneficiary.intake_channel,
            "dtks_reference": beneficiary.dtks_reference,
            "dtks_snapshot_date": beneficiary.dtks_snapshot_date,
        }

    def to_input(self) -> BeneficiaryInput:
        data = self.cleaned_data
        keep = self.editing
        aliases = [
            line.strip() for line in data.get("aliases", "").replace(";", "\n").splitlines() if line.strip()
        ]
        return BeneficiaryInput(
            full_name=data["full_name"],
            sex=data["sex"],
            intake_channel=data["intake_channel"],
            nik=data.get("nik", ""),
            no_nik_reason=data.get("no_nik_reason", ""),
            no_nik_note=data.get("no_nik_note", ""),
            kk_number=data.get("kk_number", ""),
            aliases=aliases,
            birth_date=data.get("birth_date"),
            estimated_age=data.get("estimated_age"),
            birth_place=data.get("birth_place", ""),
            address=data.get("address", ""),
            region_code=data.get("region", ""),
            phone=data.get("phone", ""),
            clusters=data.get("clusters", []),
            disability_types=(
                data.get("disability_types", [])
                if self.sensitive
                else (list(keep.disability_types) if keep else [])
            ),
            health_notes=data.get("health_notes", "")
            if self.sensitive
            else (keep.health_notes if keep else ""),
            dtks_reference=data.get("dtks_reference", ""),
            dtks_snapshot_date=data.get("dtks_snapshot_date"),
        )


class RelationshipForm(forms.Form):
    relationship_type = AcceptingChoiceField(
        label=_("Relationship"),
        choices=CHOOSE + list(RelationshipType.choices),
        accepted=RelationshipType.values,
    )
    registered_person = forms.CharField(
        label=_("Registered person (registration number)"),
        required=False,
        max_length=20,
        help_text=_("When the relative is registered too, e.g. PM-7K3Q-9XJ2."),
    )
    person_name = forms.CharField(label=_("Or: name"), required=False, max_length=200)
    person_phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    person_address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_guardian = forms.BooleanField(label=_("Guardian: may consent for the person"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def to_input(self, related_id: int | None) -> RelationshipInput:
        data = self.cleaned_data
        return RelationshipInput(
            relationship_type=data["relationship_type"],
            related_beneficiary_id=related_id,
            person_name=data.get("person_name", ""),
            person_phone=data.get("person_phone", ""),
            person_address=data.get("person_address", ""),
            is_guardian=data.get("is_guardian", False),
            notes=data.get("notes", ""),
        )


class ConsentForm(forms.Form):
    purpose = AcceptingChoiceField(
        label=_("Purpose"), choices=CHOOSE + list(ConsentPurpose.choices), accepted=ConsentPurpose.values
    )
    purpose_detail = forms.CharField(label=_("Details of the purpose"), required=False, max_length=200)
    given_by = AcceptingChoiceField(
        label=_("Given by"),
        choices=ConsentGiver.choices,
        accepted=ConsentGiver.values,
        widget=forms.RadioSelect,
    )
    guardian = forms.TypedChoiceField(
        label=_("Parent or guardian"), required=False, coerce=int, empty_value=None
    )
    giver_name = forms.CharField(label=_("Name of the person consenting"), required=False, max_length=200)
    method = AcceptingChoiceField(
        label=_("How"), choices=ConsentMethod.choices, accepted=ConsentMethod.values, widget=forms.RadioSelect
    )
    witness_name = forms.CharField(label=_("Witness (for verbal consent)"), required=False, max_length=200)
    accessible_format = forms.CharField(
        label=_("Accessible format used"),
        required=False,
        max_length=200,
        help_text=_("E.g. sign-language interpreter, easy-read, braille, read aloud in the local language."),
    )
    given_on = forms.DateField(label=_("Given on"), widget=DATE_WIDGET)
    evidence = forms.FileField(label=_("Evidence (scan or recording)"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, guardians: QuerySet[Relationship], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["guardian"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = CHOOSE + [(str(link.pk), str(link)) for link in guardians]
        self.fields["given_on"].initial = timezone.localdate()

    def to_input(self) -> ConsentInput:
        data = self.cleaned_data
        return ConsentInput(
            purpose=data["purpose"],
            given_by=data["given_by"],
            method=data["method"],
            given_on=data["given_on"],
            guardian_id=data.get("guardian"),
            giver_name=data.get("giver_name", ""),
            witness_name=data.get("witness_name", ""),
            accessible_format=data.get("accessible_format", ""),
            purpose_detail=data.get("purpose_detail", ""),
            notes=data.get("notes", ""),
        )


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()


class ReviewFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ReviewStatus.choices)


class MergeForm(forms.Form):
    survivor = forms.TypedChoiceField(label=_("Record to keep"), coerce=int, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, first: Beneficiary, second: Beneficiary, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["survivor"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (str(record.pk), f"{record.registration_number} — {record.full_name}")
            for record in (first, second)
        ]
        # Suggest keeping the record with a NIK, else the older one.
        suggested = first if (first.nik_hash or not second.nik_hash) else second
        field.initial = str(suggested.pk)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    sentra = CentreChoiceField(label=_("Centre"), queryset=Sentra.objects.none())
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("Columns as in the example file; the first row holds the column names."),
    )
    import_valid_rows = forms.BooleanField(
        label=_("If some rows have errors, import the valid rows anyway"), required=False
    )

    def __init__(self, *args: Any, centres: QuerySet[Sentra], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sentra"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = centres
        if centres.count() == 1:
            field.initial = centres.first()
            field.widget = forms.HiddenInput()
