"""Evidence files are checked from their content, kept under random names and served only in scope."""

import pytest
from django.core.exceptions import ValidationError

from core.uploads import check_upload
from tests import factories as f
from tests.wards import filedata
from tests.wards.factories import ActivityFactory
from wards.logbook.services import evidence_add
from wards.models import Evidence


@pytest.mark.parametrize(
    ("make", "mime"),
    [
        (filedata.jpeg, "image/jpeg"),
        (filedata.png, "image/png"),
        (filedata.pdf, "application/pdf"),
        (filedata.docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (filedata.xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_allowed_types_are_recognised_from_their_content(make, mime):
    assert check_upload(make()).mime == mime


@pytest.mark.parametrize(
    "make",
    [filedata.exe_named_jpg, filedata.html_named_pdf, filedata.svg_named_png, filedata.plain_zip_named_docx],
)
def test_files_whose_content_is_not_an_allowed_type_are_refused_whatever_their_name(make):
    with pytest.raises(ValidationError) as error:
        check_upload(make())
    assert "kiểm tra theo nội dung" in error.value.messages[0]


def test_a_file_over_ten_megabytes_is_refused():
    with pytest.raises(ValidationError) as error:
        check_upload(filedata.oversize_jpeg())
    assert "10 MB" in error.value.messages[0]


@pytest.mark.django_db
def test_a_stored_file_has_a_random_name_and_a_photo_gets_a_thumbnail():
    activity = ActivityFactory()
    evidence = evidence_add(
        record=activity, upload=check_upload(filedata.jpeg("<script>.jpg")), by=f.city_staff()
    )
    assert evidence.original_name == "<script>.jpg"
    assert "script" not in evidence.file.name
    assert evidence.file.name.startswith("evidence/")
    assert evidence.thumbnail
    assert evidence.content_type == "image/jpeg"


@pytest.mark.django_db
def test_uploading_an_exe_named_jpg_through_the_page_stores_nothing_and_says_why(login):
    ward = f.WardFactory()
    activity = ActivityFactory(ward=ward)
    client = login(f.ward_officer(ward=ward))
    response = client.post(
        f"/activities/{activity.pk}/files/", {"files": [filedata.exe_named_jpg()]}, follow=True
    )
    assert response.status_code == 200
    assert "không phải JPEG, PNG, PDF, DOCX hoặc XLSX" in response.text
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_downloads_are_attachments_with_nosniff_and_images_may_be_inline(login):
    ward = f.WardFactory()
    activity = ActivityFactory(ward=ward)
    officer = f.ward_officer(ward=ward)
    document = evidence_add(record=activity, upload=check_upload(filedata.pdf()), by=officer)
    photo = evidence_add(record=activity, upload=check_upload(filedata.png()), by=officer)
    client = login(officer)
    response = client.get(f"/files/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    response = client.get(f"/files/{photo.pk}/")
    assert response["Content-Disposition"].startswith("inline")
    assert client.get(f"/files/{photo.pk}/thumbnail/")["Content-Type"] == "image/jpeg"


@pytest.mark.django_db
def test_another_wards_officer_and_an_organisation_officer_cannot_download_a_wards_file(login):
    activity = ActivityFactory()
    evidence = evidence_add(record=activity, upload=check_upload(filedata.pdf()), by=f.city_staff())
    assert login(f.ward_officer()).get(f"/files/{evidence.pk}/").status_code == 404
    assert login(f.org_officer()).get(f"/files/{evidence.pk}/").status_code == 404
    assert login(f.ward_officer(ward=activity.ward)).get(f"/files/{evidence.pk}/").status_code == 200
    assert login(f.leadership()).get(f"/files/{evidence.pk}/").status_code == 200


@pytest.mark.django_db
def test_a_file_of_a_deleted_record_is_no_longer_served_to_the_unit(login):
    activity = ActivityFactory(is_deleted=True)
    evidence = evidence_add(record=activity, upload=check_upload(filedata.pdf()), by=f.city_staff())
    assert login(f.ward_officer(ward=activity.ward)).get(f"/files/{evidence.pk}/").status_code == 404
    assert login(f.city_staff()).get(f"/files/{evidence.pk}/").status_code == 200


@pytest.mark.django_db
def test_the_detail_page_shows_a_thumbnail_of_a_photo(login):
    activity = ActivityFactory()
    officer = f.ward_officer(ward=activity.ward)
    photo = evidence_add(record=activity, upload=check_upload(filedata.jpeg()), by=officer)
    text = login(officer).get(f"/activities/{activity.pk}/").text
    assert f"/files/{photo.pk}/thumbnail/" in text


@pytest.mark.django_db
def test_the_unit_removes_a_file_attached_by_mistake_but_another_unit_cannot(login):
    activity = ActivityFactory()
    officer = f.ward_officer(ward=activity.ward)
    evidence = evidence_add(record=activity, upload=check_upload(filedata.pdf()), by=officer)
    assert login(f.ward_officer()).post(f"/files/{evidence.pk}/delete/").status_code == 404
    assert login(f.leadership()).post(f"/files/{evidence.pk}/delete/").status_code == 403
    response = login(officer).post(f"/files/{evidence.pk}/delete/", {"next": f"/activities/{activity.pk}/"})
    assert response.url == f"/activities/{activity.pk}/"
    assert not Evidence.objects.exists()
