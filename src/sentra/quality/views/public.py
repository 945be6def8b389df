"""Public pages (no account): the survey, its thank-you page, published results, complaints and tracking.

Mobile-first and light: server-rendered forms that work on a cheap phone, Indonesian by default with
the language switch in the header.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sentra.network.models import Sentra
from sentra.quality import services
from sentra.quality.forms import ComplaintForm, RatingForm, SurveyForm, TrackingForm, clean_errors
from sentra.quality.rules.elements import ELEMENT_TEXT_BY_NAME
from sentra.quality.rules.ikm import GRADE_BY_LETTER
from sentra.quality.selectors import complaints as complaint_selectors
from sentra.quality.selectors import survey as survey_selectors
from sentra.quality.services._common import centre_today
from sentra.quality.views.common import client_ip

__all__ = [
    "complaint_centres",
    "complaint_form",
    "survey_form",
    "survey_results",
    "survey_thanks",
    "tracking",
    "tracking_lookup",
]


@require_http_methods(["GET", "POST"])
def survey_form(request: HttpRequest, code: str) -> HttpResponse:
    sentra = survey_selectors.public_centre(code=code)
    period = services.open_period_for(sentra)
    staff = services.staff_of(sentra.pk)
    initial = {"code": request.GET.get("kode", "")[:20]}
    form = SurveyForm(request.POST or None, staff=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_submit(
                sentra=sentra,
                data=form.to_input(),
                code=form.cleaned_data["code"],
                address=client_ip(request),
            )
        except ValidationError as exc:
            clean_errors(form, exc)
        else:
            return redirect("quality:survey_thanks", code=sentra.code)
    context = {"sentra": sentra, "period": period, "form": form}
    return render(request, "quality/public/survey_form.html", context)


@require_GET
def survey_thanks(request: HttpRequest, code: str) -> HttpResponse:
    sentra = survey_selectors.public_centre(code=code)
    return render(request, "quality/public/survey_thanks.html", {"sentra": sentra})


@require_GET
def survey_results(request: HttpRequest, code: str) -> HttpResponse:
    """The centre's published IKM results, newest first, as frozen at publication."""
    sentra = survey_selectors.public_centre(code=code)
    language = (get_language() or "id").lower()
    results = []
    for period in survey_selectors.published_periods(sentra=sentra):
        snapshot = period.published_result or {}
        grade = GRADE_BY_LETTER.get(snapshot.get("grade") or "")
        elements = [
            {
                "title": ELEMENT_TEXT_BY_NAME[name].title(language),
                "nrr": values.get("nrr"),
                "ikm": values.get("ikm"),
                "answered": values.get("answered"),
            }
            for name, values in (snapshot.get("elements") or {}).items()
            if name in ELEMENT_TEXT_BY_NAME
        ]
        results.append({"period": period, "snapshot": snapshot, "grade": grade, "elements": elements})
    return render(request, "quality/public/survey_results.html", {"sentra": sentra, "results": results})


@require_GET
def complaint_centres(request: HttpRequest) -> HttpResponse:
    """Choose the centre the complaint is about."""
    chosen = request.GET.get("sentra", "")
    if chosen and Sentra.objects.filter(code=chosen, is_active=True).exists():
        return redirect("quality:complaint_form", code=chosen)
    centres = Sentra.objects.filter(is_active=True).order_by("name").only("code", "name", "city")
    return render(request, "quality/public/complaint_centres.html", {"centres": centres})


@require_http_methods(["GET", "POST"])
def complaint_form(request: HttpRequest, code: str) -> HttpResponse:
    sentra = survey_selectors.public_centre(code=code)
    staff = services.staff_of(sentra.pk)
    form = ComplaintForm(request.POST or None, request.FILES or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_file(
                sentra=sentra, data=form.to_input(), uploads=form.uploads(), address=client_ip(request)
            )
        except ValidationError as exc:
            clean_errors(form, exc)
        else:
            return redirect(reverse("quality:tracking", args=[complaint.tracking_code]) + "?baru=1")
    return render(request, "quality/public/complaint_form.html", {"sentra": sentra, "form": form})


@require_GET
def tracking_lookup(request: HttpRequest) -> HttpResponse:
    form = TrackingForm(request.GET or None)
    if form.is_valid():
        return redirect("quality:tracking", code=form.cleaned_data["code"].strip().upper().replace(" ", "-"))
    return render(request, "quality/public/tracking_lookup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def tracking(request: HttpRequest, code: str) -> HttpResponse:
    """Status and answer of one complaint, for whoever holds its tracking code; the rating form."""
    lookup = TrackingForm({"code": code})
    lookup.is_valid()
    try:
        complaint = services.tracking_lookup(code=code, address=client_ip(request))
    except ValidationError as exc:
        clean_errors(lookup, exc)
        return render(request, "quality/public/tracking_lookup.html", {"form": lookup}, status=429)
    if complaint is None:
        lookup.add_error("code", _("No complaint has this tracking code. Check the code and try again."))
        return render(request, "quality/public/tracking_lookup.html", {"form": lookup}, status=404)
    rating = RatingForm(request.POST or None)
    if request.method == "POST" and rating.is_valid():
        try:
            services.complaint_rate(
                complaint=complaint,
                rating=rating.cleaned_data["rating"],
                comment=rating.cleaned_data["comment"],
            )
        except ValidationError as exc:
            clean_errors(rating, exc)
        else:
            return redirect("quality:tracking", code=complaint.tracking_code)
    context = {
        "complaint": complaint,
        "events": complaint_selectors.public_events(complaint=complaint),
        "rating_form": rating,
        "can_rate": complaint.status == "resolved" and complaint.rating is None,
        "is_new": request.GET.get("baru") == "1",
        "today": centre_today(complaint.sentra),
    }
    return render(request, "quality/public/tracking.html", context)
