"""Admin pages for the reporting calendar; reports themselves change only through the workflow."""

from django.contrib import admin

from .models import Period, PeriodUnit


class PeriodUnitInline(admin.TabularInline):
    model = PeriodUnit
    extra = 0
    autocomplete_fields = []


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "kind",
        "year",
        "window_start",
        "window_end",
        "due_date",
        "compile_date",
        "lock_date",
    ]
    list_filter = ["kind"]
    inlines = [PeriodUnitInline]
