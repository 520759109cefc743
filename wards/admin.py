"""Django admin for administrators; everyday management happens in the portal pages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Activity,
    ActivityType,
    AreaTransfer,
    Covenant,
    Evidence,
    MemberOrganisation,
    ModelType,
    Organisation,
    Reorganisation,
    ResidentialArea,
    SelfManagementModel,
    User,
    Ward,
)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + ((None, {"fields": ("role", "ward", "organisation", "phone")}),)
    add_fieldsets = UserAdmin.add_fieldsets + ((None, {"fields": ("role", "ward", "organisation")}),)
    list_display = ("username", "get_full_name", "role", "ward", "organisation", "is_active")
    list_filter = ("role", "ward", "organisation", "is_active")


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "valid_from", "valid_to", "successor")
    list_filter = ("kind",)


@admin.register(ResidentialArea)
class ResidentialAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "ward", "kind", "households", "is_active", "is_demo")
    list_filter = ("ward", "kind", "is_active")
    search_fields = ("name",)


admin.site.register(MemberOrganisation)
admin.site.register(Organisation)


@admin.register(ModelType)
class ModelTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "counts_houses", "order", "is_active")
    list_editable = ("order", "is_active")


@admin.register(SelfManagementModel)
class SelfManagementModelAdmin(SimpleHistoryAdmin):
    list_display = ("name", "ward", "organisation", "model_type", "status", "is_exemplary", "is_deleted")
    list_filter = ("status", "is_exemplary", "is_deleted", "model_type")
    search_fields = ("name",)
    raw_id_fields = ("replicated_from",)


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ("date", "title", "ward", "organisation", "activity_type", "is_deleted")
    list_filter = ("activity_type", "is_deleted")
    search_fields = ("title",)
    date_hierarchy = "date"


@admin.register(Covenant)
class CovenantAdmin(SimpleHistoryAdmin):
    list_display = ("title", "area", "kind", "status", "meeting_date", "is_deleted")
    list_filter = ("kind", "status", "is_deleted")


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = ("file", "thumbnail", "content_type", "size", "uploaded_by", "uploaded_at")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Recorded through the reorganisation service and its pages; the admin only shows it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reorganisation)
class ReorganisationAdmin(ReadOnlyAdmin):
    list_display = ("target_name", "effective_date", "resolution_number", "applied_at", "undone_at")


@admin.register(AreaTransfer)
class AreaTransferAdmin(ReadOnlyAdmin):
    list_display = ("from_name", "from_ward", "to_name", "to_ward", "effective_date")
    list_filter = ("effective_date",)
