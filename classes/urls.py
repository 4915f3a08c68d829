from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from classes import views

app_name = "classes"
urlpatterns = [
    # Students
    path("classe/", views.join, name="join"),
    path("classe/<str:code>/", views.join, name="join_code"),
    path("resultats/<uuid:public_id>/classe/", views.share, name="share"),
    # Teachers
    path(
        "enseignants/connexion/",
        auth_views.LoginView.as_view(
            template_name="classes/login.html",
            redirect_authenticated_user=True,
            next_page=reverse_lazy("classes:dashboard"),
        ),
        name="login",
    ),
    path("enseignants/deconnexion/", auth_views.LogoutView.as_view(next_page="quiz:landing"), name="logout"),
    path(
        "enseignants/mot-de-passe/",
        views.teacher_required(
            auth_views.PasswordChangeView.as_view(
                template_name="classes/password_change.html",
                success_url=reverse_lazy("classes:password_change_done"),
            )
        ),
        name="password_change",
    ),
    path(
        "enseignants/mot-de-passe/change/",
        views.teacher_required(
            auth_views.PasswordChangeDoneView.as_view(template_name="classes/password_change_done.html")
        ),
        name="password_change_done",
    ),
    path("enseignants/", views.dashboard, name="dashboard"),
    path("enseignants/sessions/<int:pk>/", views.session_detail, name="session"),
    path("enseignants/sessions/<int:pk>/synthese/", views.session_summary, name="summary"),
    path("enseignants/sessions/<int:pk>/qr.svg", views.session_qr, name="qr"),
    path("enseignants/sessions/<int:pk>/fermer/", views.session_close, name="close"),
    path("enseignants/sessions/<int:pk>/supprimer/", views.session_delete, name="delete"),
    path("enseignants/sessions/<int:pk>/resultats/<int:number>/", views.shared_result, name="shared_result"),
]
