"""Every home page and the ward page run the same number of queries at two data sizes."""

import pytest

from programs.models import ContentArea
from tests import factories as f
from tests.querycount import count_queries

from .factories import more, scenario

pytestmark = pytest.mark.django_db


def test_home_pages_run_a_fixed_number_of_queries(login):
    data = scenario()
    users = {
        "city": f.city_staff(),
        "leadership": f.leadership(),
        "ward": f.ward_officer(ward=data.ward_a),
        "organisation": f.org_officer(organisation=data.organisation),
    }

    def counts() -> dict:
        result = {name: count_queries(login(user), "/") for name, user in users.items()}
        result["ward_page"] = count_queries(login(users["city"]), f"/wards/{data.ward_a.pk}/overview/")
        result["own_ward_page"] = count_queries(login(users["ward"]), f"/wards/{data.ward_a.pk}/overview/")
        result["sorted"] = count_queries(login(users["leadership"]), "/", sort="-models_per_area")
        return result

    small = counts()
    content = ContentArea.objects.get(number=1)
    for i in range(5):
        more(content, data.period, data.previous, i)
    assert counts() == small
