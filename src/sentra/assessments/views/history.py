"""A person's score history on one instrument: table, trend chart (inline SVG) and pre/post comparison."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sentra.assessments import selectors
from sentra.assessments.rules import Instrument, text_in
from sentra.assessments.rules.outcomes import trend
from sentra.assessments.views.records import person_for
from sentra.core.http import AuthenticatedHttpRequest


def _headline_bands(instrument: Instrument, top: int) -> list[tuple[int, int, str]]:
    """(low, high, code) of the headline scheme's bands, where its bounds are plain numbers."""
    if instrument.headline_scheme is None:
        return []
    scheme = instrument.scheme(instrument.headline_scheme)
    rows: list[tuple[int, int, str]] = []
    ordered = list(scheme.bands)
    for index, band in enumerate(ordered):
        low = band.low
        high = band.high
        if high is None:
            following = ordered[index + 1].low if index + 1 < len(ordered) else None
            high = following - 1 if isinstance(following, int) else top
        if not isinstance(low, int) or not isinstance(high, int):
            return []
        rows.append((low, high, band.code))
    return rows


@login_required
@require_GET
def history(request: AuthenticatedHttpRequest, beneficiary_id: int, code: str) -> HttpResponse:
    user = request.user
    beneficiary = person_for(user, beneficiary_id)
    try:
        instrument = selectors.definitions().get(code)
    except KeyError:
        raise Http404 from None
    assessments = selectors.history(user, beneficiary.pk, instrument.code)
    selectors.log_history_access(user, assessments, purpose="score history")
    language = request.LANGUAGE_CODE
    band_labels = {}
    for scheme in instrument.schemes:
        for band in scheme.bands:
            band_labels[(scheme.code, band.code)] = text_in(band.label, language)
    rows = [
        {
            "assessment": a,
            "band_label": band_labels.get((a.band_scheme, a.band), a.band),
            "other_bands": [
                {"scheme": scheme, "band": band_labels.get((scheme, band), band)}
                for scheme, band in a.bands.items()
                if scheme != a.band_scheme and band
            ],
        }
        for a in assessments
    ]
    context: dict[str, Any] = {
        "b": beneficiary,
        "instrument": instrument,
        "name": text_in(instrument.name, language),
        "rows": rows,
        "comparison": selectors.pre_post(assessments),
        "first": assessments[0] if assessments else None,
        "latest": assessments[-1] if assessments else None,
        "first_band_label": band_labels.get((assessments[0].band_scheme, assessments[0].band), "")
        if assessments
        else "",
        "latest_band_label": band_labels.get((assessments[-1].band_scheme, assessments[-1].band), "")
        if assessments
        else "",
        "better": instrument.better,
    }
    totals = [a.total for a in assessments if a.total is not None]
    # The range the latest result was scored on (Lawton's depends on the form).
    scale = assessments[-1].result.get("range") if assessments else None
    if totals and isinstance(scale, list) and len(scale) == 2:
        low, high = int(scale[0]), int(scale[1])
        chart = trend(totals, low=low, high=high, bands=_headline_bands(instrument, high))
        context["chart"] = chart
        context["chart_points"] = [
            {"x": point.x, "y": point.y, "value": point.value, "when": a.assessed_at}
            for point, a in zip(chart.points, [a for a in assessments if a.total is not None], strict=True)
        ]
        context["chart_bands"] = [
            {"top": top, "height": max(bottom - top, 0), "code": code, "index": index % 2}
            for index, (top, bottom, code) in enumerate(chart.bands)
        ]
        context["range"] = (low, high)
    return render(request, "assessments/history.html", context)
