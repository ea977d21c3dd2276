"""A real browser (Debian's chromium, headless, driven by Selenium through the system
chromedriver) reads the search and record pages in Arabic and Persian: text blocks compute to
right-to-left, highlights are visible, a withdrawn record is a 410 page, hostile text runs no
script. Set ARSHIF_SCREENSHOTS=DIR to keep the screenshots (docs/images/ holds the ones shown
in docs/serve.md)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.archives import USER, run
from tests.cli.helpers import seed_ids
from tests.conftest import need_tool
from tests.serve.conftest import Server, hostile_id
from tests.serve.helpers import get

ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--lang=en-US",
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    chromium = need_tool("chromium")
    driver_path = need_tool("chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    previous = os.environ.get("SE_OFFLINE")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download anything
    options = Options()
    options.binary_location = chromium  # with both paths given, Selenium Manager is not run
    for arg in ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_window_size(1280, 1000)
    try:
        yield driver
    finally:
        driver.quit()
        if previous is None:
            os.environ.pop("SE_OFFLINE", None)
        else:
            os.environ["SE_OFFLINE"] = previous


def shoot(driver: object, tmp_path: Path, name: str) -> None:
    target = tmp_path / f"{name}.png"
    assert driver.save_screenshot(str(target))  # type: ignore[attr-defined]
    assert target.stat().st_size > 10_000
    keep = os.environ.get("ARSHIF_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(target, Path(keep) / target.name)


def open_page(driver: object, url: str, **params: str) -> None:
    driver.get(url + ("?" + urlencode(params) if params else ""))  # type: ignore[attr-defined]


def css(driver: object, selector: str) -> list[object]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, selector))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("query", "lang", "name"),
    [("انسحاب القوات", "ar", "search-ar"), ("نیروهای آمریکایی", "fa", "search-fa")],
)
def test_search_page_is_right_to_left_with_visible_highlights(
    browser: object, corpus_server: Server, tmp_path: Path, query: str, lang: str, name: str
) -> None:
    open_page(browser, corpus_server.url + "/", q=query)
    hits = css(browser, "li.hit")
    assert hits
    for selector in ("li.hit a.title", "p.snippet"):
        for element in css(browser, selector):
            assert element.value_of_css_property("direction") == "rtl"  # type: ignore[attr-defined]
    assert any(e.get_attribute("lang") == lang for e in css(browser, "p.snippet"))  # type: ignore[attr-defined]
    marks = css(browser, "p.snippet mark")
    assert marks
    for mark in marks:
        assert mark.is_displayed()  # type: ignore[attr-defined]
        assert mark.size["width"] > 0  # type: ignore[attr-defined]
        background = mark.value_of_css_property("background-color")  # type: ignore[attr-defined]
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    font = css(browser, "p.snippet")[0].value_of_css_property("font-family")  # type: ignore[attr-defined]
    assert "Noto Naskh Arabic" in font
    shoot(browser, tmp_path, name)


def test_record_page_is_right_to_left(
    browser: object, corpus_server: Server, tmp_path: Path
) -> None:
    ids = seed_ids()
    for seed, lang in (("001", "ar"), ("000", "fa")):
        open_page(browser, corpus_server.url + f"/records/{ids[seed]}")
        for selector in ("#title", "#text", "#text p"):
            for element in css(browser, selector):
                assert element.value_of_css_property("direction") == "rtl", selector  # type: ignore[attr-defined]
        assert css(browser, "#text")[0].get_attribute("lang") == lang  # type: ignore[attr-defined]
        paragraphs = css(browser, "#text p")
        assert paragraphs
        assert all(p.is_displayed() for p in paragraphs)  # type: ignore[attr-defined]
        shoot(browser, tmp_path, f"record-{lang}")


def test_withdrawn_record_is_a_410_page(
    browser: object, mutable_server: Server, mutable_root: Path, tmp_path: Path
) -> None:
    short = seed_ids()["003"]
    result = run(
        mutable_root, "withdraw", short, "--reason", "طلب الناشر حذف المقال", "--user", USER
    )
    assert result.exit_code == 0, result.output
    assert get(mutable_server.url + f"/records/{short}").status == 410
    open_page(browser, mutable_server.url + f"/records/{short}")
    assert browser.title.startswith("410 Gone")  # type: ignore[attr-defined]
    reason = css(browser, ".reason")[0]
    assert reason.text == "طلب الناشر حذف المقال"  # type: ignore[attr-defined]
    assert reason.value_of_css_property("direction") == "rtl"  # type: ignore[attr-defined]
    assert css(browser, "#text") == []
    shoot(browser, tmp_path, "gone")


def test_hostile_text_runs_no_script(
    browser: object, mutable_server: Server, mutable_root: Path
) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    short = hostile_id(mutable_root)
    for path, params in ((f"/records/{short}", {}), ("/", {"q": "الحماية"})):
        open_page(browser, mutable_server.url + path, **params)
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # type: ignore[attr-defined]  # noqa: B018
        assert "pwned" not in browser.title  # type: ignore[attr-defined]
        assert css(browser, "script") == []
        assert css(browser, "main img") == []
