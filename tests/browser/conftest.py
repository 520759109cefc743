"""Harness for the browser journeys: Debian's Chromium driven by Selenium against a live server.

No tool downloads a browser: Selenium gets the paths of /usr/bin/chromium and /usr/bin/chromedriver.
Without them the journeys are skipped on a developer machine (and `make test` says so at the end) but
fail in CI (KDC_REQUIRE_SERVICES=1).
"""

import contextlib
import os
import pathlib
import re
import shutil
import time

import pytest

from tests.conftest import ROOT, require_service

CHROMIUM = os.environ.get("KDC_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KDC_CHROMEDRIVER", "/usr/bin/chromedriver")
ARTIFACTS = pathlib.Path(os.environ.get("KDC_TEST_ARTIFACTS", ROOT / "test-artifacts" / "browser"))
PHONE_WIDTH = 375
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # package.json devDependency, installed by npm ci

NOT_RUN: list[str] = []


def browser_available() -> bool:
    return os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)


def start_chromium(lang: str = "vi"):
    """Debian's headless Chromium in the given interface language (the date fields must not care)."""
    if not browser_available():
        NOT_RUN.append(f"Chromium or its driver is missing ({CHROMIUM}, {CHROMEDRIVER})")
    require_service("Chromium", browser_available(), "install Debian's chromium and chromium-driver")
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never fetch anything
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--lang={lang}",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(ARTIFACTS / "downloads"), "intl.accept_languages": lang},
    )
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.implicitly_wait(0)
    return driver


@pytest.fixture(scope="session")
def browser():
    driver = start_chromium("vi")
    yield driver
    driver.quit()


