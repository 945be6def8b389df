"""Forms of the centre network pages. They parse input; the services decide what is allowed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sentra.core.models import Profession, Role
from sentra.network.models import (
    Cluster,
    Provenance,
    Region,
    Sentra,
    SentraKind,
    ServiceComponent,
    Setting,
    TimeZoneChoice,
)
from sentra.network.services import CentreInput

ANY = [("", _("Any"))]


def apply_service_errors(
    form: forms.BaseForm, exc: ValidationError, renames: Mapping[str, str] | None = None
) -> list[str]:
    """Put a service's field-keyed errors on the form's fields; return those that fit no field."""
    renames = renames or {}
    leftovers: list[str] = []
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return leftovers
    for name, messages in exc.message_dict.items():
        target = renames.get(name, name)
        if target in form.fields:
            for message in messages:
                form.add_error(target, message)
        elif target == "__all__":
            for message in messages:
                form.add_error(None, message)
        else:
            leftovers.append(name)
    return leftovers


class AcceptingChoiceField(forms.ChoiceField):
    """Shows ``choices`` but accepts any of ``accepted``, so a service can say why a value is refused."""

    def __init__(self, *, accepted: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.accepted = frozenset(accepted)

    def valid_value(self, value: Any) -> bool:
        return str(value) in self.accepted or super().valid_value(value)


class AcceptingMultipleChoiceField(forms.TypedMultipleChoiceField):
    def __init__(self, *, accepted: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.accepted = frozenset(accepted)

    def valid_value(self, value: Any) -> bool:
        return str(value) in self.accepted or super().valid_value(value)


# --- Regions ---------------------------------------------------------------------------------------


class RegionSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or code"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "placeholder": _("e.g. Bekasi or 32.75")}
        ),
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=ANY + [(str(value), label) for value, label in Region._meta.get_field("level").choices or []],
    )


# --- Centres ---------------------------------------------------------------------------------------


class CentreFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name, city or code"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + list(SentraKind.choices))
    province = forms.ChoiceField(label=_("Province"), required=False)
    cluster = forms.ChoiceField(label=_("Cluster"), required=False, choices=ANY + list(Cluster.choices))

    def __init__(self, *args: Any, provinces: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province_field = self.fields["province"]
        assert isinstance(province_field, forms.ChoiceField)
        province_field.choices = ANY + [(region.code, region.name) for region in provinces]


class CentreForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Short unique identifier: letters, digits, dashes, e.g. pangudi-luhur-bekasi."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SentraKind.choices)
    region = forms.CharField(
        label=_("Kemendagri region code"),
        max_length=13,
        help_text=_("Regency/city, district or village code, e.g. 32.75 for Kota Bekasi."),
    )
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=9,
        decimal_places=6,
        help_text=_("Decimal degrees, south is negative."),
    )
    longitude = forms.DecimalField(label=_("Longitude"), max_digits=9, decimal_places=6)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TimeZoneChoice.choices)
    clusters = forms.MultipleChoiceField(
        label=_("Clusters served"), choices=Cluster.choices, widget=forms.CheckboxSelectMultiple
    )
    settings_offered = forms.MultipleChoiceField(
        label=_("Settings offered"), choices=Setting.choices, widget=forms.CheckboxSelectMultiple
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    email = forms.EmailField(label=_("Email"), required=False)
    provenance = forms.ChoiceField(
        label=_("Data provenance"), choices=Provenance.choices, initial=Provenance.ENTERED
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    @staticmethod
    def initial_from(sentra: Sentra) -> dict[str, Any]:
        return {
            "code": sentra.code,
            "name": sentra.name,
            "kind": sentra.kind,
            "region": sentra.region_id,
            "address": sentra.address,
            "city": sentra.city,
            "latitude": sentra.latitude,
            "longitude": sentra.longitude,
            "time_zone": sentra.time_zone,
            "clusters": sentra.clusters,
            "settings_offered": sentra.settings_offered,
            "phone": sentra.phone,
            "email": sentra.email,
            "provenance": sentra.provenance,
            "is_active": sentra.is_active,
        }

    def to_input(self) -> CentreInput:
        data = self.cleaned_data
        latitude: Decimal = data["latitude"]
        longitude: Decimal = data["longitude"]
        return CentreInput(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            region_code=data["region"],
            latitude=latitude,
            longitude=longitude,
            time_zone=data["time_zone"],
            clusters=data["clusters"],
            settings_offered=data["settings_offered"],
            address=data["address"],
            city=data["city"],
            phone=data["phone"],
            email=data["email"],
            provenance=data["provenance"],
            is_active=data["is_active"],
        )


class PublicContactForm(forms.Form):
    """How the public gets help (shown on the centre's public page); saved by the insights service
    that the centre head's own page uses, so both paths check the same rules."""

    walk_in_hours = forms.CharField(
        label=Sentra._meta.get_field("walk_in_hours").verbose_name,
        help_text=Sentra._meta.get_field("walk_in_hours").help_text,
        required=False,
        max_length=200,
    )
    hotline = forms.CharField(
        label=Sentra._meta.get_field("hotline").verbose_name, required=False, max_length=30
    )
    referral_route = forms.CharField(
        label=Sentra._meta.get_field("referral_route").verbose_name,
        help_text=Sentra._meta.get_field("referral_route").help_text,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @staticmethod
    def initial_from(sentra: Sentra) -> dict[str, Any]:
        return {
            "walk_in_hours": sentra.walk_in_hours,
            "hotline": sentra.hotline,
            "referral_route": sentra.referral_route,
        }


class CapacityForm(forms.Form):
    """One ATENSI component's places in each setting (a row of the capacity table)."""

    component = forms.CharField(widget=forms.HiddenInput, max_length=40)
    residential = forms.IntegerField(label=Setting.RESIDENTIAL.label, required=False, min_value=0)
    family = forms.IntegerField(label=Setting.FAMILY.label, required=False, min_value=0)
    community = forms.IntegerField(label=Setting.COMMUNITY.label, required=False, min_value=0)

    setting_fields = (Setting.RESIDENTIAL.value, Setting.FAMILY.value, Setting.COMMUNITY.value)


BaseCapacityFormSet = forms.formset_factory(CapacityForm, extra=0, max_num=20, validate_max=True)


class CapacityFormSet(BaseCapacityFormSet):  # type: ignore[valid-type,misc]
    """Every ATENSI component, one row each; blank or 0 means no places."""

    @classmethod
    def get_default_prefix(cls) -> str:
        return "capacity"

    def __init__(
        self, *args: Any, components: list[ServiceComponent], sentra: Sentra | None = None, **kwargs: Any
    ) -> None:
        cells: dict[tuple[str, str], int] = {}
        if sentra is not None:
            cells = {(row.component.code, row.setting): row.places for row in sentra.capacities.all()}
        initial = [
            {
                "component": component.code,
                **{s: cells.get((component.code, s)) for s in CapacityForm.setting_fields},
            }
            for component in components
        ]
        super().__init__(*args, initial=initial, **kwargs)
        self.components = {component.code: component for component in components}

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            code = form.cleaned_data.get("component")
            if code in seen:
                raise ValidationError(_("Each ATENSI component has one row."))
            if code:
                seen.add(code)

    def places(self) -> dict[tuple[str, str], int]:
        return {
            (form.cleaned_data["component"], setting): form.cleaned_data.get(setting) or 0
            for form in self.forms
            for setting in CapacityForm.setting_fields
        }

    def rows(self) -> list[tuple[ServiceComponent | None, forms.Form]]:
        return [(self.components.get(str(form["component"].value())), form) for form in self.forms]

    def apply_service_errors(self, field_names: Iterable[str], exc: ValidationError) -> None:
        """Put ``capacity:<component>:<setting>`` errors on the matching cell."""
        messages = exc.message_dict if hasattr(exc, "error_dict") else {}
        for name in field_names:
            _prefix, component, setting = [*name.split(":"), "", ""][:3]
            for form in self.forms:
                if str(form["component"].value()) == component and setting in form.fields:
                    for message in messages.get(name, []):
                        form.add_error(setting, message)


# --- Accounts ---------------------------------------------------------------------------------------


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name, username or email"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), required=False, choices=ANY + list(Role.choices))
    centre = forms.TypedChoiceField(label=_("Centre"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, centres: QuerySet[Sentra], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        centre_field = self.fields["centre"]
        assert isinstance(centre_field, forms.ChoiceField)
        centre_field.choices = ANY + [(str(sentra.pk), sentra.name) for sentra in centres]


class AccountForm(forms.Form):
    """An account's details, role and centres.

    It offers what the actor may give; the service explains any refusal of a value posted anyway.
    """

    username = forms.CharField(
        label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = AcceptingChoiceField(label=_("Role"), accepted=Role.values)
    profession = forms.ChoiceField(
        label=_("Profession"),
        required=False,
        choices=[("", "—"), *Profession.choices],
        help_text=_("Only for the 'other professional' role."),
    )
    centres = AcceptingMultipleChoiceField(
        label=_("Centres"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where the person works. National roles have none."),
    )
    is_active = forms.BooleanField(label=_("Active (may sign in)"), required=False, initial=True)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not a common or all-numeric password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(
        self,
        *args: Any,
        grantable_roles: Iterable[str],
        centres: QuerySet[Sentra],
        all_centre_ids: Iterable[int],
        creating: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        grantable = set(grantable_roles)
        role_field = self.fields["role"]
        assert isinstance(role_field, AcceptingChoiceField)
        role_field.choices = [(value, label) for value, label in Role.choices if value in grantable]
        centre_field = self.fields["centres"]
        assert isinstance(centre_field, AcceptingMultipleChoiceField)
        centre_field.choices = [(str(sentra.pk), sentra.name) for sentra in centres]
        centre_field.accepted = frozenset(str(pk) for pk in all_centre_ids)
        if creating:
            del self.fields["is_active"]
        else:
            del self.fields["password1"], self.fields["password2"]
            self.fields["username"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first is not None and second is not None and first != second:
            self.add_error("password2", _("The two passwords differ."))
        return data
