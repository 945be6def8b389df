from django.urls import path

from sentra.quality import views

app_name = "quality"

urlpatterns = [
    # Public pages (no account): survey, results, complaints and their tracking.
    path("survei/<slug:code>/", views.survey_form, name="survey_form"),
    path("survei/<slug:code>/terima-kasih/", views.survey_thanks, name="survey_thanks"),
    path("survei/<slug:code>/hasil/", views.survey_results, name="survey_results"),
    path("pengaduan/", views.complaint_centres, name="complaint_centres"),
    path("pengaduan/lacak/", views.tracking_lookup, name="tracking_lookup"),
    path("pengaduan/lacak/<str:code>/", views.tracking, name="tracking"),
    path("pengaduan/<slug:code>/", views.complaint_form, name="complaint_form"),
    # Staff pages.
    path("quality/", views.period_list, name="period_list"),
    path("quality/periods/new/", views.period_create, name="period_create"),
    path("quality/periods/<int:pk>/", views.period_detail, name="period_detail"),
    path("quality/periods/<int:pk>/edit/", views.period_edit, name="period_edit"),
    path("quality/periods/<int:pk>/status/", views.period_status, name="period_status"),
    path("quality/periods/<int:pk>/population/", views.period_population, name="period_population"),
    path("quality/periods/<int:pk>/entry/", views.period_entry, name="period_entry"),
    path("quality/periods/<int:pk>/codes/", views.period_codes, name="period_codes"),
    path("quality/periods/<int:pk>/codes/print/", views.period_codes_print, name="period_codes_print"),
    path("quality/periods/<int:pk>/report/", views.period_report, name="period_report"),
    path("quality/periods/<int:pk>/report.pdf", views.period_report_pdf, name="period_report_pdf"),
    path("quality/periods/<int:pk>/export.xlsx", views.period_export, name="period_export"),
    path("quality/periods/<int:pk>/publish/", views.period_publish, name="period_publish"),
    path("quality/periods/<int:pk>/unpublish/", views.period_unpublish, name="period_unpublish"),
    path("quality/periods/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("quality/actions/", views.action_list, name="action_list"),
    path("quality/actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("quality/centres/<int:pk>/poster/", views.centre_poster, name="centre_poster"),
    path("quality/readiness/", views.readiness_home, name="readiness_home"),
    path("quality/readiness/national/", views.readiness_national, name="readiness_national"),
    path("quality/readiness/centres/<int:pk>/", views.readiness_detail, name="readiness_detail"),
    path("quality/readiness/centres/<int:pk>/record/", views.readiness_record, name="readiness_record"),
    path(
        "quality/readiness/centres/<int:pk>/self-assessment/",
        views.readiness_self_assessment,
        name="readiness_self_assessment",
    ),
    path(
        "quality/readiness/centres/<int:pk>/actions/new/",
        views.readiness_action_create,
        name="readiness_action_create",
    ),
    path(
        "quality/readiness/actions/<int:pk>/edit/", views.readiness_action_edit, name="readiness_action_edit"
    ),
    path("quality/holidays/", views.holiday_list, name="holiday_list"),
    path("quality/holidays/<int:pk>/delete/", views.holiday_delete, name="holiday_delete"),
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/new/", views.complaint_create, name="complaint_create"),
    path("complaints/alerts/", views.alert_list, name="alert_list"),
    path("complaints/alerts/<int:pk>/read/", views.alert_read, name="alert_read"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/triage/", views.complaint_triage, name="complaint_triage"),
    path("complaints/<int:pk>/assign/", views.complaint_assign, name="complaint_assign"),
    path("complaints/<int:pk>/respond/", views.complaint_respond, name="complaint_respond"),
    path("complaints/<int:pk>/resolve/", views.complaint_resolve, name="complaint_resolve"),
    path("complaints/<int:pk>/reopen/", views.complaint_reopen, name="complaint_reopen"),
    path("complaints/<int:pk>/note/", views.complaint_note, name="complaint_note"),
    path("complaints/<int:pk>/intake/", views.complaint_intake, name="complaint_intake"),
    path("complaints/<int:pk>/intake/link/", views.complaint_intake_link, name="complaint_intake_link"),
    path(
        "complaints/<int:pk>/attachments/<int:attachment_pk>/",
        views.complaint_attachment,
        name="complaint_attachment",
    ),
]
