"""Every status and choice is shown by its Vietnamese label, never by its code: each choice field's values
are walked through the pages and PDFs that show them."""

import datetime
import io
import re

import pytest
from django.apps import apps
from django.utils import translation
from pypdf import PdfReader

from programs.models import PilotStatus
from reports import compile as compiler
from reports import services
from reports.models import ReportStatus
from tests import factories as f
from tests.programs.factories import PilotFactory
from tests.reports.factories import PeriodFactory, UnitReportFactory
from tests.reports.test_compiled import _text, build_city, compile_now

pytestmark = pytest.mark.django_db

APPS = ("wards", "programs", "reports")


def _choice_fields():
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.get_fields():
                if getattr(field, "choices", None):
                    yield model, field


def _raw(text: str, code: str) -> bool:
    """The code appears as a word of its own (codes are ASCII words like 'implementing', 'in_kind')."""
    return re.search(rf"(?<![\w/.-]){re.escape(code)}(?![\w/.-])", text) is not None


def test_every_choice_of_every_model_has_a_vietnamese_label():
    missing = []
    with translation.override("vi"):
        for model, field in _choice_fields():
            for value, label in field.flatchoices:
                if value in ("", None):
                    continue
                with translation.override("en"):
                    english = str(label)
                if str(label) == english and not any(ord(c) > 127 for c in english):
                    missing.append(f"{model.__name__}.{field.name}={value}")
    assert missing == []


@pytest.mark.parametrize("status", PilotStatus.values)
def test_a_pilot_status_is_shown_by_its_label_on_the_report_page_and_in_its_pdf(login, status):
    ward = f.WardFactory()
    PilotFactory(area=f.ResidentialAreaFactory(ward=ward), status=status, is_current=True)
    report = UnitReportFactory(period=PeriodFactory(), ward=ward)
    services.report_submit(report=report, by=f.ward_officer(ward=ward))
    client = login(f.city_staff())
    page = client.get(f"/reports/{report.pk}/").content.decode()
    pdf = client.get(f"/reports/{report.pk}/pdf/")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.getvalue())).pages)
    with translation.override("vi"):
        label = str(PilotStatus(status).label)
    visible = re.sub(r"<[^>]+>", " ", page.split("<main", 1)[-1])
    assert label in visible and label in " ".join(text.split())
    assert not _raw(visible, status)
    assert not _raw(text, status)


def test_every_report_status_is_shown_by_its_label_on_the_period_dashboard_and_report_page(login):
    period = PeriodFactory()
    staff = f.city_staff()
    reports = {}
    for status in ReportStatus.values:
        ward = f.WardFactory()
        reports[status] = UnitReportFactory(period=period, ward=ward, status=status)
    client = login(staff)
    dashboard = client.get(f"/periods/{period.code}/").content.decode()
    body = dashboard.split("<main", 1)[-1]
    with translation.override("vi"):
        labels = {status: str(ReportStatus(status).label) for status in ReportStatus.values}
    for status, report in reports.items():
        assert labels[status] in body
        page = client.get(f"/reports/{report.pk}/").content.decode().split("<main", 1)[-1]
        assert labels[status] in page
        visible = re.sub(r"<[^>]+>", " ", page)
        assert not _raw(visible, status), status


def test_the_compiled_report_shows_pilot_statuses_by_label():
    period, _ = build_city(wards=1)
    for status in PilotStatus.values:
        PilotFactory(
            programme=period.programme,
            area=f.ResidentialAreaFactory(ward=f.WardFactory()),
            status=status,
            is_current=True,
            selected_on=datetime.date(2025, 1, 2),
        )
    compiled = compile_now(period)
    text = _text((compiler.compiled_dir().parent / compiled.pdf).read_bytes())
    for status in PilotStatus.values:
        assert not _raw(text, status), status


# Fields whose every value the walk below spreads over the demo rows (the others keep the demo's: a
# pilot's level and a user's role decide what exists and who sees it).
SPREAD = {
    ("wards", "SelfManagementModel", "status"),
    ("wards", "Covenant", "kind"),
    ("wards", "Covenant", "method"),
    ("wards", "Covenant", "status"),
    ("wards", "ResidentialArea", "kind"),
    ("wards", "MemberOrganisation", "kind"),
    ("programs", "Pilot", "status"),
    ("programs", "Evaluation", "rating"),
    ("programs", "Criterion", "group"),
}
# What a value needs beside it to meet the database's constraints, and what the others need.
TOGETHER = {
    ("SelfManagementModel", "ended"): {"ended_on": datetime.date(2025, 5, 31)},
    **{("SelfManagementModel", value): {"ended_on": None} for value in ("active", "paused")},
}
# Codes that are also ordinary words of the portal's text or data: never searched for.
ORDINARY = {"model", "city", "ward"}
SKIPPED_PREFIXES = ("/accounts/logout", "/i18n/", "/static/", "/media/", "/admin/")


