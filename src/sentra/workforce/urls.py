from django.urls import URLPattern, path

from sentra.workforce.views import centre, staff

app_name = "workforce"

urlpatterns: list[URLPattern] = [
    path("workforce/", centre.centre_home, name="home"),
    path("workforce/staff/", staff.staff_list, name="staff_list"),
    path("workforce/staff/new/", staff.staff_create, name="staff_create"),
    path("workforce/staff/import/", staff.staff_import, name="staff_import"),
    path("workforce/staff/<int:pk>/", staff.staff_detail, name="staff_detail"),
    path("workforce/staff/<int:pk>/edit/", staff.staff_edit, name="staff_edit"),
    path("workforce/staff/<int:pk>/credentials/", staff.credential_add, name="credential_add"),
    path("workforce/credentials/<int:pk>/renew/", staff.credential_renew, name="credential_renew"),
    path("workforce/credentials/<int:pk>/revoke/", staff.credential_revoke, name="credential_revoke"),
    path("workforce/staff/<int:pk>/assessments/", staff.assessment_add, name="assessment_add"),
    path("workforce/alerts/", staff.alert_list, name="alert_list"),
    path("workforce/alerts/<int:pk>/read/", staff.alert_read, name="alert_read"),
    path("workforce/centres/<int:centre_id>/matrix/", centre.matrix, name="matrix"),
    path("workforce/centres/<int:centre_id>/gaps/", centre.gaps, name="gaps"),
    path("workforce/centres/<int:centre_id>/caseload/", centre.caseload, name="caseload"),
    path("workforce/centres/<int:centre_id>/performance/", centre.performance, name="performance"),
    path("workforce/national/", centre.national, name="national"),
]
