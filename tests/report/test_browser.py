"""The report in headless Chromium (Debian packages chromium and chromium-driver, driven with selenium): the
charts load, the table renders and sorts, a row opens its text with the evidence highlighted, no script
errors. The screenshot is written to the test's temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1800",
)


def _find(*names: str) -> str | None:
    for n in names:
        path = shutil.which(n)
        if path:
            return path
    return None


@pytest.fixture()
def browser(tmp_path: Path):
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="selenium is not installed (pip install -e '.[dev]')"
    )
    chromium = _find("chromium", "chromium-browser")
    driver_bin = _find("chromedriver")
    if not chromium or not driver_bin:
        pytest.skip("headless Chromium is not installed (Debian: apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # the Debian chromedriver, named explicitly: selenium never looks for (or downloads) a driver itself
    drv = webdriver.Chrome(service=Service(executable_path=driver_bin), options=opts)
    drv.set_page_load_timeout(60)
    try:
        yield drv
    finally:
        drv.quit()


def test_report_renders_sorts_and_opens_a_row(browser, report_html, records, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(report_html.as_uri())

    # the charts: four embedded PNGs, decoded and laid out
    charts = browser.find_elements(By.CSS_SELECTOR, "img.chart")
    assert len(charts) == 4
    for img in charts:
        assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) > 300
        assert img.is_displayed() and img.size["height"] > 100

    # the table: one row per record; sorting by date puts the dates in order, the undated last
    rows = browser.find_elements(By.CSS_SELECTOR, "#doc-table tbody tr.doc")
    assert len(rows) == len(records)
    date_head = browser.find_elements(By.CSS_SELECTOR, "#doc-table thead th")[5]
    date_head.click()
    assert date_head.get_attribute("aria-sort") == "ascending"
    dates = [
        td.text for td in browser.find_elements(By.CSS_SELECTOR, "#doc-table tbody tr.doc td:nth-child(6)")
    ]
    dated = [d for d in dates if d]
    assert dated == sorted(r["date"] for r in records if r["date"]) and dates[: len(dated)] == dated

    # a row opens the document's text with the evidence highlighted
    i = next(
        k
        for k, r in enumerate(records)
        if r.get("text") and r["medical_cloud"]["cloud_terms"] and r["targets"]
    )
    row = browser.find_element(By.ID, f"doc-{i}")
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", row)
    row.click()
    assert row.get_attribute("aria-expanded") == "true"
    detail = browser.find_element(By.ID, f"detail-{i}")
    text_box = detail.find_element(By.CSS_SELECTOR, ".doc-text")
    assert text_box.is_displayed()
    for cls in ("ev-issuer", "ev-date", "ev-target", "ev-cloud", "ev-medical"):
        marks = text_box.find_elements(By.CSS_SELECTOR, f".{cls}")
        assert marks, cls
        assert marks[0].value_of_css_property("background-color") not in (
            "rgba(0, 0, 0, 0)",
            "transparent",
        ), cls
    assert records[i]["issuers"][0]["name"][:2] in text_box.text
    browser.save_screenshot(str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 10_000

    # the record without text still opens, with its fields and a note
    j = next(k for k, r in enumerate(records) if not r["error"] and "text" not in r)
    browser.find_element(By.ID, f"doc-{j}").click()
    note = browser.find_element(By.CSS_SELECTOR, f"#detail-{j} .no-text")
    assert "no text in this record" in note.text

    # clicking again closes; no script errors
    row.click()
    assert not browser.find_elements(By.ID, f"detail-{i}")
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe
