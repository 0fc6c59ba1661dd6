from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("unit",)
    fk_name = "user"


class UserCreateForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role", "voivodeship")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    ordering = ("email",)
    list_display = (
        "email",
        "full_name",
        "role",
        "voivodeship",
        "is_active",
        "is_superuser",
    )
    list_filter = ("role", "voivodeship", "is_active", "is_superuser")
    search_fields = ("email", "full_name")
    list_select_related = ("voivodeship",)
    autocomplete_fields = ("voivodeship",)
    inlines = (MembershipInline,)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name",)}),
        (_("Role and scope"), {"fields": ("role", "voivodeship")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "role",
                    "voivodeship",
                    "password1",
                    "password2",
                ),
            },
        ),
    )


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "unit", "role", "created_at")
    list_filter = ("role", "unit__kind", "unit__voivodeship")
    search_fields = ("user__email", "user__full_name", "unit__name")
    list_select_related = ("user", "unit")
    autocomplete_fields = ("user", "unit")
