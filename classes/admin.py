"""Staff create teachers' accounts here: users of the "Enseignants" group, never staff, so they
cannot open the admin nor touch the content. Class sessions are not in the admin: they are the
teachers' own, and their results the students'."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest

from classes.models import TEACHERS_GROUP, Teacher


@admin.register(Teacher)
class TeacherAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active", "last_login"]
    list_filter = ["is_active"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("", {"fields": ["first_name", "last_name", "email", "is_active"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "usable_password", "password1", "password2"]})
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Teacher]:
        return super().get_queryset(request).filter(groups__name=TEACHERS_GROUP)

    def save_model(self, request: HttpRequest, obj: Teacher, form, change: bool) -> None:
        # A teacher never reaches the admin, whatever was ticked.
        obj.is_staff = False
        obj.is_superuser = False
        super().save_model(request, obj, form, change)
        obj.groups.add(Group.objects.get_or_create(name=TEACHERS_GROUP)[0])
