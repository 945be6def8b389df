from django.urls import path

from sentra.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.home, name="home"),
    # Public pages (no account): the directory of centres and each centre's page.
    path("layanan/", views.directory, name="directory"),
    path("layanan/<slug:code>/", views.centre_public, name="centre_public"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    # Dashboards and the lists behind their figures.
    path("dashboard/", views.centre_dashboard, name="centre_dashboard"),
    path("dashboard/national/", views.national_dashboard, name="national_dashboard"),
    path("dashboard/centres/<int:pk>/cases/", views.case_list, name="case_list"),
    path("dashboard/centres/<int:pk>/cases.<str:fmt>", views.case_export, name="case_export"),
    path("dashboard/centres/<int:pk>/services/", views.service_list, name="service_list"),
    path("dashboard/public-page/", views.public_profile, name="public_profile"),
    path("dashboard/reports/", views.report_inbox, name="report_inbox"),
    path("dashboard/reports/<int:pk>/", views.report_download, name="report_download"),
    path("dashboard/break-glass/", views.break_glass, name="break_glass"),
    path("dashboard/break-glass/<int:pk>/end/", views.break_glass_end, name="break_glass_end"),
]
