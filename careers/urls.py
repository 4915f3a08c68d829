from django.urls import path

from careers import views

app_name = "careers"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:slug>/", views.role_detail, name="role_detail"),
]
