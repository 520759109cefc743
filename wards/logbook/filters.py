"""List filters for models, activities and covenants: the same filtered rows feed pages and exports."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.forms import DATE_WIDGET, choose_labels
from core.scope import scope_of
from wards.history import areas_on, unit_and_predecessor_ids
from wards.models import (
    Activity,
    ActivityType,
    Covenant,
    CovenantKind,
    CovenantStatus,
    MemberOrganisation,
    ModelStatus,
    ModelType,
    ResidentialArea,
    SelfManagementModel,
    Ward,
)

# django-filter's label for a descending sort, translated in the portal's catalogue.
gettext_noop("%s (descending)")
DEFAULT_ORDER = _("— Default order —")


class ScopedFilterSet(django_filters.FilterSet):
    """A ward officer sees one ward only, so the ward filter would be noise."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and scope_of(request.user).is_ward:
            self.filters.pop("ward", None)

    @property
    def form(self):
        return choose_labels(super().form, filtering=True)


def _wards(request):
    return Ward.objects.order_by("kind", "name")


def _content_areas(request):
    # Through the foreign key: the logbook does not import the programs app (it sits below it).
    return Activity._meta.get_field("content_area").related_model.objects.all()


def _areas(request):
    return ResidentialArea.objects.for_user(getattr(request, "user", None)).select_related("ward")


class AreaFilter(django_filters.ModelChoiceFilter):
    """Areas labelled with their ward, since names repeat across wards."""

    @property
    def field(self):
        field = super().field
        field.label_from_instance = lambda area: f"{area.name} – {area.ward.display_name}"
        return field


class UnitFilterMixin(django_filters.FilterSet):
    """The records behind a figure of a report: a ward's own records with those of the units merged into
    it (wards/history.py), or an organisation's records. Linked from report figures (reports/links.py)."""

    unit = django_filters.NumberFilter(method="of_ward_unit", widget=forms.HiddenInput)
    unit_organisation = django_filters.NumberFilter(method="of_organisation_unit", widget=forms.HiddenInput)

    def of_ward_unit(self, queryset, name, value):
        return queryset.filter(ward_id__in=unit_and_predecessor_ids(int(value)), organisation__isnull=True)

    def of_organisation_unit(self, queryset, name, value):
        return queryset.filter(organisation_id=int(value))


class ActivityFilter(UnitFilterMixin, ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    ward = django_filters.ModelChoiceFilter(label=_("Ward / commune"), queryset=_wards)
    area = AreaFilter(label=_("Residential area"), queryset=_areas)
    content_area = django_filters.ModelChoiceFilter(label=_("Content area"), queryset=_content_areas)
    activity_type = django_filters.ModelChoiceFilter(label=_("Type"), queryset=ActivityType.objects.all())
    organiser = django_filters.ModelChoiceFilter(
        label=_("Organiser"), queryset=MemberOrganisation.objects.all()
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DATE_WIDGET
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="date", lookup_expr="lte", widget=DATE_WIDGET
    )
    sort = django_filters.OrderingFilter(
        empty_label=DEFAULT_ORDER,
        label=_("Sort by"),
        fields=(
            ("date", "date"),
            ("title", "title"),
            ("participants", "participants"),
            ("funds_cash", "funds"),
        ),
        field_labels={
            "date": _("Date"),
            "title": _("Title"),
            "participants": _("Participants"),
            "funds_cash": _("Funds"),
        },
    )

    # A report's figure per content area links here by the area's number, as the figures keep it.
    content_area_number = django_filters.NumberFilter(
        field_name="content_area__number", widget=forms.HiddenInput
    )
    activity_type_code = django_filters.CharFilter(field_name="activity_type__code", widget=forms.HiddenInput)

    class Meta:
        model = Activity
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class SelfManagementModelFilter(UnitFilterMixin, ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    ward = django_filters.ModelChoiceFilter(label=_("Ward / commune"), queryset=_wards)
    area = AreaFilter(label=_("Residential area"), field_name="areas", queryset=_areas)
    content_area = django_filters.ModelChoiceFilter(label=_("Content area"), queryset=_content_areas)
    model_type = django_filters.ModelChoiceFilter(label=_("Type"), queryset=ModelType.objects.all())
    lead_organisation = django_filters.ModelChoiceFilter(
        label=_("Leading organisation"), queryset=MemberOrganisation.objects.all()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ModelStatus.choices)
    date_from = django_filters.DateFilter(
        label=_("Started from"), field_name="start_date", lookup_expr="gte", widget=DATE_WIDGET
    )
    date_to = django_filters.DateFilter(
        label=_("Started until"), field_name="start_date", lookup_expr="lte", widget=DATE_WIDGET
    )
    sort = django_filters.OrderingFilter(
        empty_label=DEFAULT_ORDER,
        label=_("Sort by"),
        fields=(("start_date", "start"), ("name", "name"), ("households", "households")),
        field_labels={"start_date": _("Start date"), "name": _("Name"), "households": _("Households")},
    )

    # Models running at some time between two days, as a report's window counts them.
    running_from = django_filters.DateFilter(method="running_since", widget=forms.HiddenInput)
    running_to = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", widget=forms.HiddenInput
    )

    class Meta:
        model = SelfManagementModel
        fields = []

    def running_since(self, queryset, name, value):
        return queryset.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=value))

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))


class CovenantFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    ward = django_filters.ModelChoiceFilter(
        label=_("Ward / commune"), field_name="area__ward", queryset=_wards
    )
    area = AreaFilter(label=_("Residential area"), queryset=_areas)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CovenantKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CovenantStatus.choices)
    date_from = django_filters.DateFilter(
        label=_("Meeting from"), field_name="meeting_date", lookup_expr="gte", widget=DATE_WIDGET
    )
    date_to = django_filters.DateFilter(
        label=_("Meeting until"), field_name="meeting_date", lookup_expr="lte", widget=DATE_WIDGET
    )
    sort = django_filters.OrderingFilter(
        empty_label=DEFAULT_ORDER,
        label=_("Sort by"),
        fields=(("meeting_date", "meeting"), ("title", "title"), ("area__name", "area")),
        field_labels={
            "meeting_date": _("Meeting date"),
            "title": _("Title"),
            "area__name": _("Residential area"),
        },
    )

    # The covenants behind a report's figure: those of the areas a unit (with the units merged into it)
    # had on a day, reviewed in a window.
    unit = django_filters.NumberFilter(method="of_unit", widget=forms.HiddenInput)
    unit_day = django_filters.DateFilter(method="on_day", widget=forms.HiddenInput)
    reviewed_from = django_filters.DateFilter(
        field_name="review_date", lookup_expr="gte", widget=forms.HiddenInput
    )
    reviewed_to = django_filters.DateFilter(
        field_name="review_date", lookup_expr="lte", widget=forms.HiddenInput
    )

    class Meta:
        model = Covenant
        fields = []

    def of_unit(self, queryset, name, value):
        day = self.form.cleaned_data.get("unit_day")
        if day is None:
            return queryset.filter(area__ward_id__in=unit_and_predecessor_ids(int(value)))
        areas = areas_on(unit_and_predecessor_ids(int(value)), day, active_only=False)
        return queryset.filter(area__in=areas.values("pk"))

    def on_day(self, queryset, name, value):
        return queryset  # read by `of_unit`

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(recognition_number__icontains=value))
