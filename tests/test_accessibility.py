"""适老化 (工信部《互联网网站适老化通用设计规范》) and WCAG 2.2 in real headless Chromium: a phone 360 px
wide with the browser's text at 32 px (200 %), the reading toolbar (text size, high contrast, line spacing, reading aloud,
remembered), visible focus, target sizes. Screenshots for a person: tests/artifacts/screenshots/a11y-*.png."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import (ARTIFACTS, PAGES, axe_violations, chromium, horizontal_overflow, save_whole_page, search_settled,
                     serve)
from conftest import PROJECT, build_site, copy_site, page
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

pytestmark = pytest.mark.browser

PHONE = 360
FIRST_SCREEN = 800  # px of the page a phone shows before any scrolling


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_site("minimal", tmp_path_factory.mktemp("a11y"))
    build_site(root)
    return root / "output"


@pytest.fixture(scope="module")
def site_url(built: Path) -> Iterator[str]:
    with serve(built) as url:
        yield url


@pytest.fixture(scope="module")
def big_phone(tmp_path_factory: pytest.TempPathFactory):
    """360 px wide, the browser's default text 32 px: what a reader who set 200 % text on a phone sees."""
    driver = chromium(tmp_path_factory.mktemp("profile"), width=PHONE, height=FIRST_SCREEN, font_size=32)
    yield driver
    driver.quit()


@pytest.fixture
def visitor(tmp_path: Path):
    """A browser of its own: what it remembers does not leak into other tests."""
    driver = chromium(tmp_path / "profile", width=PHONE, height=FIRST_SCREEN)
    yield driver
    driver.quit()


def h1_first_line_bottom(driver) -> float:
    """Where the first line of the page's title ends, from the top of the page (not of the window)."""
    return driver.execute_script("""
        const h1 = document.querySelector('h1');
        return h1.getClientRects()[0].top + scrollY + parseFloat(getComputedStyle(h1).lineHeight);""")


def shown(driver, selector: str) -> bool:
    return driver.execute_script(f"return document.querySelector('{selector}').checkVisibility()")


@pytest.mark.parametrize("name", PAGES)
def test_a_phone_at_200_percent_text_shows_the_title_first_fits_its_width_and_passes_axe(name, big_phone, site_url):
    big_phone.get(site_url + PAGES[name])
    search_settled(big_phone)
    assert h1_first_line_bottom(big_phone) <= FIRST_SCREEN
    assert horizontal_overflow(big_phone) <= 0
    assert not shown(big_phone, ".main-nav") and shown(big_phone, ".menu-button")  # folded behind one button
    assert axe_violations(big_phone) == []


@pytest.mark.parametrize("contrast", ["normal", "high contrast"])
def test_the_open_toolbar_and_menu_pass_axe_and_fit_a_phone_at_200_percent_text(contrast, big_phone, site_url):
    big_phone.get(site_url + PAGES["county"])
    try:
        if contrast == "high contrast":
            big_phone.execute_script("document.getElementById('high-contrast').click()")
        big_phone.find_element(By.CSS_SELECTOR, "#access > summary").click()
        big_phone.find_element(By.CSS_SELECTOR, ".menu-button").click()
        assert shown(big_phone, "#access-form") and shown(big_phone, ".main-nav")
        assert horizontal_overflow(big_phone) <= 0
        assert axe_violations(big_phone) == []
    finally:
        big_phone.execute_script("localStorage.clear()")  # the next test's reader chose nothing


@pytest.mark.parametrize("javascript", [True, False])
def test_the_menu_button_opens_the_menu_and_search_on_a_phone(javascript, tmp_path: Path, site_url):
    driver = chromium(tmp_path / "profile", width=PHONE, height=FIRST_SCREEN, font_size=32, javascript=javascript)
    try:
        driver.get(site_url + PAGES["case"])
        assert not shown(driver, ".main-nav") and not shown(driver, ".search-box")
        driver.find_element(By.CSS_SELECTOR, ".menu-button").click()
        assert shown(driver, ".main-nav") and shown(driver, ".search-box")
        assert [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".main-nav a")][:2] == ["首页", "典型案例"]
        assert horizontal_overflow(driver) <= 0
        driver.find_element(By.CSS_SELECTOR, ".menu-button").click()
        assert not shown(driver, ".main-nav")
    finally:
        driver.quit()


