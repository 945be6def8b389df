from django.urls import path

from sentra.training import views

app_name = "training"

urlpatterns = [
    path("training/", views.calendar, name="calendar"),
    path("training/courses/", views.course_list, name="course_list"),
    path("training/reminders/<int:pk>/read/", views.reminder_read, name="reminder_read"),
    path("training/sessions/new/", views.session_create, name="session_create"),
    path("training/sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("training/sessions/<int:pk>/enrol/", views.session_enrol, name="session_enrol"),
    path("training/sessions/<int:pk>/complete/", views.session_complete, name="session_complete"),
    path("training/participants/<int:pk>/evaluate/", views.participant_evaluate, name="participant_evaluate"),
    path("training/plans/", views.plan_list, name="plan_list"),
    path("training/plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("training/exchange/", views.exchange_list, name="exchange_list"),
    path("training/exchange/<int:pk>/", views.exchange_detail, name="exchange_detail"),
    path("training/overseas/", views.programme_list, name="programme_list"),
    path("training/overseas/new/", views.programme_create, name="programme_create"),
    path("training/overseas/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("training/overseas/<int:pk>/apply/", views.programme_apply, name="programme_apply"),
    path("training/overseas/<int:pk>/nominate/", views.programme_nominate, name="programme_nominate"),
    path("training/overseas/<int:pk>/<slug:action>/", views.programme_action, name="programme_action"),
    path("training/applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("training/applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("training/obligations/<int:pk>/", views.obligation_record, name="obligation_record"),
]
