"""The people behind a centre's outcome figure: first against latest scored result, per instrument.

For the holders of the sensitive-data permission (case managers, other professionals, centre heads) of
the centre, and system administrators; intake, HR and national analysts are refused (403), a centre
that is not the reader's answers 404. Every result shown or exported is written to the access log.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sentra.assessments import exports as assessment_exports
from sentra.assessments import selectors
from sentra.assessments.views.records import READER_ROLES
from sentra.core import exports
from sentra.core.access import require_role
from sentra.core.http import AuthenticatedHttpRequest
from sentra.network.models import Sentra

PAGE_SIZE = 50


def _centres(request: AuthenticatedHttpRequest) -> tuple[list[Sentra], list[int], Sentra | None]:
    """The reader's centres, the ids counted and the one chosen (``?centre=``; 404 when not theirs)."""
    centres = selectors.reader_centres(request.user)
    chosen = request.GET.get("centre", "")
    if not chosen:
        return centres, [centre.pk for centre in centres], None
    centre = selectors.reader_centre(request.user, chosen)
    return centres, [centre.pk], centre


@login_required
@require_GET
def outcome_list(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    user = request.user
    require_role(user, *READER_ROLES)
    centres, centre_ids, centre = _centres(request)
    instruments = [(i.code, i.short_name) for i in selectors.definitions().current()]
    errors: list[str] = []
    instrument = request.GET.get("instrument", "")
    if instrument and instrument not in {code for code, _name in instruments}:
        errors.append(_("Instrument: choose one of the listed instruments."))
        instrument = ""
    outcome = request.GET.get("outcome", "")
    if outcome and outcome not in selectors.OUTCOMES:
        errors.append(_("Outcome: choose improved, unchanged or worse."))
        outcome = ""
    found = selectors.outcome_list(
        user, centre_ids=centre_ids, instrument=instrument or None, outcome=outcome or None
    )
    if not errors and (fmt := exports.requested_format(request)) is not None:
        response = exports.export_list(
            request,
            user=user,
            spec=assessment_exports.OUTCOMES,
            rows=found.rows,
            fmt=fmt,
            sentra_id=centre.pk if centre is not None else None,
        )
        if response.status_code == 200:  # a refused (too long) export shows nothing
            selectors.log_outcome_access(user, found.rows, purpose="outcome list export")
        return response
    page = Paginator(found.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.log_outcome_access(user, page.object_list, purpose="outcome list")
    names = dict(instruments)
    context: dict[str, Any] = {
        "centres": centres,
        "centre": centre,
        "instruments": instruments,
        "rows": [(row, names.get(row.instrument, row.instrument)) for row in page.object_list],
        "instrument": instrument,
        "outcome": outcome,
        "outcomes": [
            (selectors.OUTCOMES[0], _("improved")),
            (selectors.OUTCOMES[1], _("unchanged")),
            (selectors.OUTCOMES[2], _("worse")),
        ],
        "found": found,
        "page": page,
        "count": len(found.rows),
        "errors": errors,
    }
    return render(request, "assessments/outcomes.html", context, status=400 if errors else 200)