class Journey:
    """Drives one user journey: named steps, screenshots, phone-width checks."""

    def __init__(self, driver, base_url: str, name: str):
        self.driver = driver
        self.base_url = base_url
        self.folder = ARTIFACTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.shots = 0
        self.current_step = ""

    @contextlib.contextmanager
    def step(self, description: str):
        """A failure inside names the step and leaves a screenshot of where it stopped."""
        self.current_step = description
        try:
            yield
        except Exception as exc:
            self.screenshot("FAILED-" + description)
            raise AssertionError(f"Journey step failed: {description!r}: {exc}") from exc

    def open(self, path: str):
        self.driver.get(self.base_url + path)

    def screenshot(self, label: str) -> pathlib.Path:
        self.shots += 1
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:60]
        path = self.folder / f"{self.shots:02d}-{slug}.png"
        self.driver.save_screenshot(str(path))
        return path

    def _overflow(self, label: str, width: int) -> None:
        overflow = self.driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
        )
        culprits = self.driver.execute_script(
            "const w = document.documentElement.clientWidth; return Array.from("
            "document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > w + 1"
            " && !e.closest('.table-responsive')).slice(0, 5).map(e => e.tagName + '.' + e.className);"
        )
        assert overflow <= 1, f"{label}: the page is {overflow}px wider than a {width}px screen: {culprits}"

    def check_accessibility(self, label: str) -> None:
        """axe-core (npm, node_modules) finds no serious or critical violation on the page."""
        self.driver.execute_script(AXE.read_text())
        violations = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']})"
            ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || ''))}))))"
            ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
        )
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not serious, f"{label}: " + "; ".join(
            f"{v['id']} ({v['help']}): {v['nodes']}" for v in serious
        )

    def check_phone_width(self, label: str) -> None:
        """The page fits a 375 px phone screen, and the desktop window, without sideways scrolling."""
        size = self.driver.get_window_size()
        self._overflow(label, size["width"])
        self.driver.set_window_size(PHONE_WIDTH, 800)
        try:
            self.screenshot(f"{label}-phone")
            self._overflow(label, PHONE_WIDTH)
        finally:
            self.driver.set_window_size(size["width"], size["height"])

    def click_and_wait(self, element, timeout: float = 15, click=None) -> None:
        """Click something that loads a new page and wait until the old page is gone."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        old_page = self.driver.find_element(By.TAG_NAME, "html")
        # Bootstrap scrolls smoothly; an instant scroll keeps the click on target.
        self.driver.execute_script(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element
        )
        (click or (lambda e: e.click()))(element)

        def old_page_gone(_driver):
            try:
                old_page.is_enabled()
            except WebDriverException:  # stale, or "node does not belong to the document"
                return True
            return False

        WebDriverWait(self.driver, timeout).until(old_page_gone)
        WebDriverWait(self.driver, timeout).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
        )

    def submit(self, css: str = "main form button[type=submit]") -> None:
        from selenium.webdriver.common.by import By

        self.click_and_wait(self.driver.find_element(By.CSS_SELECTOR, css))

    def login(self, username: str, password: str):
        from selenium.webdriver.common.by import By

        self.driver.delete_all_cookies()
        self.open("/accounts/login/")
        self.driver.find_element(By.NAME, "username").send_keys(username)
        self.driver.find_element(By.NAME, "password").send_keys(password)
        self.submit()

    def field(self, name: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, f"main [name='{name}']")

    def fill(self, **values) -> None:
        """Type into text fields and text areas by name (replacing what is there)."""
        for name, value in values.items():
            element = self.field(name)
            element.clear()
            element.send_keys(str(value))

    def set_date(self, name: str, day) -> None:
        """Type the day as dd/mm/yyyy, the way the portal's date fields take it in every browser."""
        element = self.field(name)
        element.clear()
        element.send_keys(day.strftime("%d%m%Y"))

    def choose(self, name: str, *, value=None, text: str | None = None, index: int | None = None) -> None:
        from selenium.webdriver.support.ui import Select

        select = Select(self.field(name))
        if value is not None:
            select.select_by_value(str(value))
        elif index is not None:
            select.select_by_index(index)
        else:
            select.select_by_visible_text(text)

    def downloads(self) -> pathlib.Path:
        """An empty folder where Chromium saves the next downloads (headless Chromium needs telling)."""
        folder = ARTIFACTS / "downloads"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.driver.execute_cdp_cmd(
            "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)}
        )
        return folder

    def wait_for_download(self, folder: pathlib.Path, suffix: str, timeout: float = 30) -> pathlib.Path:
        """The file Chromium saved into `folder`, once whole: not empty, and no download in progress
        (Chromium writes a .crdownload file, then renames it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = [path for path in folder.glob(f"*{suffix}") if path.stat().st_size > 0]
            if done and not list(folder.glob("*.crdownload")):
                return done[0]
            time.sleep(0.2)
        raise AssertionError(f"no {suffix} file arrived in {folder} within {timeout}s")

    def value(self, name: str) -> str:
        return self.field(name).get_attribute("value")

    def click_confirmed(self, element, timeout: float = 15) -> None:
        """Click a button that asks "are you sure?" (data-confirm), accept the dialog, wait for the page."""
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait

        def click_and_accept(target):
            target.click()
            WebDriverWait(self.driver, timeout).until(expected_conditions.alert_is_present()).accept()

        self.click_and_wait(element, timeout, click=click_and_accept)

    def button(self, label: str):
        """The visible button or link in the main content whose text is `label`."""
        from selenium.webdriver.common.by import By

        for element in self.driver.find_elements(By.CSS_SELECTOR, "main button, main a.btn, main a"):
            if element.is_displayed() and element.text.strip() == label:
                return element
        raise AssertionError(f"no button or link {label!r} on {self.driver.current_url}")

    def text(self) -> str:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.TAG_NAME, "body").text


@pytest.fixture
def reference_data():
    """The programme, the wards and areas of Tam Kỳ, the demo users and the wards' logbook, without the
    demo pilots and reports (the journeys create those through the pages)."""
    import io

    from django.core.management import call_command

    from tamky_kdc.demo import units as demo

    call_command("load_reference_data", stdout=io.StringIO())
    demo.seed()


@pytest.fixture
def journey(browser, live_server, request):
    return Journey(browser, live_server.url, request.node.name.removeprefix("test_"))


def pytest_terminal_summary(terminalreporter):
    if NOT_RUN:
        terminalreporter.write_sep("!", "BROWSER TESTS WERE NOT RUN", red=True, bold=True)
        for reason in sorted(set(NOT_RUN)):
            terminalreporter.write_line(reason)
    elif ARTIFACTS.exists() and any(ARTIFACTS.iterdir()):
        terminalreporter.write_line(f"Browser journey screenshots: {ARTIFACTS}")
