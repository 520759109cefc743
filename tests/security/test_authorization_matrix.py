"""Every URL, every role, other units' objects: 404/403/405 (anonymous: login), no leak, no change.

How it works: tests/security/world.py builds wards A and B, organisations X and Y, and every kind of
object for each, with unique marker strings in B's and Y's objects. For each URL name, REGISTRY gives a
builder: `builder(world) -> Case`. A Case lists the path kwargs of the foreign objects to aim at
(`targets`), and optionally, per unit role, the kwargs of the role's OWN object (`own`), whose form is
then posted back with the foreign ids of TAMPERED in its fields (hidden-field tampering). Every
request also carries the foreign ids in its query string. For every role, GET and POST:

* anonymous: 302 to the login page;
* a unit officer (ward A, organisation X) aiming at a foreign object: 403, 404 or 405;
* any role: never a 500, none of the markers that role may not read in the body, and no change to any
  row the role may not change (tests/security/world.py `snapshot`; an optional `Case.probe` adds more).

Registering a new URL (a URL nobody registered fails `test_every_url_is_in_the_matrix`):

    "reports:compiled_detail": on("compiled_b"),          # <int:pk> of a foreign object in world.py
    "reports:compiled_list": page(),                       # no path arguments
    "reports:x_edit": on("rep_b", own={"ward_a": "rep_a"}),  # also post the own form with foreign ids

Add the object to build_world() (with a marker(...) in a visible text field and its marker in
`forbidden`) if the URL needs a new kind of object.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.security import world as W
from tests.urlwalk import project_urls

pytestmark = pytest.mark.django_db

MIN_REQUESTS = 500


@dataclass
class Case:
    targets: list[dict] = field(default_factory=lambda: [{}])
    own: dict[str, dict] = field(default_factory=dict)
    city_level: bool = False  # targets are city-wide rows (periods): a unit may use them for itself
    probe: Callable | None = None


def page() -> Callable:
    """A URL without path arguments: tampering goes through the query string and the posted fields."""
    return lambda w: Case()


def on(*attrs: str, key: str = "pk", own: dict[str, str] | None = None) -> Callable:
    """A URL aimed at foreign object(s) `attrs` of the world; `own` maps unit role -> its own object."""

    def build(w):
        return Case(
            targets=[{key: getattr(w, a).pk} for a in attrs],
            own={role: {key: getattr(w, a).pk} for role, a in (own or {}).items()},
        )

    return build


def period() -> Callable:
    return lambda w: Case(targets=[{"code": w.period.code}], city_level=True)


def pick_list_entries() -> Callable:
    """The organisation's pick lists: only city managers change them; unit officers get 403."""

    def build(w):
        from wards.models import ActivityType, ModelType

        return Case(
            targets=[
                {"kind": "model", "pk": ModelType.objects.first().pk},
                {"kind": "activity", "pk": ActivityType.objects.first().pk},
            ]
        )

    return build


def assessment() -> Callable:
    return lambda w: Case(
        targets=[{"area_pk": w.area_b.pk, "year": w.year}],
        own={"ward_a": {"area_pk": w.area_a.pk, "year": w.year}},
    )


def _logbook() -> dict:
    entries = {}
    objects = {
        "activity": ("act_b", "act_y", {"ward_a": "act_a", "org_x": "act_x"}),
        "model": ("model_b", "model_y", {"ward_a": "model_a", "org_x": "model_x"}),
        "covenant": ("cov_b", "cov_b", {"ward_a": "cov_a"}),
    }
    for kind, (b, y, own) in objects.items():
        for name in ("list", "create", "export_xlsx", "export_csv"):
            entries[f"wards:{kind}_{name}"] = page()
        for name in ("detail", "delete", "restore"):
            entries[f"wards:{kind}_{name}"] = on(b, y)
        entries[f"wards:{kind}_edit"] = on(b, y, own=own)
        entries[f"wards:{kind}_evidence_upload"] = on(b, y, own=own)
    return entries


