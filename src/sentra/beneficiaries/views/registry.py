"""The registry pages: list/search, search-first registration, profile, edit, and live field checks."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.beneficiaries import exports as export_specs
from sentra.beneficiaries import nik as nik_service
from sentra.beneficiaries import permissions, selectors, services
from sentra.beneficiaries.forms import AccessPurpose, BeneficiaryForm, SearchForm
from sentra.beneficiaries.models import Beneficiary
from sentra.beneficiaries.rules import nik as nik_rules
from sentra.beneficiaries.views.common import is_htmx, page_of, put_errors, serve_file
from sentra.core import audit, exports
from sentra.core.http import AuthenticatedHttpRequest
from sentra.network.models import REGION_CHAIN, Region

SENSITIVE_CATEGORIES = ("health", "child")


@login_required
@require_GET
def beneficiary_list(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    user = request.user
    selectors.require_registry(user)
    form = SearchForm(request.GET or None)
    filters = selectors.SearchFilters()
    if form.is_valid():
        filters = selectors.SearchFilters(**form.cleaned_data)
    result = selectors.beneficiary_search(user=user, filters=filters)
    if (fmt := exports.requested_format(request)) is not None:
        spec = export_specs.BENEFICIARIES
        return exports.export_list(request, user=user, spec=spec, rows=result.items, fmt=fmt)
    context = {
        "form": form,
        "result": result,
        "page": page_of(request, result.items),
        "can_register": permissions.may_register(user),
        "can_review": permissions.may_review_duplicates(user),
        "can_import": permissions.may_import(user),
    }
    template = "beneficiaries/_rows.html" if is_htmx(request) else "beneficiaries/list.html"
    return render(request, template, context)


def _check_context(request: AuthenticatedHttpRequest, form: BeneficiaryForm) -> selectors.RegistrationCheck:
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    return selectors.registration_check(
        user=request.user,
        nik=data.get("nik", "") or "",
        full_name=data.get("full_name", "") or "",
        sex=data.get("sex", "") or "",
        birth_date=data.get("birth_date"),
        estimated_age=data.get("estimated_age"),
        region_code=data.get("region", "") or "",
    )


@login_required
@require_http_methods(["GET", "POST"])
def beneficiary_register(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search first: NIK and name are checked before anything is saved; the rest of the form follows."""
    user = request.user
    if not permissions.may_register(user):
        raise PermissionDenied
    centres = selectors.registration_centres(user=user)
    form = BeneficiaryForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        centres=centres,
        sensitive=True,
    )
    check: selectors.RegistrationCheck | None = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.beneficiary_register(
                actor=user,
                sentra=form.cleaned_data["sentra"],
                data=form.to_input(),
                photo=form.cleaned_data.get("photo"),
                confirm_new_person=form.cleaned_data.get("confirm_new_person", False),
            )
        except ValidationError as exc:
            put_errors(form, exc)
            check = _check_context(request, form)
        else:
            messages.success(
                request,
                _("{name} is registered as {number}.").format(
                    name=created.full_name, number=created.registration_number
                ),
            )
            return redirect("beneficiaries:detail", pk=created.pk)
    elif request.method == "POST":
        check = _check_context(request, form)
    return render(request, "beneficiaries/register.html", {"form": form, "check": check, "editing": None})


@login_required
@require_GET
def registration_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    """htmx: the NIK's holder and look-alike records for what is typed so far."""
    user = request.user
    if not permissions.may_register(user):
        raise PermissionDenied
    form = BeneficiaryForm(request.GET, centres=selectors.registration_centres(user=user))
    form.is_valid()  # partial input is fine: only the cleaned fields are used
    return render(request, "beneficiaries/_check.html", {"check": _check_context(request, form)})


@login_required
@require_GET
def validate_field(request: AuthenticatedHttpRequest) -> HttpResponse:
    """htmx: validate one field as it is typed (``?field=nik&nik=...`` or ``?field=region&region=...``)."""
    selectors.require_registry(request.user)
    name = request.GET.get("field", "")
    if name == "nik":
        value = request.GET.get("nik", "").strip()
        parsed = nik_service.parse(value) if value else None
        region = None
        if parsed is not None and parsed.district_region_code:
            region = (
                Region.objects.select_related(REGION_CHAIN).filter(code=parsed.district_region_code).first()
            )
        context: dict[str, Any] = {
            "parsed": parsed,
            "errors": [nik_service.error_text(code) for code in parsed.errors] if parsed else [],
            "warnings": [nik_service.warning_text(code) for code in parsed.warnings] if parsed else [],
            "region": region,
        }
        return render(request, "beneficiaries/_nik_check.html", context)
    if name == "region":
        code = request.GET.get("region", "").strip()
        region = Region.objects.select_related(REGION_CHAIN).filter(code=code).first() if code else None
        return render(request, "beneficiaries/_region_check.html", {"code": code, "region": region})
    raise Http404


