""" "Hướng dẫn": a help page for each role, linked from every page's header."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("make", "own", "other"),
    [
        (f.ward_officer, "Dành cho cán bộ xã/phường", "Dành cho cán bộ Ban Thường trực"),
        (f.city_staff, "Dành cho cán bộ Ban Thường trực", "Dành cho lãnh đạo"),
        (f.leadership, "Dành cho lãnh đạo", "Dành cho cán bộ xã/phường"),
    ],
    ids=["ward", "city", "leadership"],
)
def test_each_role_reads_its_own_help_linked_from_the_header(login, make, own, other):
    client = login(make())
    for page in ("/", reverse("password_change")):
        assert f'href="{reverse("help")}"' in client.get(page).text
    text = client.get(reverse("help")).text
    assert "Hướng dẫn" in text and own in text and other not in text
    assert "02/06" in text and "02/12" in text