def _spread_every_value_over_the_demo_rows() -> None:
    for app, name, field_name in SPREAD:
        model = apps.get_model(app, name)
        values = [value for value, _label in model._meta.get_field(field_name).flatchoices if value]
        pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
        assert pks, f"the demo has no {name}"
        for _copy in range(len(values) - len(pks)):  # too few rows: copies of the first one
            row = model.objects.get(pk=pks[0])
            row.pk = None
            row._state.adding = True
            row.save()
            pks.append(row.pk)
        for index, pk in enumerate(pks):
            value = values[index % len(values)]
            model.objects.filter(pk=pk).update(**{field_name: value, **TOGETHER.get((name, value), {})})


def _codes() -> set[str]:
    return {
        str(value)
        for _model, field in _choice_fields()
        for value, _label in field.flatchoices
        if isinstance(value, str) and value and value not in ORDINARY
    }


def _visible(page: str) -> str:
    body = page.split("<main", 1)[-1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


@pytest.mark.parametrize("username", ["canbo.tp", "phuong.anxuan"])
def test_no_page_reachable_from_the_menus_and_no_pdf_shows_a_raw_choice_code(client, username):
    from django.core.management import call_command

    from tamky_kdc.demo.units import DEMO_PASSWORD

    call_command("seed_demo", stdout=io.StringIO())
    _spread_every_value_over_the_demo_rows()
    codes = _codes()
    client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    seen, queue, raw, pdfs = {"/"}, ["/"], [], 0
    shapes: dict[str, int] = {}
    while queue and len(seen) < 1000:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200:
            continue
        kind = response.get("Content-Type", "")
        if kind.startswith("application/pdf"):
            pdfs += 1
            text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.getvalue())).pages)
        elif kind.startswith("text/html"):
            page = response.content.decode()
            text = _visible(page)
            for href in re.findall(r'href="(/[^"#]*)"', page):
                href = href.replace("&amp;", "&")
                # One page of each list is enough: the walk follows records, not every page and sort.
                if "page=" in href or "sort=" in href or href.startswith(SKIPPED_PREFIXES):
                    continue
                # A few records of each kind: /activities/12/ and /activities/31/ show the same template.
                shape = re.sub(r"\d+", "N", href.split("?", 1)[0])
                if href not in seen and shapes.get(shape, 0) < 4:
                    shapes[shape] = shapes.get(shape, 0) + 1
                    seen.add(href)
                    queue.append(href)
        else:
            continue
        raw += [f"{url}: {code}" for code in codes if _raw(text, code)]
    assert len(shapes) > 30 and pdfs >= 2, (len(shapes), pdfs)
    assert raw == [], "\n".join(raw)


# The headings of the compiled report, each of which must be followed by content or "Không có.".
HEADINGS = (
    "I. ĐẶC ĐIỂM TÌNH HÌNH",
    "II. KẾT QUẢ THỰC HIỆN",
    "III. ĐÁNH GIÁ CHUNG",
    "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
    "V. ĐỀ XUẤT, KIẾN NGHỊ",
    "VI. ĐỀ NGHỊ KHEN THƯỞNG",
)


@pytest.mark.parametrize("code", ["2025-6T", "2025-N"])
def test_the_demo_compiles_into_a_signable_pdf_with_no_placeholder_raw_code_or_empty_section(tmp_path, code):
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    out = tmp_path / f"{code}.pdf"
    call_command("compile_report", code, "--sync", "--output", str(out), stdout=io.StringIO())
    text = " ".join(_text(out.read_bytes()).split())
    assert "(cập nhật" not in text  # the placeholder of an unconfigured signer or recipient
    raw = [value for value in _codes() if _raw(text, value)]
    assert raw == []
    positions = [text.index(heading) for heading in HEADINGS]
    assert positions == sorted(positions)
    for heading, start, end in zip(HEADINGS, positions, [*positions[1:], len(text)], strict=True):
        body = text[start + len(heading) : end].strip()
        assert len(body) > 8, f"{heading} is empty"
    assert "Biểu đồ 1." in text and "Kèm theo Báo cáo số" in text