@login_required
@require_GET
def beneficiary_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    beneficiary = selectors.beneficiary_get(user=user, pk=pk)
    child = beneficiary.is_child
    context = {
        "b": beneficiary,
        "masked_nik": nik_rules.mask(beneficiary.nik) if beneficiary.nik else "",
        "child": child,
        "can_edit": permissions.may_edit(user, beneficiary) and not beneficiary.is_merged,
        "can_see_nik": permissions.may_see_full_nik(user, beneficiary),
        "can_read_sensitive": permissions.may_read_sensitive(user, beneficiary),
        "can_manage_consent": permissions.may_manage_consent(user, beneficiary) and not beneficiary.is_merged,
        "consents": selectors.consents_of(beneficiary=beneficiary),
        "relationships": [] if child else selectors.relationships_of(beneficiary=beneficiary),
        "timeline": selectors.timeline(beneficiary=beneficiary),
        "purpose_form": AccessPurpose(),
        "merged_records": beneficiary.merged_records.all(),
        "can_handle_requests": permissions.may_handle_subject_requests(user),
        "restrictions": selectors.restrictions_in_force(beneficiary=beneficiary),
        "open_tasks": selectors.profile_tasks(user=user, beneficiary=beneficiary),
        "can_open_assessments": permissions.may_open_assessments(user),
    }
    return render(request, "beneficiaries/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def beneficiary_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    beneficiary = selectors.beneficiary_get(user=user, pk=pk)
    if not permissions.may_edit(user, beneficiary):
        raise PermissionDenied
    sensitive = permissions.may_read_sensitive(user, beneficiary)
    if sensitive and request.method == "GET":
        audit.record_access(
            actor=user,
            instance=beneficiary,
            category="health",
            purpose=_("Editing the record"),
            sentra_id=beneficiary.registered_sentra_id,
        )
    form = BeneficiaryForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        editing=beneficiary,
        sensitive=sensitive,
        initial=BeneficiaryForm.initial_from(beneficiary),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.beneficiary_update(
                actor=user,
                beneficiary=beneficiary,
                data=form.to_input(),
                photo=form.cleaned_data.get("photo"),
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The record is saved."))
            return redirect("beneficiaries:detail", pk=beneficiary.pk)
    return render(
        request, "beneficiaries/register.html", {"form": form, "check": None, "editing": beneficiary}
    )


@login_required
@require_POST
def reveal_nik(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """htmx: the full NIK and KK number for roles that need them; every reveal is logged."""
    user = request.user
    beneficiary = selectors.beneficiary_get(user=user, pk=pk)
    if not permissions.may_see_full_nik(user, beneficiary):
        raise PermissionDenied
    audit.record_access(
        actor=user,
        instance=beneficiary,
        category="identifiers",
        purpose=_("Full NIK shown"),
        sentra_id=beneficiary.registered_sentra_id,
    )
    return render(request, "beneficiaries/_nik_full.html", {"b": beneficiary})


@login_required
@require_POST
def reveal_sensitive(request: AuthenticatedHttpRequest, pk: int, category: str) -> HttpResponse:
    """htmx: a sensitive section (health; a child's contact and family), with a stated purpose, logged."""
    user = request.user
    beneficiary = selectors.beneficiary_get(user=user, pk=pk)
    if category not in SENSITIVE_CATEGORIES or (category == "child" and not beneficiary.is_child):
        raise Http404
    if not permissions.may_read_sensitive(user, beneficiary):
        raise PermissionDenied
    form = AccessPurpose(request.POST)
    if not form.is_valid():
        return render(
            request,
            "beneficiaries/_purpose_form.html",
            {"b": beneficiary, "category": category, "purpose_form": form},
            status=422,
        )
    label = dict(AccessPurpose.CHOICES)[form.cleaned_data["purpose"]]
    audit.record_access(
        actor=user,
        instance=beneficiary,
        category=category,
        purpose=str(label),
        sentra_id=beneficiary.registered_sentra_id,
    )
    context = {
        "b": beneficiary,
        "relationships": selectors.relationships_of(beneficiary=beneficiary),
        "can_edit": permissions.may_edit(user, beneficiary) and not beneficiary.is_merged,
    }
    return render(request, f"beneficiaries/_sensitive_{category}.html", context)


@login_required
@require_GET
def photo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """The photo, through the same access check as the record (a child's photo: sensitive, logged)."""
    user = request.user
    beneficiary: Beneficiary = selectors.beneficiary_get(user=user, pk=pk)
    if not beneficiary.photo:
        raise Http404
    if beneficiary.is_child:
        if not permissions.may_read_sensitive(user, beneficiary):
            raise PermissionDenied
        audit.record_access(
            actor=user,
            instance=beneficiary,
            category="child",
            purpose=_("Photo shown"),
            sentra_id=beneficiary.registered_sentra_id,
        )
    return serve_file(beneficiary.photo, download_name=f"{beneficiary.registration_number}-photo")
