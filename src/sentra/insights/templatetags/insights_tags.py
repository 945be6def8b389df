"""Template filters of the dashboards (a filter, not an include: it runs once per table cell)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sentra.insights.rules.suppression import THRESHOLD

register = template.Library()


@register.filter
def count_cell(value: int | None) -> SafeString | str:
    """A count as shown to national users: a hidden value reads "<5", never a number."""
    if value is None:
        return format_html(
            '<span class="suppressed" title="{}">&lt;{}</span>',
            _("fewer than {n} people, or hidden so that such a count cannot be worked out").format(
                n=THRESHOLD
            ),
            THRESHOLD,
        )
    return str(value)
