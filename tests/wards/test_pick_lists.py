"""City staff keep the model and activity type lists in the portal: add, rename, retire, bring back."""

import pytest

from core.models import AuditEvent
from tests import factories as f
from tests.wards.factories import ActivityFactory, activity_type
from wards.models import ActivityType, ModelType

pytestmark = pytest.mark.django_db


def test_city_staff_add_an_activity_type_which_officers_can_then_choose(client):
    client.force_login(f.city_staff())
    response = client.post("/lists/activity/new/", {"name": "Đêm hội Đại đoàn kết", "order": 5})
    assert response.status_code == 302 and response.url == "/lists/activity/"
    added = ActivityType.objects.get(name="Đêm hội Đại đoàn kết")
    assert added.code == "dem-hoi-dai-doan-ket" and added.is_active
    client.force_login(f.ward_officer())
    choices = client.get("/activities/new/").context["form"]["activity_type"].field.queryset
    assert added in choices


def test_a_name_that_differs_only_in_case_or_accents_is_refused_and_the_typed_name_kept(client):
    ModelType.objects.create(name="Câu lạc bộ dòng họ")
    client.force_login(f.city_staff())
    response = client.post("/lists/model/new/", {"name": "cau lac bo  DONG HO", "order": 1})
    assert response.status_code == 200
    assert "Câu lạc bộ dòng họ" in response.context["form"].errors["name"][0]
    assert 'value="cau lac bo  DONG HO"' in response.text
    assert ModelType.objects.filter(name__icontains="dong").count() == 0


def test_renaming_keeps_the_entry_on_old_records_and_is_in_the_audit_trail(client):
    kind = activity_type("environment")
    activity = ActivityFactory(activity_type=kind)
    client.force_login(f.city_staff())
    response = client.post(f"/lists/activity/{kind.pk}/edit/", {"name": "Vệ sinh môi trường", "order": 2})
    assert response.status_code == 302
    kind.refresh_from_db()
    assert kind.name == "Vệ sinh môi trường"
    activity.refresh_from_db()
    assert activity.activity_type_id == kind.pk
    assert AuditEvent.objects.filter(object_type="wards.activitytype", object_id=str(kind.pk)).exists()


def test_retiring_asks_first_hides_the_entry_from_new_records_and_it_can_be_brought_back(client):
    kind = ModelType.objects.create(name="Tổ tự quản an ninh")
    client.force_login(f.city_staff())
    page = client.get("/lists/model/").text
    assert "data-confirm" in page and "Tổ tự quản an ninh" in page
    client.post(f"/lists/model/{kind.pk}/toggle/")
    kind.refresh_from_db()
    assert not kind.is_active
    client.force_login(f.ward_officer())
    assert kind not in client.get("/models/new/").context["form"]["model_type"].field.queryset
    client.force_login(f.city_staff())
    client.post(f"/lists/model/{kind.pk}/toggle/")
    kind.refresh_from_db()
    assert kind.is_active


def test_unit_officers_cannot_open_or_change_the_lists_and_an_unknown_list_is_404(client):
    kind = ModelType.objects.create(name="Mô hình thử")
    client.force_login(f.ward_officer())
    assert client.get("/lists/model/").status_code == 403
    assert client.post(f"/lists/model/{kind.pk}/toggle/").status_code == 403
    kind.refresh_from_db()
    assert kind.is_active
    client.force_login(f.city_staff())
    assert client.get("/lists/ward/").status_code == 404
    assert "/lists/model/" in client.get("/").text