REGISTRY: dict[str, Callable] = {
    "home": page(),
    "health": page(),
    "audit_list": page(),
    "login": page(),
    "logout": page(),
    "password_change": page(),
    "password_change_done": page(),
    "wards:ward_list": page(),
    "wards:ward_create": page(),
    "wards:ward_edit": on("ward_b"),
    "wards:ward_deactivate": on("ward_b"),
    "wards:area_list": page(),
    "wards:area_create": page(),
    "wards:area_edit": on("area_b", own={"ward_a": "area_a"}),
    "wards:area_toggle": on("area_b"),
    "wards:picklist": lambda w: Case(targets=[{"kind": "model"}, {"kind": "activity"}]),
    "wards:picklist_create": lambda w: Case(targets=[{"kind": "model"}, {"kind": "activity"}]),
    "wards:picklist_edit": pick_list_entries(),
    "wards:picklist_toggle": pick_list_entries(),
    "wards:organisation_list": page(),
    "wards:organisation_create": page(),
    "wards:organisation_edit": on("org_y"),
    "wards:organisation_toggle": on("org_y"),
    "wards:configuration": page(),
    **_logbook(),
    "wards:model_replicas": on("model_b", "model_y"),
    "wards:activity_area_options": lambda w: Case(targets=[{}]),
    "wards:evidence": on("ev_b"),
    "wards:evidence_delete": on("ev_b"),
    "wards:evidence_thumbnail": on("ev_b"),
    "programs:programme_detail": page(),
    "programs:programme_edit": on("programme"),
    "programs:coverage": page(),
    "programs:pilot_create": page(),
    "programs:pilot_detail": on("pilot_b"),
    "programs:pilot_move": on("pilot_b"),
    "programs:pilot_replace": on("pilot_b"),
    "programs:evaluation_create": on("pilot_b"),
    "programs:attachment_download": on("att_b"),
    "programs:criteria_list": page(),
    "programs:criteria_set_create": page(),
    "programs:criteria_set_edit": on("criteria_set"),
    "programs:criterion_create": on("criteria_set"),
    "programs:criterion_edit": on("criterion"),
    "programs:assessment_list": page(),
    "programs:assessment_edit": assessment(),
    "programs:assessment_confirm": on("sa_b"),
    "reports:period_list": page(),
    "reports:period_edit": period(),
    "reports:period_units": period(),
    "reports:period_dashboard": period(),
    "reports:period_export": period(),
    "reports:my_reports": page(),
    "reports:review_queue": page(),
    "reports:report_start": period(),
    "reports:report_detail": on("rep_b", "rep_y"),
    "reports:report_edit": on("rep_b", "rep_y", own={"ward_a": "rep_a", "org_x": "rep_x"}),
    "reports:report_return": on("rep_b", "rep_y"),
    "reports:report_accept": on("rep_b", "rep_y"),
    "reports:report_reopen": on("rep_b", "rep_y"),
    "reports:report_diff": on("rep_b", "rep_y"),
    "reports:report_records": lambda w: Case(
        targets=[{"pk": rep.pk, "kind": kind} for rep in (w.rep_b, w.rep_y) for kind in ("activity", "model")]
    ),
    "reports:report_pdf": on("rep_b", "rep_y"),
    "reports:report_docx": on("rep_b", "rep_y"),
    "reports:report_scan": on("rep_b", "rep_y", own={"ward_a": "rep_a", "org_x": "rep_x"}),
    "reports:report_scan_download": on("rep_b", "rep_y"),
    "reports:notification_list": page(),
    "reports:compile": period(),
    "reports:compiled_list": page(),
    "reports:compiled_detail": on("compiled"),
    "reports:compiled_status": on("compiled"),
    "reports:compiled_publish": on("compiled"),
    "reports:compiled_download": lambda w: Case(
        targets=[{"pk": w.compiled.pk, "kind": kind} for kind in ("pdf", "xlsx", "docx")]
    ),
    **{f"wards:{kind}_import": page() for kind in ("area", "model", "activity", "covenant")},
    **{f"wards:{kind}_import_template": page() for kind in ("area", "model", "activity", "covenant")},
    "wards:import_preview": on("import_b"),
    "wards:import_confirm": on("import_b"),
    "wards:import_status": on("import_b"),
    "ward_page": on("ward_b"),
    "remind_unit": on("unit_b"),
    "help": page(),
    "password_reset": page(),
    "password_reset_done": page(),
    "password_reset_confirm": lambda w: Case(
        targets=[{"uidb64": "MQ", "token": "set-password"}], city_level=True
    ),
    "password_reset_complete": page(),
    "accounts:user_list": page(),
    "accounts:user_create": page(),
    "accounts:user_detail": on("officer_b"),
    "accounts:user_edit": on("officer_b"),
    "accounts:user_move": on("officer_b"),
    "accounts:user_set_active": on("officer_b"),
    "accounts:user_invite": on("officer_b"),
    "reorganisation:list": page(),
    "reorganisation:create": page(),
    "reorganisation:detail": on("reorganisation"),
    "reorganisation:undo": on("reorganisation"),
}

