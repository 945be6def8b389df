from django.urls import path

from sentra.beneficiaries import views

app_name = "beneficiaries"

urlpatterns = [
    path("beneficiaries/", views.beneficiary_list, name="list"),
    path("beneficiaries/register/", views.beneficiary_register, name="register"),
    path("beneficiaries/register/check/", views.registration_check, name="registration_check"),
    path("beneficiaries/validate/", views.validate_field, name="validate_field"),
    path("beneficiaries/<int:pk>/", views.beneficiary_detail, name="detail"),
    path("beneficiaries/<int:pk>/edit/", views.beneficiary_edit, name="edit"),
    path("beneficiaries/<int:pk>/nik/", views.reveal_nik, name="reveal_nik"),
    path(
        "beneficiaries/<int:pk>/sensitive/health/",
        views.reveal_sensitive,
        {"category": "health"},
        name="reveal_health",
    ),
    path(
        "beneficiaries/<int:pk>/sensitive/child/",
        views.reveal_sensitive,
        {"category": "child"},
        name="reveal_child",
    ),
    path("beneficiaries/<int:pk>/photo/", views.photo, name="photo"),
    path("beneficiaries/<int:pk>/family/new/", views.relationship_add, name="relationship_add"),
    path(
        "beneficiaries/<int:pk>/family/<int:link_pk>/remove/",
        views.relationship_remove,
        name="relationship_remove",
    ),
    path("beneficiaries/<int:pk>/consents/new/", views.consent_new, name="consent_new"),
    path(
        "beneficiaries/<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "beneficiaries/<int:pk>/consents/<int:consent_pk>/evidence/",
        views.consent_evidence,
        name="consent_evidence",
    ),
    path("beneficiaries/<int:pk>/duplicates/", views.candidates, name="candidates"),
    path("beneficiaries/<int:pk>/duplicates/<int:other_pk>/flag/", views.flag_pair, name="flag_pair"),
    path("beneficiaries/reviews/", views.review_list, name="review_list"),
    path("beneficiaries/reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("beneficiaries/reviews/<int:pk>/merge/", views.review_merge, name="review_merge"),
    path("beneficiaries/reviews/<int:pk>/distinct/", views.review_distinct, name="review_distinct"),
    path("beneficiaries/reviews/<int:pk>/unmerge/", views.review_unmerge, name="review_unmerge"),
    path("beneficiaries/imports/", views.import_list, name="import_list"),
    path("beneficiaries/<int:pk>/requests/", views.subject_request_list, name="subject_requests"),
    path(
        "beneficiaries/<int:pk>/requests/<int:request_pk>/answer/",
        views.subject_request_answer,
        name="subject_request_answer",
    ),
    path(
        "beneficiaries/<int:pk>/export.json",
        views.subject_export_file,
        {"fmt": "json"},
        name="subject_export_json",
    ),
    path(
        "beneficiaries/<int:pk>/export.pdf",
        views.subject_export_file,
        {"fmt": "pdf"},
        name="subject_export_pdf",
    ),
    path("beneficiaries/requests/", views.subject_request_queue, name="subject_request_queue"),
    path("beneficiaries/imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("beneficiaries/imports/example.csv", views.import_example, name="import_example"),
    path("beneficiaries/imports/example.xlsx", views.import_example_xlsx, name="import_example_xlsx"),
]
