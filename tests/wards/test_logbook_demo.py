"""The demo logbook seeds models, activities and covenants once; a second run changes nothing."""

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
    # The hand-written 2025 story plus some hundreds generated up to today (tests/core/test_demo_present.py).
    assert first[1] > 300 and first[2] == 5
    origin = SelfManagementModel.objects.get(is_exemplary=True)
    tree = replication_tree(origin)
    assert (tree["replicas"], tree["wards_reached"]) == (2, 2)
    assert Activity.objects.filter(organisation__short_name="HLHPN", date__year=2025).count() > 4
    assert Covenant.objects.get(title__startswith="Hương ước khối phố 4").recognition_state == "on_time"


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