# What can show focus: a change of outline, of background or of shadow. A change of text colour alone is not
# enough (the current menu item hid its focus that way: WCAG 2.4.7).
LOOKS = """
const PROPS = ['outline-style', 'outline-width', 'outline-color', 'background-color', 'box-shadow'];
window.lookOf = el => [el, ...(el.labels || [])].map(t => {
    const cs = getComputedStyle(t);
    return PROPS.map(p => cs.getPropertyValue(p));
});
"""


def tab_through_looking(driver) -> tuple[dict[int, list], dict[int, list], dict[int, str]]:
    """Every focusable element's look unfocused, and focused by the Tab key (the label's for a control drawn by it)."""
    driver.execute_script(LOOKS + """
        document.activeElement.blur();
        const all = document.querySelectorAll('a[href], button, input, summary, [tabindex]:not([tabindex="-1"])');
        window.focusables = [...all]
            .filter(e => [e, ...(e.labels || [])].some(t => t.getClientRects().length))
            .filter(e => e.type !== 'radio' || e.checked);  // a radio group is one Tab stop; arrows move inside
        focusables.forEach((e, i) => e.dataset.focusIndex = i);""")
    before = driver.execute_script("return focusables.map(lookOf)")
    names = driver.execute_script("return focusables.map(e => e.outerHTML.slice(0, 100))")
    focused: dict[int, list] = {}
    for _ in range(len(before) + 5):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        index, look = driver.execute_script(
            "const e = document.activeElement; return [e.dataset.focusIndex, e === document.body ? null : lookOf(e)]")
        if index is None:
            if focused:
                break
            continue
        focused[int(index)] = look
    return dict(enumerate(before)), focused, dict(enumerate(names))


def visible_change(unfocused: list, focused: list) -> bool:
    for (style, width, colour, background, shadow), (style2, width2, colour2, background2, shadow2) in zip(
            unfocused, focused):
        ring = style2 not in ("none", "hidden") and float(width2.removesuffix("px")) >= 2 \
            and not colour2.endswith(", 0)") and colour2 != "transparent"
        if ring and (style, width, colour) != (style2, width2, colour2):
            return True
        if background != background2 or shadow != shadow2:
            return True
    return False


@pytest.mark.parametrize("screen", ["desktop", "phone at 200 % text", "high contrast"])
def test_focus_is_visible_on_every_focusable_element_of_the_home_page(screen, tmp_path: Path, site_url):
    width, font = (1280, 16) if screen == "desktop" else (PHONE, 32)
    driver = chromium(tmp_path / "profile", width=width, height=FIRST_SCREEN, font_size=font)
    try:
        driver.get(site_url)
        # The toolbar and the phone's menu open, by script: a click would move where the Tab key starts from.
        driver.execute_script("document.getElementById('access').open = true;"
                              "document.getElementById('menu-toggle').checked = true;")
        if screen == "high contrast":
            driver.execute_script("document.getElementById('high-contrast').click()")
        before, focused, names = tab_through_looking(driver)
        assert len(before) > 20 and set(focused) == set(before)
        assert [names[i] for i in before if not visible_change(before[i], focused[i])] == []
    finally:
        driver.quit()


TARGETS = """
// WCAG 2.5.8: at least 24 × 24 px, unless the target sits in a sentence (its height is the line's).
const inSentence = el => {
    let block = el.parentElement;
    while (getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    return block.textContent.replace(/\\s/g, '') !== el.textContent.replace(/\\s/g, '');
};
return [...document.querySelectorAll('a[href], button, input, summary')]
    .filter(e => [e, ...(e.labels || [])].some(t => t.getClientRects().length))
    .filter(e => !(e.tagName === 'A' && inSentence(e)))
    // A control's label clicks it too: the larger of the two is its target.
    .map(e => [e, ...(e.labels || [])].map(t => [t.outerHTML.slice(0, 80), t.getBoundingClientRect()])
        .sort(([, a], [, b]) => b.width * b.height - a.width * a.height)[0])
    .map(([html, r]) => [html, r.width, r.height])
    .filter(([, w, h]) => w < 24 || h < 24);
"""


