from django.urls import path

from quiz import views

app_name = "quiz"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("quiz/commencer/", views.start, name="start"),
    path("quiz/question/<int:position>/", views.question, name="question"),
    path("resultats/<uuid:public_id>/", views.results, name="results"),
    path("resultats/<uuid:public_id>/supprimer/", views.delete_results, name="delete"),
    path("resultats/<uuid:public_id>/modifier/", views.change_answers, name="change_answers"),
    path("resultats/partage/<uuid:share_id>/", views.shared_results, name="shared"),
    path("resultats/partage/<uuid:share_id>/qr.svg", views.shared_qr, name="shared_qr"),
    path("confidentialite/", views.privacy, name="privacy"),
]
