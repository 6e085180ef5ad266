from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from intake.models import Argument, Case, CaseAccess, Client, Organisation, User, WardenRequest


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "require_independent_approval", "time_zone"]


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    fieldsets = [*UserAdmin.fieldsets, ("Organisation", {"fields": ["organisation", "role"]})]
    add_fieldsets = [*UserAdmin.add_fieldsets, ("Organisation", {"fields": ["organisation", "role"]})]
    list_display = ["username", "get_full_name", "organisation", "role", "is_active"]
    list_filter = ["organisation", "role", "is_active"]


@admin.register(Client)
class ClientAdmin(SimpleHistoryAdmin):
    list_display = ["name", "register_number", "organisation"]
    search_fields = ["name", "register_number"]


class ArgumentInline(admin.StackedInline):
    model = Argument
    extra = 0


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "district", "status", "organisation"]
    list_filter = ["status", "organisation"]
    # The status moves only through the case's workflow methods (Case.TRANSITIONS), never by hand.
    readonly_fields = ["status"]
    inlines = [ArgumentInline]


@admin.register(WardenRequest)
class WardenRequestAdmin(SimpleHistoryAdmin):
    list_display = ["case", "submitted_on", "response"]


@admin.register(CaseAccess)
class CaseAccessAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only, written by the reading views and nothing else."""

    list_display = ["at", "organisation", "user", "case", "kind", "detail"]
    list_filter = ["organisation", "kind"]
    list_select_related = ["organisation", "user", "case__client"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
