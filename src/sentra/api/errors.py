"""One error format for every 4xx: ``{"detail": "...", "errors": [{"field": "...", "message": "..."}]}``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


def error_body(detail: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


def _field_of(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja locations look like ("body", "payload", "name") or ("query", "page").
    parts = [str(part) for part in loc if part not in ("body", "query", "path", "form", "header", "cookie")]
    if parts and parts[0] in ("payload", "data", "filters"):
        parts = parts[1:]
    return ".".join(parts) or "__all__"


# The common pydantic error types, in the request's language and naming the field. Pydantic writes
# its messages in English only ("Input should be a valid dictionary"), which would reach the
# Indonesian UI and API clients untranslated. Placeholders: {field}, and {limit} / {expected} from
# the error's context. Types not listed keep a generic message naming the field.
_SCHEMA_MESSAGES: dict[str, Any] = {
    "missing": gettext_lazy("{field}: this field is required."),
    "string_type": gettext_lazy("{field}: give text."),
    "int_type": gettext_lazy("{field}: give a whole number."),
    "int_parsing": gettext_lazy("{field}: give a whole number."),
    "int_from_float": gettext_lazy("{field}: give a whole number."),
    "float_type": gettext_lazy("{field}: give a number."),
    "float_parsing": gettext_lazy("{field}: give a number."),
    "decimal_type": gettext_lazy("{field}: give a number."),
    "decimal_parsing": gettext_lazy("{field}: give a number."),
    "bool_type": gettext_lazy("{field}: give true or false."),
    "bool_parsing": gettext_lazy("{field}: give true or false."),
    "dict_type": gettext_lazy("{field}: give an object of names and values."),
    "model_type": gettext_lazy("{field}: give an object of names and values."),
    "model_attributes_type": gettext_lazy("{field}: give an object of names and values."),
    "list_type": gettext_lazy("{field}: give a list."),
    "date_type": gettext_lazy("{field}: give a date as YYYY-MM-DD."),
    "date_parsing": gettext_lazy("{field}: give a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("{field}: give a date as YYYY-MM-DD."),
    "datetime_type": gettext_lazy("{field}: give a date and time as YYYY-MM-DDTHH:MM."),
    "datetime_parsing": gettext_lazy("{field}: give a date and time as YYYY-MM-DDTHH:MM."),
    "datetime_from_date_parsing": gettext_lazy("{field}: give a date and time as YYYY-MM-DDTHH:MM."),
    "uuid_parsing": gettext_lazy("{field}: give a valid identifier."),
    "greater_than": gettext_lazy("{field}: must be more than {limit}."),
    "greater_than_equal": gettext_lazy("{field}: must be at least {limit}."),
    "less_than": gettext_lazy("{field}: must be less than {limit}."),
    "less_than_equal": gettext_lazy("{field}: must be at most {limit}."),
    "string_too_short": gettext_lazy("{field}: must be at least {limit} characters long."),
    "string_too_long": gettext_lazy("{field}: must be at most {limit} characters long."),
    "too_short": gettext_lazy("{field}: must have at least {limit} items."),
    "too_long": gettext_lazy("{field}: must have at most {limit} items."),
    "literal_error": gettext_lazy("{field}: must be one of {expected}."),
    "enum": gettext_lazy("{field}: must be one of {expected}."),
    "extra_forbidden": gettext_lazy("{field}: this field is not allowed."),
    "json_invalid": gettext_lazy("The request body is not valid JSON."),
    "string_pattern_mismatch": gettext_lazy("{field}: the value does not have the expected form."),
}
_LIMIT_KEYS = ("gt", "ge", "lt", "le", "min_length", "max_length")
_VALUE_ERROR_PREFIX = "Value error, "


def schema_error_message(error: dict[str, Any], field: str) -> str:
    """One pydantic error as a message in the active language that names the field."""
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind == "value_error":
        # Raised by our own validators, whose text is already translated: keep it, name the field.
        text = str(error.get("msg", "")).removeprefix(_VALUE_ERROR_PREFIX)
        return f"{field}: {text}"
    template = _SCHEMA_MESSAGES.get(kind)
    if template is None:
        return _("{field}: the value is not valid.").format(field=field)
    limit = next((context[key] for key in _LIMIT_KEYS if key in context), "")
    return str(template).format(field=field, limit=limit, expected=context.get("expected", ""))


def django_validation_errors(exc: ValidationError) -> list[dict[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "__all__", "message": str(message)} for message in exc.messages]


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = []
        for error in exc.errors:
            field = _field_of(error.get("loc", ()))
            errors.append({"field": field, "message": schema_error_message(error, field)})
        return api.create_response(request, error_body(_("The request is not valid."), errors), status=422)

    @api.exception_handler(ValidationError)
    def on_django_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(
            request, error_body(_("The request is not valid."), django_validation_errors(exc)), status=422
        )

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request,
            error_body(_("Authentication required: sign in or send a personal API token.")),
            status=401,
        )

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, error_body(_("Your role does not allow this.")), status=403)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body(_("Not found.")), status=404)

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, error_body(str(exc.message)), status=exc.status_code)
