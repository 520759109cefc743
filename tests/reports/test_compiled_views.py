"""Compiling in the browser: the button, the polled status, preview, publish, scoped downloads."""

import pytest

from reports import compile as compiler
from reports import document as layout
from reports.models import CompiledReport, CompileStatus
from tests import factories as f
from tests.reports.test_compiled import add_pilots, build_city, compile_now

pytestmark = pytest.mark.django_db


def test_city_staff_see_the_compile_button_with_a_one_time_token(login):
    period, _ = build_city(wards=1)
    page = login(f.city_staff()).get(f"/periods/{period.code}/").content.decode()
    assert 'id="compile-button"' in page and 'name="token"' in page
    assert "Tổng hợp báo cáo" in page


def test_leadership_sees_no_compile_button_and_may_not_post_it(login):
    period, _ = build_city(wards=1)
    client = login(f.leadership())
    assert 'id="compile-button"' not in client.get(f"/periods/{period.code}/").content.decode()
    assert client.post(f"/periods/{period.code}/compile/", {"token": "a" * 32}).status_code == 403
    assert not CompiledReport.objects.exists()


def test_a_double_submitted_form_makes_one_version(login, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr(compiler, "dispatch", queued.append)
    period, _ = build_city(wards=1)
    client = login(f.city_staff())
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/periods/{period.code}/compile/", {"token": "b" * 32})
        second = client.post(f"/periods/{period.code}/compile/", {"token": "b" * 32})
    report = CompiledReport.objects.get()
    assert first["Location"] == second["Location"] == f"/compiled/{report.pk}/"
    assert queued == [report.pk]


def test_an_entered_number_already_used_in_the_year_is_refused_in_vietnamese(login):
    period, _ = build_city(wards=1)
    compile_now(period)
    client = login(f.city_staff())
    response = client.post(
        f"/periods/{period.code}/compile/", {"token": "c" * 32, "document_number": 1}, follow=True
    )
    assert "đã được dùng" in response.content.decode()
    assert CompiledReport.objects.count() == 1


def test_the_status_partial_polls_until_the_compile_is_final(login):
    period, _ = build_city(wards=1)
    report, _ = compiler.compiled_report_request(period=period, token="d" * 32, queue=False)
    client = login(f.city_staff())
    queued = client.get(f"/compiled/{report.pk}/status/").content.decode()
    assert 'hx-trigger="every 2s"' in queued and "Đang chờ" in queued
    compiler.compile_period(report.pk)
    done = client.get(f"/compiled/{report.pk}/status/").content.decode()
    assert "hx-trigger" not in done and "Hoàn thành" in done


def test_the_preview_shows_the_figures_and_the_same_svg_charts_and_city_staff_publish(login):
    period, counted = build_city(wards=1)
    report = compile_now(period)
    client = login(f.city_staff())
    page = client.get(f"/compiled/{report.pk}/").content.decode()
    assert "<svg" in page and "PHỤ LỤC 1" in page
    client.post(f"/compiled/{report.pk}/publish/")
    report.refresh_from_db()
    assert report.is_published


def test_the_preview_of_a_report_on_many_units_shows_their_lines_in_annex_3_after_annex_1(login, monkeypatch):
    monkeypatch.setattr(layout, "UNITS_LISTED_IN_BODY", 2)
    period, _ = build_city(wards=3)
    pilots = add_pilots(period)
    page = login(f.city_staff()).get(f"/compiled/{compile_now(period).pk}/").content.decode()
    body, annex_3 = page.split(layout.LIST_ANNEX_TITLE, 1)
    assert "PHỤ LỤC 1" in body and f"Có {pilots} khu dân cư thí điểm" in body
    assert body.count("- Cấp xã, phường") == 0 and annex_3.count("- Cấp xã, phường") == pilots


def test_leadership_lists_versions_and_downloads_with_a_readable_vietnamese_file_name(login):
    period, _ = build_city(wards=1)
    report = compile_now(period)
    client = login(f.leadership())
    # Until city staff publish it, the version is theirs alone.
    assert f"/compiled/{report.pk}/" not in client.get("/compiled/").content.decode()
    assert client.get(f"/compiled/{report.pk}/download/pdf/").status_code == 404
    compiler.compiled_report_publish(report=report)
    listing = client.get("/compiled/").content.decode()
    assert f"/compiled/{report.pk}/download/pdf/" in listing
    response = client.get(f"/compiled/{report.pk}/download/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert "filename*=utf-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20h%E1%BB%A3p" in disposition
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    xlsx = client.get(f"/compiled/{report.pk}/download/xlsx/")
    assert xlsx.status_code == 200 and ".xlsx" in xlsx["Content-Disposition"]


@pytest.mark.parametrize("make_user", [f.ward_officer, f.org_officer])
def test_units_may_not_list_preview_or_download_compiled_reports(login, make_user):
    period, _ = build_city(wards=1)
    report = compile_now(period)
    client = login(make_user())
    for url in ("/compiled/", f"/compiled/{report.pk}/", f"/compiled/{report.pk}/download/pdf/"):
        assert client.get(url).status_code == 403
    assert client.post(f"/periods/{period.code}/compile/", {"token": "e" * 32}).status_code == 403


def test_latest_compiled_lists_done_versions_newest_first():
    from reports.selectors import latest_compiled

    period, _ = build_city(wards=1)
    report = compile_now(period)
    compiler.compiled_report_request(period=period, token="f" * 32, queue=False)
    assert latest_compiled(5, user=f.city_staff()) == [report]
    assert report.status == CompileStatus.DONE
