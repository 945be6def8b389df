"""The period report as a PDF (WeasyPrint), in the customary structure of a Laporan SKM.

The HTML is rendered from a template with its styles inline; nothing is fetched while rendering (no
network at run time, and no file outside the template can leak into a report).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

PDF_TYPE = "application/pdf"


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"reports fetch nothing: {url}")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # imported here: pango loads once, and only where PDFs are made

    pdf: bytes = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    return pdf


def period_report_pdf(context: dict[str, Any]) -> bytes:
    html = render_to_string(
        "quality/pdf/period_report.html", {**context, "generated_at": timezone.localtime()}
    )
    return html_to_pdf(html)


def period_report_filename(period: Any) -> str:
    return f"laporan-skm-{period.sentra.code}-{period.year}-{period.kind}{period.half or ''}.pdf"
