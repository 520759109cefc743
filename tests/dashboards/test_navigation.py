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


@pytest.mark.parametrize(
    "make", [f.city_staff, f.leadership, f.ward_officer, f.org_officer], ids=lambda m: m.__name__
)
def test_every_menu_link_opens_for_the_role_that_sees_it(login, make):
    """Menus and the programme page show only what the role can open (no link answering 403)."""
    f.ProgrammeFactory()
    client = login(make())
    links = set(re.findall(r'href="(/[^"#?]*)"', _nav(client.get("/").text)))
    links |= set(re.findall(r'href="(/[^"#?]*)"', client.get(reverse("programs:programme_detail")).text))
    refused = {url: client.get(url).status_code for url in links if not url.startswith("/static/")}
    assert links and not {url: s for url, s in refused.items() if s in (403, 404, 500)}


def test_leadership_read_only_published_compiled_versions():
    from reports.models import CompiledReport
    from reports.selectors import compiled_by_period
    from tests.reports.factories import PeriodFactory

    period = PeriodFactory()
    common = {"period": period, "document_year": 2025, "document_date": period.due_date, "status": "done"}
    draft = CompiledReport.objects.create(version=1, document_number=1, request_token="a" * 32, **common)
    published = CompiledReport.objects.create(
        version=2, document_number=2, request_token="b" * 32, is_published=True, **common
    )
    assert list(CompiledReport.objects.for_user(f.leadership())) == [published]
    assert set(CompiledReport.objects.for_user(f.city_staff())) == {draft, published}
    assert [r for _p, rs in compiled_by_period(user=f.leadership()) for r in rs] == [published]
