from django.urls import path

from sentra.placement import views

app_name = "placement"

urlpatterns = [
    path("placement/", views.run_list, name="run_list"),
    path("placement/runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("placement/runs/<int:pk>/accept/", views.run_accept, name="run_accept"),
    path("placement/runs/<int:pk>/what-if/", views.run_what_if, name="run_what_if"),
    path("placement/proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("placement/proposals/<int:pk>/accept/", views.proposal_accept, name="proposal_accept"),
    path("placement/caseload/", views.caseload_index, name="caseload_index"),
    path("placement/caseload/<int:pk>/", views.caseload_review, name="caseload_review"),
]