@pytest.mark.parametrize("name", PAGES)
def test_every_target_outside_a_sentence_is_at_least_24_px(name, desktop, site_url):
    desktop.get(site_url + PAGES[name])
    search_settled(desktop)
    desktop.execute_script("document.getElementById('access').open = true")
    assert desktop.execute_script(TARGETS) == []


def root_px(driver) -> float:
    return float(driver.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def line_ratio(driver) -> float:
    return float(driver.execute_script("const s = getComputedStyle(document.querySelector('main p'));"
                                       "return parseFloat(s.lineHeight) / parseFloat(s.fontSize)"))


def choose(driver, control: str) -> None:
    """As a reader does: open the toolbar, click the control's label."""
    if not driver.execute_script("return document.getElementById('access').open"):
        driver.find_element(By.CSS_SELECTOR, "#access > summary").click()
    driver.find_element(By.CSS_SELECTOR, f"label[for={control}]").click()


def test_the_toolbar_sets_text_size_contrast_and_line_spacing_and_they_are_remembered(visitor, site_url):
    visitor.get(site_url + PAGES["village"])
    assert root_px(visitor) == 16 and line_ratio(visitor) < 2
    choose(visitor, "text-150")
    assert root_px(visitor) == 24
    choose(visitor, "text-200")
    assert root_px(visitor) == 32
    choose(visitor, "high-contrast")
    assert visitor.execute_script("return getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    choose(visitor, "wide-lines")
    assert line_ratio(visitor) >= 2
    assert horizontal_overflow(visitor) <= 0

    visitor.get(site_url + PAGES["route"])  # another page: the same settings, and the toolbar shows them
    assert root_px(visitor) == 32 and line_ratio(visitor) >= 2
    assert visitor.execute_script("return getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    checked = visitor.execute_script("return [...document.querySelectorAll('#access-form :checked')].map(e => e.id)")
    assert checked == ["text-200", "high-contrast", "wide-lines"]

    choose(visitor, "text-100")
    visitor.refresh()
    assert root_px(visitor) == 16 and line_ratio(visitor) >= 2
    visitor.find_element(By.CSS_SELECTOR, "#access > summary").click()
    visitor.find_element(By.CSS_SELECTOR, "#access-form button[type=reset]").click()
    visitor.refresh()
    assert root_px(visitor) == 16 and line_ratio(visitor) < 2
    assert visitor.execute_script("return getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"


def test_the_toolbar_works_without_javascript(tmp_path: Path, site_url):
    driver = chromium(tmp_path / "profile", width=PHONE, height=FIRST_SCREEN, javascript=False)
    try:
        driver.get(site_url + PAGES["case"])
        choose(driver, "text-200")
        choose(driver, "high-contrast")
        assert root_px(driver) == 32
        assert driver.execute_script("return getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
        assert not shown(driver, "#read-aloud")  # reading aloud needs JavaScript: not offered without it
    finally:
        driver.quit()


def test_saved_settings_apply_before_the_first_paint(built: Path):
    """A blocking script in <head>, in a file (the Content-Security-Policy allows no inline script)."""
    head = page(built, PAGES["case"]).head
    prefs = [s for s in head.find_all("script") if re.search(r"/prefs(\.[\w-]+)?\.js$", s.get("src", ""))]  # hashed too
    assert len(prefs) == 1 and not prefs[0].has_attr("defer") and not prefs[0].has_attr("async")
    inline = [s for s in page(built, "").find_all("script") if not s.get("src")]
    assert [s for s in inline if s.get("type") != "application/ld+json"] == []


@pytest.mark.parametrize("name", ["home", "county", "case", "search"])
def test_high_contrast_passes_axe(name, visitor, site_url):
    visitor.get(site_url + PAGES[name])
    choose(visitor, "high-contrast")
    visitor.get(site_url + PAGES[name])
    search_settled(visitor)
    assert visitor.execute_script("return document.documentElement.classList.contains('high-contrast')")
    assert axe_violations(visitor) == []


# The browser's own speech synthesis, recorded instead of spoken (headless Chromium has no voices to speak with).
SPEECH = """
window.spoken = []; window.cancelled = 0;
speechSynthesis.speak = u => spoken.push(u);
speechSynthesis.cancel = () => { cancelled += 1; };
speechSynthesis.getVoices = () => window.voices || [];
"""


def test_reading_aloud_reads_the_page_in_chinese_block_by_block(visitor, site_url):
    visitor.get(site_url + PAGES["county"])  # a page without a draft's banner: its title is read first
    visitor.execute_script(SPEECH)
    choose(visitor, "high-contrast")  # open the toolbar
    button = visitor.find_element(By.ID, "read-aloud")
    assert button.text == "朗读本页"
    button.click()
    title = visitor.find_element(By.TAG_NAME, "h1").text
    first = visitor.execute_script("return [spoken.length, spoken[0].text, spoken[0].lang]")
    assert first == [1, title, "zh-CN"]
    assert visitor.find_element(By.TAG_NAME, "h1").get_attribute("class") == "reading-now"
    assert button.text == "停止朗读"
    visitor.execute_script("spoken[0].onend()")  # the title has been read: the next block
    second = visitor.execute_script("return spoken[1].text")
    assert second and second != title
    assert "reading-now" not in visitor.find_element(By.TAG_NAME, "h1").get_attribute("class")
    button.click()
    assert button.text == "朗读本页" and visitor.execute_script("return cancelled") > 0
    assert visitor.find_elements(By.CSS_SELECTOR, ".reading-now") == []


@pytest.mark.parametrize("device", [
    "window.voices = [{lang: 'en-US', name: 'English'}];",  # voices, none of them Chinese: not even tried
    "speechSynthesis.speak = u => u.onerror({error: 'synthesis-failed'});",  # no voice at all (headless Chromium)
])
def test_reading_aloud_says_so_when_the_device_has_no_chinese_voice(device, visitor, site_url):
    visitor.get(site_url + PAGES["case"])
    visitor.execute_script(SPEECH + device)
    choose(visitor, "high-contrast")
    visitor.find_element(By.ID, "read-aloud").click()
    assert "没有中文语音" in visitor.find_element(By.ID, "access-status").text
    assert visitor.find_element(By.ID, "read-aloud").text == "朗读本页"


SCREENS = {"home": "", "county": "regions/laixi/", "case": "cases/laixi-jingyan/"}  # of the shipped content
MODES = {"normal": [], "text-200": ["text-200"], "high-contrast": ["high-contrast"]}


@pytest.fixture(scope="module")
def shipped_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("shipped") / "site"
    shutil.copytree(PROJECT / "content", root / "content")
    shutil.copytree(PROJECT / "data", root / "data")
    build_site(root)
    with serve(root / "output") as url:
        yield url


def test_the_search_pages_more_button_fits_a_phone_at_200_percent_text(big_phone, shipped_url):
    big_phone.get(shipped_url + "search/?q=党建")
    search_settled(big_phone)
    assert shown(big_phone, "#search-more")  # more results than one page shows
    assert horizontal_overflow(big_phone) <= 0


def test_screenshots_at_360_px_for_people_to_look_at(tmp_path: Path, shipped_url):
    """Home, a county and a case of the shipped content: normal, 200 % text, high contrast (looked at, not asserted)."""
    out = ARTIFACTS / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    driver = chromium(tmp_path / "profile", width=PHONE, height=FIRST_SCREEN)
    try:
        for mode, classes in MODES.items():
            driver.get(shipped_url)
            driver.execute_script("localStorage.setItem('reading', arguments[0])", " ".join(classes))
            for name, path in SCREENS.items():
                driver.get(shipped_url + path)
                assert driver.find_element(By.TAG_NAME, "h1").text and "页面不存在" not in driver.title, path
                assert horizontal_overflow(driver) <= 0, (name, mode)
                save_whole_page(driver, out / f"a11y-{name}-{mode}.png")
    finally:
        driver.quit()
    assert {p.name for p in out.glob("a11y-*.png")} >= {f"a11y-{n}-{m}.png" for n in SCREENS for m in MODES}
