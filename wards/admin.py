"""Django admin for administrators; everyday management happens in the portal pages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from .logbook import locks, services
from .models import (
    Activity,
    ActivityType,
    AreaTransfer,
    Covenant,
    Evidence,
    LockedChange,
    LockedWindow,
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


class LockedRecordAdmin(SimpleHistoryAdmin):
    """A record inside an accepted report's window cannot be changed, deleted or added here: city staff
    change it in the portal pages, which ask for the reason recorded on the report."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        original = services.snapshot(obj) if obj is not None else None

        class Checked(form):
            def _post_clean(self):
                super()._post_clean()
                try:
                    services.check_unlocked(record=self.instance, by=request.user, original=original)
                except ValidationError as error:
                    self.add_error(None, error)

        return Checked

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or locks.record_lock(obj) is None)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or locks.record_lock(obj) is None)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a bulk delete would pass over the locks
        return actions


@admin.register(SelfManagementModel)
class SelfManagementModelAdmin(LockedRecordAdmin):
    list_display = ("name", "ward", "organisation", "model_type", "status", "is_exemplary", "is_deleted")
    list_filter = ("status", "is_exemplary", "is_deleted", "model_type")
    search_fields = ("name",)
    raw_id_fields = ("replicated_from",)


@admin.register(Activity)
class ActivityAdmin(LockedRecordAdmin):
    list_display = ("date", "title", "ward", "organisation", "activity_type", "is_deleted")
    list_filter = ("activity_type", "is_deleted")
    search_fields = ("title",)
    date_hierarchy = "date"


@admin.register(Covenant)
class CovenantAdmin(LockedRecordAdmin):
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


@admin.register(LockedWindow)
class LockedWindowAdmin(ReadOnlyAdmin):
    list_display = ("report_label", "ward", "organisation", "start", "end")


@admin.register(LockedChange)
class LockedChangeAdmin(ReadOnlyAdmin):
    list_display = ("at", "by", "action", "record_label", "reason")
