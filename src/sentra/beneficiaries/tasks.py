"""Background tasks of the beneficiary registry: thin wrappers over services."""

from __future__ import annotations

from celery import shared_task

from sentra.beneficiaries.services import imports


@shared_task(name="sentra.beneficiaries.run_import")
def run_import(job_id: int) -> dict[str, int | str]:
    """Check and import one uploaded file; returns the job's counts."""
    job = imports.import_job_run(job_id=job_id)
    return {
        "status": job.status,
        "created": job.created_count,
        "existing": job.existing_count,
        "errors": job.error_count,
    }
