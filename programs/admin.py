from django.contrib import admin

from .models import ContentArea, Programme


class ContentAreaInline(admin.StackedInline):
    model = ContentArea
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "plan_number", "term_start", "term_end", "status")
    inlines = [ContentAreaInline]
