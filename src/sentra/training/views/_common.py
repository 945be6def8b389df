"""Shared steps of the training pages' POST actions: run a service, report the outcome as a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm

from sentra.core.http import AuthenticatedHttpRequest
from sentra.network.forms import apply_service_errors

T = TypeVar("T")


def run_service(
    request: AuthenticatedHttpRequest, call: Callable[[], T], success: str | Callable[[T], str]
) -> tuple[bool, T | None]:
    """Call the service; a refusal becomes an error message, success a success message.

    Returns (ok, result) so the caller can pick where to redirect next.
    """
    try:
        result = call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False, None
    messages.success(request, success(result) if callable(success) else success)
    return True, result


def form_service_errors(form: BaseForm, exc: ValidationError) -> None:
    """Put a service's refusal on the form: on its fields where they match, otherwise on the whole form."""
    for name in apply_service_errors(form, exc):
        form.add_error(None, "; ".join(exc.message_dict[name]))
