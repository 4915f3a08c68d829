from django.urls import path

from quiz import views

app_name = "quiz"
urlpatterns = [
    path("", views.landing, name="landing"),
]
