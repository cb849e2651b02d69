"""The pages in a real browser: Debian's chromium driven by Selenium against a live server on
127.0.0.1 (started here, on a free port). Highlights must sit on the right words, a reader must
be able to click from an article to a speaker to a claim, and a hostile article must run no
script. Screenshots go to $ACCORDING_SCREENSHOTS (else a temporary directory)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_support import HOSTILE_TEXT, SaidFinder, chromium, live_server, screenshot_dir, seed

from according.api import ServeConfig, create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    url = str(tmp_path_factory.mktemp("browser") / "site.db")
    ids = seed(url)
    app = create_app(ServeConfig(database=url, similarity="lexical"), extractor=SaidFinder())
    with live_server(app) as base:
        yield base, ids


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def shots() -> Path:
    return screenshot_dir()


def _by(name: str) -> Any:
    from selenium.webdriver.common.by import By

    return getattr(By, name)


def _pieces(browser: Any, role: str, i: int) -> str:
    """The text of the highlighted pieces that carry attribution ``i`` in ``role``, in order."""
    return "".join(
        el.get_attribute("textContent")
        for el in browser.find_elements(_by("CSS_SELECTOR"), f'#text a.hl[data-{role}~="{i}"]')
    )


def test_highlights_sit_on_the_right_words(
    site: tuple[str, dict[str, int]], browser: Any, shots: Path
) -> None:
    base, ids = site
    browser.get(f"{base}/api/v1/articles/{ids['nested']}")
    import json

    data = json.loads(browser.find_element(_by("TAG_NAME"), "body").text)
    browser.get(f"{base}/articles/{ids['nested']}")
    text = data["document"]["text"]
    assert browser.find_element(_by("ID"), "text").get_attribute("textContent") == text
    for i, a in enumerate(data["attributions"]):
        assert _pieces(browser, "cue", i) == a["cue"]["text"]
        assert _pieces(browser, "src", i) == (a["source"] or {}).get("text", "")
        assert _pieces(browser, "cnt", i) == "".join(text[s:e] for s, e in a["content"]["spans"])
    nested = browser.find_element(_by("CSS_SELECTOR"), '#text a.hl[data-cue~="1"]')
    assert nested.get_attribute("textContent") == "claimed" and "cnt" in nested.get_attribute("class")
    styles = {
        role: browser.execute_script(
            "const s = getComputedStyle(arguments[0]);"
            "return [s.fontWeight, s.fontStyle, s.borderTopStyle, s.textDecorationStyle, s.boxShadow];",
            browser.find_element(_by("CSS_SELECTOR"), f'#text a.hl[data-{role}~="2"]'),
        )
        for role in ("src", "cue", "cnt")
    }
    assert len({tuple(v) for v in styles.values()}) == 3  # three roles, three looks, beyond colour
    nested.click()  # selecting a piece shows its attribution beside the text
    entry = browser.find_element(_by("ID"), "a1")
    assert browser.current_url.endswith("#a1") and "the mayor" in entry.text and "claimed" in entry.text
    assert "Harbour Post → The minister → the mayor" in entry.text
    assert "sel" in entry.get_attribute("class")  # the script ran (CSP allows our own file)
    browser.save_screenshot(str(shots / "article-nested.png"))


def test_click_from_article_to_speaker_to_claim(
    site: tuple[str, dict[str, int]], browser: Any, shots: Path
) -> None:
    base, ids = site
    browser.get(f"{base}/articles/{ids['LBC']}")
    browser.save_screenshot(str(shots / "article.png"))
    browser.find_element(_by("CSS_SELECTOR"), "#a0 a.speaker").click()
    assert browser.find_element(_by("TAG_NAME"), "h1").text.startswith("Vladimir Osechkin")
    assert len(browser.find_elements(_by("CSS_SELECTOR"), "svg.bars rect[data-o]")) >= 3
    browser.save_screenshot(str(shots / "speaker.png"))
    browser.find_element(_by("CSS_SELECTOR"), "table.list a[href^='/claims/']").click()
    assert "First appearance" in browser.page_source
    dots = browser.find_elements(_by("CSS_SELECTOR"), "svg.timeline circle")
    assert len(dots) >= 1
    assert browser.find_elements(_by("CSS_SELECTOR"), "svg.graph g.node")
    browser.save_screenshot(str(shots / "claim.png"))
    browser.get(f"{base}/claims?search=recruited+jails")
    browser.find_element(_by("CSS_SELECTOR"), "table.list a[href^='/claims/']").click()
    rows = [r.text for r in browser.find_elements(_by("CSS_SELECTOR"), "svg.timeline .row-label")]
    assert rows == ["The Times", "LBC", "The Guardian"]
    browser.save_screenshot(str(shots / "claim-echoes.png"))
    browser.get(f"{base}/claims")  # the Order control: the thrice-told claim leads, though older
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import Select, WebDriverWait

    Select(browser.find_element(_by("NAME"), "order")).select_by_visible_text("Most echoed")
    browser.find_element(_by("CSS_SELECTOR"), "form.filters button[type=submit]").click()
    chosen = (_by("CSS_SELECTOR"), "select[name=order] option[value=echoed][selected]")
    WebDriverWait(browser, 20).until(expected_conditions.presence_of_element_located(chosen))
    assert "order=echoed" in browser.current_url
    first = browser.find_element(_by("CSS_SELECTOR"), "table.list tbody a[href^='/claims/']")
    assert first.text.startswith("prisoners were being recruited")
    browser.save_screenshot(str(shots / "claims-echoed.png"))


def _submit_read_form(browser: Any) -> None:
    """Submit the paste form and wait for the article view (a click does not wait for the page)."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.find_element(_by("CSS_SELECTOR"), "form.read button[type=submit]").click()
    WebDriverWait(browser, 20).until(expected_conditions.presence_of_element_located((_by("ID"), "text")))


