from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("courts/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
]