# Role-wide pages anonymous visitors may open.
PUBLIC = {
    "login",
    "health",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# City staff and administrators may change anything: they only GET (no 500, no crash); logging out ends
# the session, so it is only GET-checked as well.
READ_ONLY_ROLES = {"city_staff", "administrator"}
GET_ONLY = {"logout"}


def tampered(w) -> dict:
    """Foreign ids under every name a form or filter might use for an owner or a parent."""
    return {
        "ward": w.ward_b.pk,
        "area": w.area_b.pk,
        "areas": w.area_b.pk,
        "organisation": w.org_y.pk,
        "model": w.model_b.pk,
        "replicated_from": w.model_b.pk,
        "pilot": w.pilot_b.pk,
        "report": w.rep_b.pk,
        "period": w.period.pk,
        "criteria_set": w.criteria_set.pk,
        "version": 999,
        "takes_part": "1",
        "next": "https://evil.example/",
    }


def _form_data(response) -> dict:
    """The values a browser would post back from the page's form (empty when it shows none)."""
    context = getattr(response, "context", None)
    form = context.get("form") if context else None
    if form is None or not hasattr(form, "fields"):
        return {}
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or bound.name in ("files", "scan"):
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
        elif hasattr(value, "strftime"):
            data[bound.html_name] = value.strftime("%d/%m/%Y")
        else:
            data[bound.html_name] = str(getattr(value, "pk", value))
    return data


# Fields of a ward officer's own object that must never point at another unit's rows after tampering.
# A model may be replicated from any unit's model, and an organisation works in any ward's areas.
OWN_LINKS = {
    "ward_a": ("ward_id", "area_id", "model_id", "organisation_id"),
    "org_x": ("model_id", "organisation_id"),
}


class Matrix:
    def __init__(self, w, clients):
        self.w, self.clients = w, clients
        self.requests = 0
        self.failures: list[str] = []
        self.tamper = tampered(w)
        self.query = "?" + urlencode(self.tamper)

    def request(self, role, method, url, data=None):
        client = self.clients[role]
        actor = self.w.users.get(role)
        before = W.snapshot(actor) if method == "post" else None
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        self.requests += 1
        where = f"{role} {method.upper()} {url}"
        # /health/ answers 503 when a component is down (a test may leave the broker unreachable).
        if response.status_code >= 500 and not (response.status_code == 503 and url.startswith("/health/")):
            self.failures.append(f"{where}: {response.status_code}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for mark in self.w.forbidden.get(role, ()):
            if mark.encode() in body:
                self.failures.append(f"{where}: shows {mark}")
        if before is not None and W.snapshot(actor) != before:
            self.failures.append(f"{where}: changed rows that are not {role}'s")
        return response

    def expect(self, response, allowed, where):
        if response.status_code not in allowed:
            self.failures.append(f"{where}: {response.status_code}, expected one of {sorted(allowed)}")

    def run(self, name, case):
        for kwargs in case.targets:
            path = reverse(name, kwargs=kwargs)
            for role in W.ROLES:
                methods = ("get",) if role in READ_ONLY_ROLES or name in GET_ONLY else ("get", "post")
                for method in methods:
                    url = path + self.query if method == "get" else path
                    response = self.request(role, method, url, self.tamper)
                    where = f"{name} {role} {method.upper()}"
                    if role == "anonymous" and name not in PUBLIC:
                        self.expect(response, {302}, where)
                        if response.status_code == 302 and not response.url.startswith("/accounts/login/"):
                            self.failures.append(f"{where}: redirected to {response.url}")
                    elif role in W.UNIT_ROLES and kwargs and not case.city_level:
                        self.expect(response, {403, 404, 405}, where)
            if case.probe is not None and case.probe(self.w):
                self.failures.append(f"{name}: probe saw a change")
        for role, kwargs in case.own.items():
            self.tamper_own(name, role, kwargs)

    def tamper_own(self, name, role, kwargs):
        """Post the role's own form back with foreign ids in its fields."""
        path = reverse(name, kwargs=kwargs)
        form = self.request(role, "get", path)
        untouched = _form_data(form)
        if untouched and name.endswith("_edit"):
            # The page's own values are accepted as they are, so a refusal below is the tampering's.
            self.expect(self.request(role, "post", path, untouched), {302}, f"{name} {role} own form")
        self.request(role, "post", path, {**untouched, **self.tamper})
        own = _own_object(self.w, name, kwargs)
        foreign = {self.w.ward_b.pk, self.w.area_b.pk, self.w.org_y.pk, self.w.model_b.pk}
        if own is not None:
            own.refresh_from_db()
            for attr in OWN_LINKS[role]:
                if (
                    getattr(own, attr, None) is not None
                    and getattr(own, attr) in foreign
                    and (getattr(own, attr) == self.tamper.get(attr.removesuffix("_id")))
                ):
                    self.failures.append(f"{name} {role}: own object now points at foreign {attr}")
            if role == "ward_a" and hasattr(own, "areas") and own.areas.filter(pk=self.w.area_b.pk).exists():
                self.failures.append(f"{name} {role}: own object now lists the foreign area")


OWN_OBJECTS = {
    "wards:activity_": ("act_a", "act_x"),
    "wards:model_": ("model_a", "model_x"),
    "wards:covenant_": ("cov_a",),
    "wards:area_": ("area_a",),
    "reports:report_": ("rep_a", "rep_x"),
}


def _own_object(w, name, kwargs):
    for prefix, attrs in OWN_OBJECTS.items():
        if name.startswith(prefix):
            for attr in attrs:
                if getattr(w, attr).pk == kwargs.get("pk"):
                    return getattr(w, attr)
    return None


def test_every_url_is_in_the_matrix():
    missing = sorted(name for name, _path in project_urls() if name not in REGISTRY)
    assert not missing, "\n".join(
        f"add {name} to the matrix (tests/security/test_authorization_matrix.py)" for name in missing
    )


def test_no_role_sees_or_changes_what_is_not_theirs_on_any_url(capsys):
    w = W.build_world()
    matrix = Matrix(w, W.clients(w))
    started = time.monotonic()
    for name, _path in project_urls():
        if name in REGISTRY:
            matrix.run(name, REGISTRY[name](w))
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\nauthorisation matrix: {matrix.requests} requests in {elapsed:.1f} s")
    assert not matrix.failures, f"{len(matrix.failures)} problems:\n" + "\n".join(matrix.failures)
    assert matrix.requests >= MIN_REQUESTS
