"""Bulk import pages: upload, progress (polled with htmx), and the example file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from sentra.beneficiaries import permissions, selectors, services, tasks
from sentra.beneficiaries.forms import ImportForm
from sentra.beneficiaries.services.import_rows import EXAMPLE_CSV, EXAMPLE_XLSX
from sentra.beneficiaries.views.common import is_htmx, page_of, put_errors
from sentra.core.http import AuthenticatedHttpRequest


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.may_import(user):
        raise PermissionDenied
    posting = request.method == "POST"
    form = ImportForm(
        request.POST if posting else None,
        request.FILES if posting else None,
        centres=selectors.import_centres(user=user),
    )
    if posting and form.is_valid():
        try:
            job = services.import_job_create(
                actor=user,
                sentra=form.cleaned_data["sentra"],
                upload=form.cleaned_data["file"],
                import_valid_rows=form.cleaned_data.get("import_valid_rows", False),
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            transaction.on_commit(lambda: tasks.run_import.delay(job.pk))
            return redirect("beneficiaries:import_detail", pk=job.pk)
    jobs = selectors.import_jobs(user=user)
    return render(request, "beneficiaries/import_list.html", {"form": form, "page": page_of(request, jobs)})


@login_required
@require_GET
def import_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_get(user=request.user, pk=pk)
    template = (
        "beneficiaries/_import_progress.html" if is_htmx(request) else "beneficiaries/import_detail.html"
    )
    return render(request, template, {"job": job})


@login_required
@require_GET
def import_example(request: AuthenticatedHttpRequest, kind: str = "csv") -> HttpResponseBase:
    if not permissions.may_import(request.user):
        raise PermissionDenied
    path = EXAMPLE_XLSX if kind == "xlsx" else EXAMPLE_CSV
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@login_required
@require_GET
def import_example_xlsx(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    return import_example(request, kind="xlsx")
