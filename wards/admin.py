"""Django admin for administrators; everyday management happens in the portal pages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import ActivityType, MemberOrganisation, ModelType, Organisation, ResidentialArea, User, Ward


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
