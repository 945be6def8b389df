from django.urls import path

from sentra.core import views

app_name = "core"

urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("login/two-factor/", views.sign_in_two_factor, name="login_two_factor"),
    path("logout/", views.sign_out, name="logout"),
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/<int:event_id>/", views.audit_detail, name="audit_detail"),
    path("access-log/", views.access_list, name="access_list"),
]
