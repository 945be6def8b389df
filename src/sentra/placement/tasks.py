"""Background tasks of the placement app: thin wrappers over services."""

from __future__ import annotations

from celery import shared_task

from sentra.placement import services


@shared_task(name="sentra.placement.run_placement")
def run_placement(run_id: int) -> dict[str, int | str]:
    """Solve one placement run; returns its status and how many people it placed."""
    run = services.run_execute(run_id=run_id)
    return {"status": run.status, "people": run.people, "placed": run.placed}
