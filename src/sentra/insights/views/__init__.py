from sentra.insights.views.dashboards import (
    break_glass,
    break_glass_end,
    case_export,
    case_list,
    centre_dashboard,
    national_dashboard,
    service_list,
)
from sentra.insights.views.home import home
from sentra.insights.views.profile import public_profile
from sentra.insights.views.public import centre_public, directory, robots_txt, sitemap
from sentra.insights.views.reports import report_download, report_inbox

__all__ = [
    "break_glass",
    "break_glass_end",
    "case_export",
    "case_list",
    "centre_dashboard",
    "centre_public",
    "directory",
    "home",
    "national_dashboard",
    "public_profile",
    "report_download",
    "report_inbox",
    "robots_txt",
    "service_list",
    "sitemap",
]
