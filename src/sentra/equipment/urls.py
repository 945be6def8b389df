from django.urls import path

from sentra.equipment import views

app_name = "equipment"

urlpatterns = [
    path("equipment/", views.overview, name="overview"),
    path("equipment/national/", views.gap_national, name="gap_national"),
    path("equipment/national/budget.xlsx", views.gap_national_export, name="gap_national_export"),
    path("equipment/standards/", views.standard_list, name="standard_list"),
    path("equipment/standards/new/", views.standard_create, name="standard_create"),
    path("equipment/standards/<int:pk>/", views.standard_detail, name="standard_detail"),
    path("equipment/standards/<int:pk>/edit/", views.standard_edit, name="standard_edit"),
    path("equipment/catalogue/", views.catalogue, name="catalogue"),
    path("equipment/catalogue/new/", views.item_type_create, name="item_type_create"),
    path("equipment/catalogue/<int:pk>/edit/", views.item_type_edit, name="item_type_edit"),
    path("equipment/centres/<int:pk>/", views.centre, name="centre"),
    path("equipment/centres/<int:pk>/items/new/", views.item_create, name="item_create"),
    path("equipment/centres/<int:pk>/import/", views.inventory_import, name="import"),
    path("equipment/centres/<int:pk>/labels/", views.labels, name="labels"),
    path("equipment/centres/<int:pk>/gap/", views.gap_centre, name="gap_centre"),
    path("equipment/centres/<int:pk>/gap/budget.xlsx", views.gap_centre_export, name="gap_centre_export"),
    path("equipment/centres/<int:pk>/loans/", views.loans, name="loans"),
    path("equipment/centres/<int:pk>/needs/new/", views.need_create, name="need_create"),
    path(
        "equipment/centres/<int:pk>/needs/from-assessment/",
        views.need_from_assessment,
        name="need_from_assessment",
    ),
    path("equipment/items/<int:pk>/", views.item_detail, name="item_detail"),
    path("equipment/items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("equipment/items/<int:pk>/inspections/", views.item_inspect, name="item_inspect"),
    path("equipment/items/<int:pk>/maintenance/", views.item_maintenance, name="item_maintenance"),
    path("equipment/items/<int:pk>/photos/", views.item_photo_add, name="item_photo_add"),
    path("equipment/photos/<int:pk>/", views.item_photo, name="item_photo"),
    path("equipment/needs/<int:pk>/", views.need_loan, name="need_loan"),
    path("equipment/needs/<int:pk>/cancel/", views.need_cancel, name="need_cancel"),
    path("equipment/loans/<int:pk>/", views.loan_detail, name="loan_detail"),
    path("equipment/loans/<int:pk>/fit/", views.loan_fit, name="loan_fit"),
    path("equipment/loans/<int:pk>/return/", views.loan_return, name="loan_return"),
    path("equipment/loans/<int:pk>/lost/", views.loan_lost, name="loan_lost"),
]
