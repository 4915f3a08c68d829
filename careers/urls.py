from django.urls import path

from careers import views

app_name = "careers"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    # Before the role pages, so "comparer" is never read as a role's slug.
    path("comparer/", views.compare, name="compare"),
    path("<slug:slug>/", views.role_detail, name="role_detail"),
]
