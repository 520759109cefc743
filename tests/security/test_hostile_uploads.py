"""A corpus of hostile files is refused by every upload page: nothing accepted, stored or served inline."""

import functools
import time
import tracemalloc

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.uploads import validate_upload
from programs.models import Evaluation, EvaluationAttachment
from reports.models import ReportStatus
from tests import factories as f
from tests.programs.factories import PilotFactory
from tests.reports.factories import UnitReportFactory
from tests.security import hostile_files as H
from tests.wards import filedata
from tests.wards.factories import ActivityFactory, CovenantFactory, SelfManagementModelFactory
from wards.models import Evidence


@functools.cache
def corpus():
    return H.corpus()


CORPUS_SIZE = 25


def _stored_files() -> set:
    return {p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()}


def test_the_corpus_holds_at_least_twenty_hostile_files():
    assert len(corpus()) >= 20


@pytest.mark.parametrize("index", range(CORPUS_SIZE))
def test_each_hostile_file_is_refused_quickly_without_inflating_it(index):
    label, name, content = corpus()[index]
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(ValidationError):
        validate_upload(H.upload(name, content))
    elapsed = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 3, f"{label} took {elapsed:.1f} s"
    assert peak < 3 * len(content) + 64 * H.MB, f"{label} used {peak // H.MB} MB"


def test_a_name_with_a_nul_or_a_control_character_is_refused():
    for name in ("anh\x00.exe.jpg", "anh\n.jpg", "..\\..\\boot.jpg"):
        with pytest.raises(ValidationError):
            validate_upload(filedata.jpeg(name))


@pytest.mark.django_db
def test_no_upload_page_accepts_or_stores_any_hostile_file(login):
    ward = f.WardFactory()
    area = f.ResidentialAreaFactory(ward=ward)
    officer = f.ward_officer(ward=ward)
    staff = f.city_staff()
    pilot = PilotFactory(area=area, status="implementing")
    report = UnitReportFactory(ward=ward)
    report.status = ReportStatus.ACCEPTED
    report.save()
    targets = [
        (
            officer,
            reverse("wards:activity_evidence_upload", args=[ActivityFactory(ward=ward).pk]),
            "files",
            {},
        ),
        (
            officer,
            reverse("wards:model_evidence_upload", args=[SelfManagementModelFactory(ward=ward).pk]),
            "files",
            {},
        ),
        (
            officer,
            reverse("wards:covenant_evidence_upload", args=[CovenantFactory(area=area).pk]),
            "files",
            {},
        ),
        (
            staff,
            reverse("programs:evaluation_create", args=[pilot.pk]),
            "attachments",
            {
                "evaluated_on": "2025-11-20",
                "rating": "good",
                "results": "Kết quả",
                "lessons": "Bài học",
            },
        ),
        (officer, reverse("reports:report_scan", args=[report.pk]), "scan", {}),
    ]
    before = _stored_files()
    requests = 0
    for user, url, field, extra in targets:
        client = login(user)
        for label, name, content in corpus():
            response = client.post(url, {**extra, field: H.upload(name, content)})
            requests += 1
            assert response.status_code in (200, 302), f"{label} -> {url}: {response.status_code}"
    assert requests >= 100
    assert not Evidence.objects.exists()
    assert not EvaluationAttachment.objects.exists() and not Evaluation.objects.exists()
    report.refresh_from_db()
    assert not report.signed_scan
    assert _stored_files() == before


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
