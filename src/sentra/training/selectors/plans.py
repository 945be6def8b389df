"""Reads of training plans and exchange proposals."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sentra.core.access import get_visible_or_404
from sentra.training.models import ExchangeProposal, PlanItem, TrainingPlan


def plan_for(*, user: Any) -> QuerySet[TrainingPlan]:
    return TrainingPlan.objects.visible_to(user).select_related("sentra", "approved_by")


def plan_get(*, user: Any, pk: int) -> tuple[TrainingPlan, QuerySet[PlanItem]]:
    plan = get_visible_or_404(TrainingPlan.objects.select_related("sentra"), user, pk=pk)
    items = plan.items.select_related("staff", "competency", "course").order_by(
        "competency__code", "staff__full_name"
    )
    return plan, items


def exchange_list(*, user: Any) -> QuerySet[ExchangeProposal]:
    return ExchangeProposal.objects.visible_to(user).select_related("host", "visitor", "competency")


def exchange_get(*, user: Any, pk: int) -> ExchangeProposal:
    return get_visible_or_404(
        ExchangeProposal.objects.select_related("host", "visitor", "competency"), user, pk=pk
    )