def _no_script_ran(browser: Any) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    assert browser.execute_script("return window.__pwned === undefined")
    try:
        opened = browser.switch_to.alert.text
    except NoAlertPresentException:
        pass
    else:  # pragma: no cover - the failure case
        pytest.fail(f"an alert opened ({opened!r}): article script ran")
    scripts = [s.get_attribute("src") for s in browser.find_elements(_by("TAG_NAME"), "script")]
    assert all(s and s.endswith("/static/according.js") for s in scripts)
    assert not browser.find_elements(
        _by("CSS_SELECTOR"), "img, [onerror], [onmouseover], a[href^='javascript:']"
    )


def test_hostile_article_runs_no_script(site: tuple[str, dict[str, int]], browser: Any, shots: Path) -> None:
    base, ids = site
    browser.get(f"{base}/articles/{ids['hostile']}")
    assert "<script>" in browser.title and "<script>" in browser.find_element(_by("TAG_NAME"), "h1").text
    text = browser.find_element(_by("ID"), "text").get_attribute("textContent")
    assert "<script>" in text and 'onerror="' in text and "javascript:window" in text
    for el in browser.find_elements(_by("CSS_SELECTOR"), "#text a.hl, .meta *"):
        browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))", el)
    _no_script_ran(browser)
    browser.save_screenshot(str(shots / "hostile.png"))

    browser.get(base + "/")  # the same text pasted into the form
    browser.find_element(_by("ID"), "paste").send_keys(HOSTILE_TEXT)
    _submit_read_form(browser)
    assert _pieces(browser, "cue", 0) == "said"
    _no_script_ran(browser)


def test_read_a_pasted_article_and_hover(site: tuple[str, dict[str, int]], browser: Any, shots: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    base, _ = site
    browser.get(base + "/")
    browser.find_element(_by("ID"), "paste").send_keys(
        "Harbour traders said the closure would cost them dearly. "
        "The council claimed that repairs were overdue."
    )
    _submit_read_form(browser)
    assert _pieces(browser, "cue", 1) == "claimed"
    assert _pieces(browser, "cnt", 1) == "repairs were overdue"
    piece = browser.find_element(_by("CSS_SELECTOR"), '#text a.hl[data-cue~="1"]')
    ActionChains(browser).move_to_element(piece).perform()
    assert "on" in browser.find_element(_by("ID"), "a1").get_attribute("class")
    browser.save_screenshot(str(shots / "read.png"))
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors  # no CSP violation, no missing file
