"""Reads for the logbook: scoped evidence, change history, the replication tree of a model."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.scope import get_for_user_or_404, scope_of
from wards.models import Evidence, SelfManagementModel, User

# What a filtered list adds up to, per kind of record: (key, label, kind of value, aggregate).
LIST_TOTALS = {
    "activity": (
        ("count", gettext_lazy("Activities"), "number", Count("pk")),
        ("participants", gettext_lazy("Participants"), "number", Sum("participants")),
        (
            "beneficiary_households",
            gettext_lazy("Beneficiary households"),
            "number",
            Sum("beneficiary_households"),
        ),
        ("funds_cash", gettext_lazy("Funds mobilised in cash"), "money", Sum("funds_cash")),
        ("funds_in_kind", gettext_lazy("Funds mobilised in kind"), "money", Sum("funds_in_kind")),
        (
            "houses",
            gettext_lazy("Houses built or repaired"),
            "number",
            Sum("houses", filter=Q(activity_type__counts_houses=True)),
        ),
        ("areas", gettext_lazy("Residential areas"), "number", Count("area", distinct=True)),
    ),
    "model": (
        ("count", gettext_lazy("Self-management models"), "number", Count("pk")),
        ("households", gettext_lazy("Households in the models"), "number", Sum("households")),
    ),
    "covenant": (("count", gettext_lazy("Covenants"), "number", Count("pk")),),
}


def list_totals(kind: str, rows) -> list[tuple]:
    """(label, value, kind) of what the filtered rows add up to (one query), or [] for other kinds."""
    wanted = LIST_TOTALS.get(kind)
    if not wanted:
        return []
    sums = rows.order_by().aggregate(**{key: aggregate for key, _label, _kind, aggregate in wanted})
    return [(label, sums[key] or 0, value_kind) for key, label, value_kind, _aggregate in wanted]


def readable(queryset, user: User):
    """Rows of a logbook queryset the user may open: units never see soft-deleted rows."""
    queryset = queryset.for_user(user)
    return queryset if scope_of(user).manages_city else queryset.alive()


def editable(queryset, user: User):
    return queryset.editable_by(user).alive()


def evidence_of(record) -> list[Evidence]:
    return list(
        Evidence.objects.filter(
            content_type_ref=ContentType.objects.get_for_model(record), object_id=record.pk
        ).select_related("uploaded_by")
    )


def evidence_for_user(user: User, pk: int, *, to_change: bool = False) -> tuple[Evidence, object]:
    """One evidence file and its record, or 404 unless the user may open (or change) that record.

    Works for any app's record whose QuerySet is a ScopedQuerySet (for_user / editable_by).
    """
    evidence = get_for_user_or_404(Evidence.objects.select_related("content_type_ref"), pk=pk)
    parent_model = evidence.content_type_ref.model_class()
    manager = getattr(parent_model, "objects", None) if parent_model else None
    if manager is None or not hasattr(manager.none(), "for_user"):
        raise Http404(_("No such record, or it is not yours."))
    parents = manager.editable_by(user) if to_change else manager.for_user(user)
    if hasattr(parents, "alive") and (to_change or not scope_of(user).manages_city):
        parents = parents.alive()
    return evidence, get_for_user_or_404(parents, pk=evidence.object_id)


def history_entries(record, limit: int = 30) -> list[dict]:
    """Who changed what and when, newest first, from django-simple-history."""
    versions = list(
        record.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    for index, version in enumerate(versions[:limit]):
        changes = []
        previous = versions[index + 1] if index + 1 < len(versions) else None
        if previous is not None and version.history_type == "~":
            delta = version.diff_against(previous)
            for change in delta.changes:
                field = record._meta.get_field(change.field)
                if field.is_relation:
                    changes.append((field.verbose_name, None, None))
                else:
                    changes.append((field.verbose_name, change.old, change.new))
        entries.append(
            {
                "when": version.history_date,
                "user": version.history_user,
                "kind": version.history_type,
                "changes": changes,
                "reason": version.history_change_reason,
            }
        )
    return entries


def _node(model: SelfManagementModel, children_of: dict, areas_of: dict, seen: set) -> dict:
    seen.add(model.pk)
    children = [
        _node(child, children_of, areas_of, seen)
        for child in children_of.get(model.pk, [])
        if child.pk not in seen
    ]
    return {"model": model, "areas": len(areas_of.get(model.pk, ())), "children": children}


def _walk(node: dict):
    for child in node["children"]:
        yield child
        yield from _walk(child)


def _replication_index() -> tuple[dict, dict]:
    """(children_of, areas_of) for every live model: two queries, whatever the tree sizes."""
    rows = list(SelfManagementModel.objects.alive().select_related("ward", "organisation", "model_type"))
    children_of: dict[int, list] = {}
    for row in rows:
        if row.replicated_from_id:
            children_of.setdefault(row.replicated_from_id, []).append(row)
    through = SelfManagementModel.areas.through.objects.filter(
        selfmanagementmodel_id__in=[row.pk for row in rows]
    ).values_list("selfmanagementmodel_id", "residentialarea_id")
    areas_of: dict[int, set] = {}
    for model_id, area_id in through:
        areas_of.setdefault(model_id, set()).add(area_id)
    return children_of, areas_of


def _tree(model: SelfManagementModel, children_of: dict, areas_of: dict) -> dict:
    root = _node(model, children_of, areas_of, set())
    replicas = list(_walk(root))
    areas = set().union(*(areas_of.get(node["model"].pk, set()) for node in replicas)) if replicas else set()
    wards = {node["model"].ward_id for node in replicas if node["model"].ward_id}
    return {
        "root": root,
        "replicas": len(replicas),
        "areas_reached": len(areas),
        "wards_reached": len(wards),
        "nodes": [root, *replicas],
    }


def replication_tree(model: SelfManagementModel) -> dict:
    """The model's replicas, their replicas and so on, with the residential areas and wards reached."""
    return _tree(model, *_replication_index())


def replication_trees(models) -> list[dict]:
    """replication_tree for several models at once, with the same two queries."""
    index = _replication_index()
    return [_tree(model, *index) for model in models]
