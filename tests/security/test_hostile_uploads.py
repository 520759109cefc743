"""A corpus of hostile files is refused by every upload page: nothing accepted, stored or served inline;
files that are a good picture or document with a payload attached are stored without the payload."""

import functools
import inspect
import time
import tracemalloc

import pytest
import weasyprint  # noqa: F401 - imported as the worker does: it relaxes Pillow process-wide
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.uploads import UploadField, UploadsField, check_upload
from programs import forms as program_forms
from programs.models import Evaluation, EvaluationAttachment
from reports import forms as report_forms
from reports.models import ReportStatus
from tests import factories as f
from tests.programs.factories import PilotFactory
from tests.reports.factories import UnitReportFactory
from tests.security import hostile_files as H
from tests.wards import filedata
from tests.wards.factories import ActivityFactory, CovenantFactory, SelfManagementModelFactory
from wards import forms as ward_forms
from wards.logbook import forms as logbook_forms
from wards.models import Evidence


@functools.cache
def corpus():
    return H.corpus()


CORPUS_SIZE = 78


def _stored_files() -> set:
    return {p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()}


def test_the_corpus_holds_at_least_sixty_hostile_files():
    assert len(corpus()) == CORPUS_SIZE >= 60


@pytest.mark.parametrize("index", range(CORPUS_SIZE))
def test_each_hostile_file_is_refused_quickly_without_inflating_it(index):
    label, name, content = corpus()[index]
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(ValidationError):
        check_upload(H.upload(name, content))
    elapsed = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 3, f"{label} took {elapsed:.1f} s"
    assert peak < 3 * len(content) + 64 * H.MB, f"{label} used {peak // H.MB} MB"


def test_a_name_with_a_nul_or_a_control_character_is_refused():
    for name in ("anh\x00.exe.jpg", "anh\n.jpg", "..\\..\\boot.jpg"):
        with pytest.raises(ValidationError):
            check_upload(filedata.jpeg(name))


TARGETS = ("activity evidence", "model evidence", "covenant evidence", "pilot evaluation", "signed scan")


def _target(name: str):
    """(user, url, file field, other fields, stored rows) of one upload page, on a fresh world."""
    ward = f.WardFactory()
    area = f.ResidentialAreaFactory(ward=ward)
    officer = f.ward_officer(ward=ward)
    if name == "pilot evaluation":
        pilot = PilotFactory(area=area, status="implementing")
        fields = {"evaluated_on": "2025-11-20", "rating": "good", "results": "Kết quả", "lessons": "Bài học"}
        url = reverse("programs:evaluation_create", args=[pilot.pk])
        return f.city_staff(), url, "attachments", fields, lambda: list(EvaluationAttachment.objects.all())
    if name == "signed scan":
        report = UnitReportFactory(ward=ward)
        report.status = ReportStatus.ACCEPTED
        report.save()

        def scans():
            report.refresh_from_db()
            return [report.signed_scan] if report.signed_scan else []

        return officer, reverse("reports:report_scan", args=[report.pk]), "scan", {}, scans
    record = {
        "activity evidence": lambda: ("activity", ActivityFactory(ward=ward)),
        "model evidence": lambda: ("model", SelfManagementModelFactory(ward=ward)),
        "covenant evidence": lambda: ("covenant", CovenantFactory(area=area)),
    }[name]
    kind, row = record()
    url = reverse(f"wards:{kind}_evidence_upload", args=[row.pk])
    return officer, url, "files", {}, lambda: list(Evidence.objects.all())


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS)
def test_no_upload_page_accepts_or_stores_any_hostile_file(login, target):
    user, url, field, extra, stored_rows = _target(target)
    client = login(user)
    before = _stored_files()
    for label, name, content in corpus():
        response = client.post(url, {**extra, field: H.upload(name, content)})
        assert response.status_code in (200, 302), f"{label} -> {url}: {response.status_code}"
        assert not stored_rows(), f"{label} was accepted by the {target} page"
    assert not Evaluation.objects.exists()
    assert _stored_files() == before


@functools.cache
def defanged():
    return H.defanged()


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("index", range(7))
def test_a_good_file_carrying_a_payload_is_stored_without_it_under_the_detected_type(login, target, index):
    label, name, content, payload = defanged()[index]
    user, url, field, extra, stored_rows = _target(target)
    login(user).post(url, {**extra, field: H.upload(name, content)})
    (stored,) = [getattr(row, "file", row) for row in stored_rows()]
    body = stored.read()
    stored.close()
    assert payload not in body, label
    assert body[:4] in (b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1", b"\x89PNG", b"%PDF"), label
    assert stored.name.rsplit(".", 1)[-1] in ("jpg", "png", "pdf") and "php" not in stored.name


@pytest.mark.django_db
def test_a_good_photo_with_a_traversal_name_is_kept_under_a_random_name_and_served_sandboxed(login):
    ward = f.WardFactory()
    activity = ActivityFactory(ward=ward)
    client = login(f.ward_officer(ward=ward))
    client.post(
        reverse("wards:activity_evidence_upload", args=[activity.pk]),
        {"files": filedata.jpeg("../../etc/passwd.jpg")},
    )
    evidence = Evidence.objects.get()
    assert "/" not in evidence.original_name and ".." not in evidence.original_name
    assert evidence.file.name.startswith("evidence/") and "passwd" not in evidence.file.name
    response = client.get(reverse("wards:evidence", args=[evidence.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_every_file_field_of_every_form_is_checked_by_the_one_upload_module():
    file_fields = []
    for module in (program_forms, report_forms, ward_forms, logbook_forms):
        for _name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm):
                for field_name, field in form.base_fields.items():
                    if isinstance(field, forms.FileField):
                        file_fields.append((form.__name__, field_name, field))
    assert len(file_fields) >= 5  # the three logbook forms and their evidence, evaluations, the scan
    for form_name, field_name, field in file_fields:
        assert isinstance(field, UploadField | UploadsField), f"{form_name}.{field_name}"


def test_a_truncated_image_is_refused_even_after_weasyprint_relaxed_pillow():
    for label, name, content in corpus():
        if label.startswith("truncated"):
            with pytest.raises(ValidationError):
                check_upload(H.upload(name, content))
