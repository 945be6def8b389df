"""Form fields that refuse a record id the database cannot hold, instead of failing on the query.

SQLite (the embedded default) raises OverflowError for an integer beyond 64 bits, which Django's
ModelChoiceField does not catch: a posted "99999999999999999999" would otherwise answer 500. Such an
id cannot name any row, so it is simply an invalid choice. The training and equipment forms use
these too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# The range of a 64-bit signed integer: every primary key (BigAutoField) lies within it.
MAX_ID = 2**63 - 1


def fits_an_id(value: Any) -> bool:
    """False only for an integer-looking value outside the 64-bit range; other text is left to Django."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return True
    return -MAX_ID - 1 <= number <= MAX_ID


class IdChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not fits_an_id(value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def _check_values(self, value: Any) -> Any:
        for item in value if isinstance(value, list | tuple) else [value]:
            if not fits_an_id(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)  # type: ignore[misc]


class BoundedIntegerField(forms.IntegerField):
    """An IntegerField whose upper bound defaults to what the database column can hold."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)
