"""Every kind of page in real headless Chromium: accessibility, no other hosts, small screens,
larger text, keyboard use. Screenshots go to tests/artifacts/screenshots/ for a person to look at.
The reading toolbar and 适老化 at a phone's width: test_accessibility.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import (ARTIFACTS, PAGES, axe_violations, chromium, horizontal_overflow, requested_hosts, search_settled,
                     serve)
from conftest import PROJECT, build_site, copy_site
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def phone_big_text(tmp_path_factory: pytest.TempPathFactory):
    driver = chromium(tmp_path_factory.mktemp("profile"), width=320, height=640, font_size=32)
    yield driver
    driver.quit()


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_accessibility_violations_and_loads_only_from_this_host(name, desktop, site_url):
    requested_hosts(desktop)  # forget earlier pages
    desktop.get(site_url + PAGES[name])
    search_settled(desktop)
    assert desktop.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    assert axe_violations(desktop) == []
    assert requested_hosts(desktop) == {"127.0.0.1"}


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_320px_phone_even_at_200_percent_text(name, phone, phone_big_text, site_url):
    for driver in (phone, phone_big_text):
        driver.get(site_url + PAGES[name])
        search_settled(driver)
        assert horizontal_overflow(driver) <= 0, (name, driver)


def font_px(driver, selector: str = "body") -> float:
    return float(driver.execute_script(
        f"return parseFloat(getComputedStyle(document.querySelector('{selector}')).fontSize)"))


def test_body_text_is_large_and_airy(desktop, site_url):
    desktop.get(site_url + PAGES["case"])
    assert font_px(desktop) >= 16
    line_height = desktop.execute_script("return parseFloat(getComputedStyle(document.body).lineHeight)")
    assert line_height / font_px(desktop) >= 1.5


def test_keyboard_reaches_a_visible_skip_link_then_the_content(desktop, site_url):
    desktop.get(site_url + PAGES["village"])
    body = desktop.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    focused = desktop.switch_to.active_element
    assert focused.text == "跳到正文"
    assert focused.location["x"] >= 0 and focused.is_displayed()
    assert focused.value_of_css_property("background-color") == "rgba(255, 221, 0, 1)"  # the focus colour
    focused.send_keys(Keys.ENTER)
    assert desktop.switch_to.active_element.get_attribute("id") == "main"


def test_every_link_and_control_can_be_reached_by_tab(desktop, site_url):
    desktop.get(site_url + PAGES["home"])
    reachable = set()
    for _ in range(200):
        desktop.switch_to.active_element.send_keys(Keys.TAB)
        element = desktop.switch_to.active_element
        reachable.add(element.get_attribute("outerHTML")[:120])
        if element.tag_name == "body":
            break
    controls = desktop.execute_script(
        "return [...document.querySelectorAll('a[href], input, button')].filter(e => e.checkVisibility())"
        ".map(e => e.outerHTML.slice(0, 120))")
    assert set(controls) <= reachable


SCREENS = {"home": "", "village": "villages/", "route": "routes/", "case": "cases/"}


def test_screenshots_for_people_to_look_at(tmp_path: Path):
    """The shipped content at phone and desktop widths (looked at by a person, not asserted)."""
    root = tmp_path / "site"
    shutil.copytree(PROJECT / "content", root / "content")
    shutil.copytree(PROJECT / "data", root / "data")
    build_site(root)
    out = ARTIFACTS / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with serve(root / "output") as url:
        for label, (width, height) in {"phone": (390, 844), "desktop": (1280, 900)}.items():
            driver = chromium(tmp_path / f"profile-{label}", width=width, height=height)
            try:
                for name, path in SCREENS.items():
                    driver.get(url + path)
                    if name != "home":  # the first item of each list: a real village, route, case
                        link = driver.find_elements(By.CSS_SELECTOR, "main .card-title a, main .links a")
                        if link:
                            driver.get(link[0].get_attribute("href"))
                    height_px = driver.execute_script("return document.documentElement.scrollHeight")
                    driver.set_window_size(width, min(height_px + 120, 6000))
                    driver.save_screenshot(str(out / f"{name}-{label}.png"))
                    driver.set_window_size(width, height)
            finally:
                driver.quit()
    wanted = {f"{name}-{label}.png" for name in SCREENS for label in ("phone", "desktop")}
    assert {p.name for p in out.glob("*.png")} >= wanted


def test_a_figures_table_caption_reads_across_a_phone(phone, site_url):
    """Seen in a screenshot: with the table laid out as blocks, its caption stood one character per line."""
    phone.get(site_url + PAGES["village"])
    caption = phone.find_element(By.CSS_SELECTOR, "table.figures caption")
    line = float(phone.execute_script("return parseFloat(getComputedStyle(arguments[0]).lineHeight)", caption))
    assert caption.size["height"] < 2 * line
