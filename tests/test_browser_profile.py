"""The visual profile and the calculator's result panel in real Chromium (issue: the matrix,
readable on every screen).

On the real site; what a chart should show is computed from the resolved data (`real_site`),
never from today's cells."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from skillmatrix.resolve import mean_rank

pytestmark = pytest.mark.browser
ROLE = "backend-developer-python"  # the seed role: a stable name
MIDDLE = 1
PAGES = {
    "role": f"en/roles/{ROLE}/",
    "level": f"en/roles/{ROLE}/senior/",
    "calculator": f"en/roles/{ROLE}/calculator/",
}
SCREENS = {"phone": (375, 800), "desktop": (1280, 900)}
ANSWERS = 10

# Layout shifts from the first paint on, recorded before any page script runs. Standard CLS
# leaves out shifts within half a second of an input; `all` keeps them, to see both.
WATCH_SHIFTS = """
window.__shift = {cls: 0, all: 0};
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    window.__shift.all += entry.value;
    if (!entry.hadRecentInput) window.__shift.cls += entry.value;
  }
}).observe({type: 'layout-shift', buffered: true});
"""


def slow_network(page: Page) -> None:
    """A slow phone on a slow network, as Lighthouse simulates one: the page is painted while it
    still arrives, so content that lands above what is painted shifts it (on loopback the whole
    page arrives before the first paint)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 150,
            "downloadThroughput": 1.6e6 / 8,
            "uploadThroughput": 0.75e6 / 8,
        },
    )


def late_script(page: Page) -> None:
    """The calculator's script arrives after the whole page is painted: whatever it changes
    in the layout shifts what the reader already sees."""

    def hold(route: Route) -> None:
        time.sleep(0.5)  # blocks only this test's side; the browser paints meanwhile
        route.continue_()

    page.route(re.compile(r"/assets/calculator\.[0-9a-f]+\.js$"), hold)


