"""The demo logbook seeds models, activities and a covenant once; a second run changes nothing."""

import io

import pytest
from django.core.management import call_command

from wards.logbook.selectors import replication_tree
from wards.models import Activity, Covenant, SelfManagementModel, User

pytestmark = pytest.mark.django_db


def _counts():
    return SelfManagementModel.objects.count(), Activity.objects.count(), Covenant.objects.count()


def test_demo_logbook_is_seeded_once_with_an_exemplary_model_replicated_twice(client):
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
    assert first[1] == 20 and first[2] == 1
    origin = SelfManagementModel.objects.get(is_exemplary=True)
    tree = replication_tree(origin)
    assert (tree["replicas"], tree["wards_reached"]) == (2, 2)
    assert Activity.objects.filter(organisation__short_name="HLHPN").count() == 4
    assert Covenant.objects.get().recognition_state == "on_time"


@pytest.mark.parametrize("username", ["canbo.tp", "lanhdao", "phuong.anxuan", "xa.tamthang", "hoi.phunu"])
def test_every_demo_user_opens_the_logbook_pages_with_demo_data(client, username):
    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(username=username))
    for path in ("/activities/", "/models/", "/activities/export/xlsx/"):
        assert client.get(path).status_code == 200, path
    activity = Activity.objects.for_user(User.objects.get(username=username)).first()
    assert client.get(f"/activities/{activity.pk}/").status_code == 200
    model = SelfManagementModel.objects.for_user(User.objects.get(username=username)).first()
    assert client.get(f"/models/{model.pk}/").status_code == 200
    assert client.get(f"/models/{model.pk}/replicas/").status_code == 200
