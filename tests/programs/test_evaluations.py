"""Evaluations of a pilot: recording, attachments checked from their content, scoped download, reports."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.uploads import MAX_UPLOAD_BYTES
from programs import selectors
from programs.models import Evaluation, EvaluationAttachment, PilotStatus
from tests.factories import ResidentialAreaFactory, city_staff, leadership, ward_officer
from tests.programs.factories import EvaluationFactory, PilotFactory
from tests.wards.filedata import pdf_bytes

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _data(**extra):
    data = {
        "evaluated_on": "2025-11-20",
        "rating": "good",
        "results": "Khu dân cư đạt nhiều kết quả",
        "lessons": "Phát huy vai trò người có uy tín",
        "recommend_replication": "on",
        "mark_evaluated": "on",
    }
    data.update(extra)
    return data


def test_city_staff_records_an_evaluation_with_attachments_and_the_pilot_becomes_evaluated(login):
    pilot = PilotFactory(status="implementing")
    files = [
        SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("so-lieu.xlsx", _xlsx(), content_type="application/octet-stream"),
    ]
    response = login(city_staff()).post(
        reverse("programs:evaluation_create", args=[pilot.pk]), _data(attachments=files)
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.recommend_replication and evaluation.rating == "good"
    names = sorted(a.original_name for a in evaluation.attachments.all())
    assert names == ["bien-ban.pdf", "so-lieu.xlsx"]
    stored = evaluation.attachments.first().file.name
    assert "bien-ban" not in stored and stored.startswith("evaluations/")
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.EVALUATED
    assert pilot.transitions.get().to_status == PilotStatus.EVALUATED


def test_an_evaluation_of_a_selected_pilot_leaves_its_status(login):
    pilot = PilotFactory(status="selected")
    login(city_staff()).post(reverse("programs:evaluation_create", args=[pilot.pk]), _data())
    pilot.refresh_from_db()
    assert pilot.status == "selected" and Evaluation.objects.count() == 1


def test_a_file_whose_content_is_not_allowed_is_refused_whatever_its_name(login):
    pilot = PilotFactory(status="implementing")
    fake = SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    response = login(city_staff()).post(
        reverse("programs:evaluation_create", args=[pilot.pk]), _data(attachments=[fake])
    )
    assert response.status_code == 200
    assert "không phải JPEG, PNG, PDF, DOCX hoặc XLSX" in response.text
    assert "Khu dân cư đạt nhiều kết quả" in response.text
    assert not Evaluation.objects.exists()


def test_a_file_over_ten_megabytes_is_refused(login):
    pilot = PilotFactory()
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * MAX_UPLOAD_BYTES, content_type="application/pdf")
    response = login(city_staff()).post(
        reverse("programs:evaluation_create", args=[pilot.pk]), _data(attachments=[big])
    )
    assert "lớn hơn 10 MB" in response.text
    assert not EvaluationAttachment.objects.exists()


def _attachment(pilot):
    evaluation = EvaluationFactory(pilot=pilot)
    return EvaluationAttachment.objects.create(
        evaluation=evaluation,
        file=SimpleUploadedFile("x.pdf", PDF),
        original_name="Biên bản đánh giá.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )


def test_attachment_is_served_as_a_download_with_nosniff(login):
    attachment = _attachment(PilotFactory())
    response = login(leadership()).get(reverse("programs:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_ward_officer_downloads_only_their_own_wards_attachment(login):
    own = _attachment(PilotFactory())
    other = _attachment(PilotFactory(programme=own.evaluation.pilot.programme))
    client = login(ward_officer(ward=own.evaluation.pilot.ward))
    assert client.get(reverse("programs:attachment_download", args=[own.pk])).status_code == 200
    assert client.get(reverse("programs:attachment_download", args=[other.pk])).status_code == 404


def test_only_city_staff_may_evaluate(login):
    pilot = PilotFactory()
    assert (
        login(leadership()).post(reverse("programs:evaluation_create", args=[pilot.pk]), _data()).status_code
        == 403
    )
    assert (
        login(ward_officer(ward=pilot.ward))
        .post(reverse("programs:evaluation_create", args=[pilot.pk]), _data())
        .status_code
        == 403
    )
    assert not Evaluation.objects.exists()


def test_pilot_section_gives_each_pilot_its_latest_evaluation_in_the_period(django_assert_num_queries):
    pilot = PilotFactory(selected_on=datetime.date(2025, 3, 1))
    EvaluationFactory(pilot=pilot, evaluated_on=datetime.date(2025, 5, 1), rating="fair")
    EvaluationFactory(pilot=pilot, evaluated_on=datetime.date(2025, 11, 1), rating="excellent")
    EvaluationFactory(pilot=pilot, evaluated_on=datetime.date(2026, 2, 1), rating="weak")
    unevaluated = PilotFactory(programme=pilot.programme, area=ResidentialAreaFactory())
    PilotFactory(programme=pilot.programme, selected_on=datetime.date(2026, 1, 5))  # after the period
    # Pilots with area and ward (1), their evaluations (1).
    with django_assert_num_queries(2):
        section = selectors.pilot_section(
            pilot.programme, datetime.date(2024, 12, 15), datetime.date(2025, 12, 14)
        )
    by_pk = {p.pk: p for p in section}
    assert set(by_pk) == {pilot.pk, unevaluated.pk}
    assert by_pk[pilot.pk].latest_evaluation.rating == "excellent"
    assert by_pk[unevaluated.pk].latest_evaluation is None
