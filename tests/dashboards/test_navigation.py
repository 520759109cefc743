"""The navigation groups the links by task, keeps every one reachable per role, and marks the section."""

import re

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

CITY_LINKS = [
    "programs:programme_detail",
    "programs:coverage",
    "programs:assessment_list",
    "wards:activity_list",
    "wards:model_list",
    "wards:covenant_list",
    "reports:period_list",
    "wards:ward_list",
    "wards:area_list",
    "wards:organisation_list",
    "wards:configuration",
    "audit_list",
]


def _nav(html: str) -> str:
    return html[html.index('id="nav-main"') : html.index("</nav>")]


def test_city_staff_reach_every_link_from_four_menus(login):
    nav = _nav(login(f.city_staff()).get("/").text)
    for name in CITY_LINKS:
        assert f'href="{reverse(name)}"' in nav, name
    assert nav.count('data-bs-toggle="dropdown"') == 5  # four task menus and the user menu


def test_each_unit_role_sees_its_own_links_only(login):
    ward = f.ward_officer()
    nav = _nav(login(ward).get("/").text)
    assert f'href="{reverse("reports:my_reports")}"' in nav
    assert f'href="{reverse("ward_page", args=[ward.ward_id])}"' in nav
    assert f'href="{reverse("audit_list")}"' not in nav
    nav = _nav(login(f.org_officer()).get("/").text)
    assert f'href="{reverse("wards:covenant_list")}"' not in nav
    assert f'href="{reverse("programs:coverage")}"' not in nav
    assert f'href="{reverse("wards:activity_list")}"' in nav


def test_the_current_section_and_page_are_marked(login):
    nav = _nav(login(f.city_staff()).get(reverse("wards:activity_list")).text)
    toggle = re.search(r'<a class="nav-link dropdown-toggle active"[^>]*id="nav-(\w+)"', nav)
    assert toggle and toggle.group(1) == "logbook"
    assert re.search(r'class="dropdown-item active" href="/activities/" aria-current="page"', nav)