def chart(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("figure.profile svg.profile-chart")


def answer(page: Page, count: int, level: int = MIDDLE) -> None:
    """Answer the first `count` questions with what `level` expects (at least awareness, so
    every answer moves the reader's profile)."""
    for fieldset in page.locator(".calc-skill").all()[:count]:
        rank = max(json.loads(fieldset.get_attribute("data-ranks") or "[]")[level], 1)
        fieldset.locator(f'input[value="{rank}"]').check()


def in_view(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None, selector
    return (
        box["height"] > 0
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"]
    )


@pytest.mark.parametrize("kind", list(PAGES))
def test_each_page_has_a_named_profile_chart_and_its_table(
    page: Page, site_url: str, real_site, kind: str
) -> None:  # type: ignore[no-untyped-def]
    role = real_site.role(ROLE)
    page.goto(site_url + PAGES[kind])
    svg = chart(page)
    expect(svg).to_have_count(1)
    expect(svg).to_be_visible()
    # An image named by its <title>, which screen readers announce.
    assert svg.get_attribute("role") == "img"
    title = page.locator(f"#{svg.get_attribute('aria-labelledby')}")
    expect(title).to_have_text(re.compile(r"mean proficiency per category"))
    expect(page.get_by_role("img", name=re.compile("mean proficiency per category"))).to_have_count(
        1
    )
    # One bar row per category, and the same categories as a table for screen readers.
    expect(svg.locator(".pc-row")).to_have_count(len(role.profile))
    rows = page.locator("figure.profile table tbody tr")
    expect(rows).to_have_count(len(role.profile))
    expect(rows.first.locator("th")).to_have_text(role.profile[0].category.name.plain("en"))


def test_the_calculator_chart_follows_the_answers(page: Page, site_url: str, real_site) -> None:  # type: ignore[no-untyped-def]
    first = real_site.role(ROLE).profile[0]
    page.goto(site_url + PAGES["calculator"])
    svg = chart(page)
    bar = svg.locator(".pc-row").first.locator(".pc-bar")
    before = svg.evaluate("e => e.outerHTML")
    assert bar.get_attribute("width") == "0%"
    page.locator(".calc-skill").first.locator('input[value="4"]').check()
    # The first skill is in the first category: its mean moves from 0 to 4 / its size.
    expected = mean_rank([4] + [0] * (first.skills - 1))
    track = float((svg.locator(".pc-track").first.get_attribute("width") or "")[:-1])
    expect(bar).not_to_have_attribute("width", "0%")
    assert float((bar.get_attribute("width") or "")[:-1]) == pytest.approx(
        track * expected / 4, abs=0.01
    )
    assert svg.evaluate("e => e.outerHTML") != before
    expect(page.locator("figure.profile tbody tr").first.locator("td").first).to_have_text(
        f"{expected:g}"
    )


def test_the_target_follows_the_level_reached(page: Page, site_url: str, real_site) -> None:  # type: ignore[no-untyped-def]
    role = real_site.role(ROLE)
    page.goto(site_url + PAGES["calculator"])
    for fieldset in page.locator(".calc-skill").all():
        rank = json.loads(fieldset.get_attribute("data-ranks") or "[]")[MIDDLE]
        fieldset.locator(f'input[value="{rank}"]').check()
    expect(page.locator("[data-calc-reached]")).to_have_text("Highest level met: Middle")
    # Middle met: the markers show Senior, and the reader's bars Middle's values.
    expect(
        page.get_by_role("img", name="You against Senior: mean proficiency per category")
    ).to_have_count(1)
    rows = page.locator("figure.profile tbody tr")
    for i, entry in enumerate(role.profile):
        expect(rows.nth(i).locator("td")).to_have_text(
            [f"{entry.means[MIDDLE]:g}", f"{entry.means[MIDDLE + 1]:g}"]
        )


@pytest.mark.parametrize("slow", [slow_network, late_script], ids=lambda f: f.__name__)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_layout_shift_and_the_result_stays_in_view(
    browser: Browser, site_url: str, screen: str, slow
) -> None:  # type: ignore[no-untyped-def]
    width, height = SCREENS[screen]
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(WATCH_SHIFTS)
    page = context.new_page()
    slow(page)
    page.goto(site_url + PAGES["calculator"])
    page.wait_for_load_state("networkidle")
    answer(page, ANSWERS)
    expect(page.locator("[data-calc-progress-text]")).to_contain_text("of the way to")
    page.wait_for_timeout(100)  # a last frame for the observer
    shift = page.evaluate("window.__shift")
    assert shift["cls"] < 0.05, shift
    assert shift["all"] < 0.05, shift
    # The tenth answer is in view, and so is the result: level met and progress.
    last = page.locator(".calc-skill").nth(ANSWERS - 1)
    expect(last).to_be_in_viewport()
    for selector in ("[data-calc-reached]", "[data-calc-progress-text]", "[data-calc-progress]"):
        assert in_view(page, selector), selector
    if screen == "phone":
        # A bar at the foot of the screen, whose details open over the questions.
        toggle = page.locator("[data-calc-toggle]")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(page.locator("[data-calc-next-gaps]")).to_be_hidden()
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        assert in_view(page, "[data-calc-reached]")
    expect(page.locator("[data-calc-next-gaps] li")).not_to_have_count(0)
    assert in_view(page, "[data-calc-next-gaps] li:first-child")
    context.close()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_gap_list_is_never_a_scroll_box(browser: Browser, site_url: str, screen: str) -> None:
    width, height = SCREENS[screen]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(site_url + PAGES["calculator"])
    answer(page, ANSWERS)
    rows = page.locator("[data-calc-gaps] tr")
    assert rows.count() > 10  # a list long enough to be clipped, were it in a box
    clipped = page.locator("[data-calc-gaps]").evaluate("""body => {
      const found = [];
      for (let e = body; e && e !== document.body; e = e.parentElement) {
        if (e.scrollHeight > e.clientHeight + 1 && e.clientHeight > 0) {
          found.push(e.tagName + '.' + e.className + ' ' + e.scrollHeight + '>' + e.clientHeight);
        }
      }
      return found;
    }""")
    assert clipped == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_colours_follow_the_colour_scheme(
    browser: Browser, site_url: str, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + PAGES["role"])
    colours = page.evaluate("""() => {
      const root = getComputedStyle(document.body);
      const svg = document.querySelector('svg.profile-chart');
      const style = e => getComputedStyle(svg.querySelector(e));
      return {bg: root.backgroundColor, bar: style('.pc-bar').fill,
              track: style('.pc-track').fill, label: style('.pc-label').fill,
              text: root.color};
    }""")
    context.close()
    # Drawn from the page's colours: labels in the text colour, bars distinct from the track
    # and from the page, in either scheme.
    assert colours["label"] == colours["text"]
    assert len({colours["bar"], colours["track"], colours["bg"]}) == 3


def test_charts_show_without_script_and_in_print(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for kind in ("role", "level"):
        page.goto(site_url + PAGES[kind])
        expect(chart(page)).to_be_visible()
        assert (chart(page).bounding_box() or {}).get("height", 0) > 100
    page.emulate_media(media="print")
    page.goto(site_url + PAGES["calculator"])
    # The review sheet: the result with its chart, not the questions.
    expect(chart(page)).to_be_visible()
    expect(page.locator(".calc-toggle")).to_be_hidden()
    expect(page.locator("form.calculator")).to_be_hidden()
    context.close()


def test_the_phone_bar_never_hides_the_focused_question(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site_url + PAGES["calculator"])
    page.locator(".calc-skill input").first.focus()
    checked = 0
    for _ in range(80):  # through the first questions, by keyboard: radios, links, summaries
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
          const e = document.activeElement, bar = document.querySelector('.calc-results');
          if (!e.closest('.calculator')) return null;
          const box = e.getBoundingClientRect(), top = bar.getBoundingClientRect().top;
          return {bottom: box.bottom, bar: top};
        }""")
        if focused is None:
            continue
        assert focused["bottom"] <= focused["bar"], focused
        checked += 1
    assert checked > 40
    context.close()
