from django.urls import path

from sentra.assessments import views

app_name = "assessments"

urlpatterns = [
    path("instruments/", views.instrument_list, name="instrument_list"),
    path("instruments/<str:code>/", views.instrument_score, name="instrument_score"),
    path("beneficiaries/<int:beneficiary_id>/assessments/", views.person_assessments, name="person"),
    path("beneficiaries/<int:beneficiary_id>/assessments/new/", views.record_choose, name="record_choose"),
    path(
        "beneficiaries/<int:beneficiary_id>/assessments/new/<str:code>/",
        views.record_form,
        name="record_form",
    ),
    path("beneficiaries/<int:beneficiary_id>/assessments/history/<str:code>/", views.history, name="history"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/", views.home, name="home"),
    path("assessments/outcomes/", views.outcome_list, name="outcome_list"),
    path("assessments/alerts/<int:pk>/seen/", views.alert_acknowledge, name="alert_acknowledge"),
    path("needs/", views.centre_needs, name="centre_needs"),
    path("needs/rules/", views.rulesets, name="rulesets"),
    path("needs/rules/<int:pk>/activate/", views.ruleset_activate, name="ruleset_activate"),
    path("needs/rules/default/", views.ruleset_default, name="ruleset_default"),
    path("needs/<int:pk>/decide/", views.need_decide, name="need_decide"),
]
