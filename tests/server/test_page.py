"""The web page in a real browser: Debian's Chromium, driven by Playwright, over a real
`shoptalk serve` on a copy of the demo store.

The shopper's voice is the project's own synthesizer saying a request into a WAV that
Chromium plays as its fake microphone. Screenshots go to pytest's tmp dir, and to
`$SHOPTALK_ARTIFACTS` when it is set.
"""

import os
import shutil
import subprocess
import sys
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from shoptalk.config import Settings
from shoptalk.speech import Synthesizer
from tests.conftest import copy_demo_database
from tests.server.processes import serving

CHROMIUM = Path("/usr/bin/chromium")
SHOPPER = "u-19"  # has a pending order in the demo store
TOKEN_SECRET = "page-test-secret"
SPOKEN = "Where is my order?"
WAIT_MS = 60_000  # generous: a voice turn recognises, answers and speaks on 2 shared cores

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("page"),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"
    ),
]


@pytest.fixture(scope="module")
def server_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the demo store, and the server's var dir, side by side."""
    folder = tmp_path_factory.mktemp("page-server")
    copy_demo_database(folder / "demo.db")
    return folder


@pytest.fixture(scope="module")
def serve_env(demo_models: dict[str, str], server_folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "SHOPTALK_VAR_DIR": str(server_folder / "var"),
        **demo_models,
        "SHOPTALK_TOKEN_SECRET": TOKEN_SECRET,
    }


@pytest.fixture(scope="module")
def base_url(server_folder: Path, serve_env: dict[str, str]) -> Iterator[str]:
    """A `shoptalk serve` subprocess on a free port, ready to answer."""
    store = str(server_folder / "demo.db")
    with serving(server_folder, serve_env, "--store", store) as server:
        yield server.base


@pytest.fixture(scope="module")
def shopper_token(server_folder: Path, serve_env: dict[str, str]) -> str:
    command = [sys.executable, "-m", "shoptalk", "token", "--user", SHOPPER]
    command += ["--store", str(server_folder / "demo.db")]
    done = subprocess.run(command, env=serve_env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture(scope="module")
def spoken_request(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shopper's request as a 16-bit PCM WAV with a second of silence at both ends."""
    speech = Synthesizer.from_settings(Settings()).synthesize(SPOKEN)
    silence = np.zeros(speech.sample_rate, dtype=np.float32)
    samples = np.clip(np.concatenate([silence, speech.samples, silence]), -1, 1)
    path = tmp_path_factory.mktemp("voice") / "request.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(speech.sample_rate)
        out.writeframes((samples * 32767).astype("<i2").tobytes())
    return path


@pytest.fixture(scope="module")
def browser(spoken_request: Path) -> Iterator[Browser]:
    args = [
        "--no-sandbox",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={spoken_request}",
        "--headless=new",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=args
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not errors, f"the page raised: {errors}"


Screenshot = Callable[[Page, str], None]


@pytest.fixture
def screenshot(tmp_path: Path) -> Iterator[Screenshot]:
    """`screenshot(page, name)` saves a full-page PNG; kept as artifacts when asked."""
    taken: list[Path] = []

    def take(page: Page, name: str) -> None:
        path = tmp_path / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        taken.append(path)

    yield take
    artifacts = os.environ.get("SHOPTALK_ARTIFACTS")
    if artifacts:
        folder = Path(artifacts) / "page"
        folder.mkdir(parents=True, exist_ok=True)
        for path in taken:
            shutil.copy(path, folder / path.name)


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("body")).to_have_attribute("data-state", "ready", timeout=WAIT_MS)


def turns_taken(page: Page, count: int) -> None:
    expect(page.locator("body")).to_have_attribute("data-turns", str(count), timeout=WAIT_MS)


def type_turn(page: Page, text: str, count: int) -> None:
    """Type and send a turn once the page has finished the last one (its summary refreshed)."""
    expect(page.locator("body")).not_to_have_attribute("data-busy", "true", timeout=WAIT_MS)
    page.get_by_test_id("say-text").fill(text)
    page.get_by_test_id("send").click()
    turns_taken(page, count)


def test_typed_and_spoken_requests_are_answered(
    page: Page, base_url: str, screenshot: Screenshot
) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    open_page(page, base_url)

    type_turn(page, "do you have lattes", 1)
    cards = page.get_by_test_id("product-card")
    expect(cards.first).to_be_visible()
    first = cards.first.inner_text()
    assert "latte" in first.lower()
    assert "$" in first
    expect(page.get_by_test_id("log").locator("li")).to_have_count(2)
    screenshot(page, "1-typed-request")

    talk = page.get_by_test_id("talk")
    talk.click()  # a click starts a recording, the next one stops it
    expect(talk).to_have_attribute("aria-pressed", "true", timeout=WAIT_MS)
    page.wait_for_timeout(4500)  # the fake microphone's file: 1 s silence, speech, 1 s silence
    talk.click()
    turns_taken(page, 2)
    assert "order" in page.get_by_test_id("transcript").inner_text().lower()
    expect(page.get_by_test_id("reply")).not_to_be_empty()
    audio_source = page.get_by_test_id("reply-audio").get_attribute("src") or ""
    assert audio_source.startswith("blob:")
    screenshot(page, "2-spoken-request")

    page.set_viewport_size({"width": 390, "height": 844})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone-sized screen"
    screenshot(page, "3-phone")
    offsite = [url for url in fetched if not url.startswith((base_url, "blob:", "data:"))]
    assert not offsite, "the page must work offline"


def test_shopper_cancels_an_order_with_the_yes_button(
    page: Page, base_url: str, shopper_token: str, screenshot: Screenshot
) -> None:
    open_page(page, f"{base_url}/?token={shopper_token}")
    expect(page.get_by_test_id("shopper")).to_contain_text("Signed in")
    expect(page.get_by_test_id("orders")).to_contain_text("pending")

    type_turn(page, "cancel my order", 1)
    type_turn(page, "no longer needed", 2)
    confirm = page.get_by_test_id("confirm")
    expect(confirm).to_be_visible()
    expect(page.get_by_test_id("confirm-text")).to_contain_text("Cancel")
    screenshot(page, "4-confirmation")

    page.get_by_test_id("confirm-yes").click()
    turns_taken(page, 3)
    expect(page.get_by_test_id("reply")).to_contain_text("cancelled")
    expect(confirm).to_be_hidden()
    expect(page.get_by_test_id("orders")).to_contain_text("cancelled")
    screenshot(page, "5-cancelled")


def test_hands_free_hears_an_utterance_on_its_own(page: Page, base_url: str) -> None:
    open_page(page, base_url)
    page.get_by_test_id("hands-free").check()
    expect(page.get_by_test_id("talk")).to_be_disabled()
    turns_taken(page, 1)
    page.get_by_test_id("hands-free").uncheck()
    assert "order" in page.get_by_test_id("transcript").inner_text().lower()


def test_the_page_recovers_from_a_dropped_connection_and_a_lost_session(
    page: Page, base_url: str, screenshot: Screenshot
) -> None:
    open_page(page, base_url)
    dropped: list[str] = []

    def drop_first(route: Route) -> None:
        if not dropped:
            dropped.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/v1/sessions/*/turns", drop_first)
    page.get_by_test_id("say-text").fill("do you have lattes")
    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("banner")).to_contain_text("Connection lost")
    screenshot(page, "6-connection-lost")
    turns_taken(page, 1)
    expect(page.locator("body")).to_have_attribute("data-connection", "up")
    page.unroute("**/v1/sessions/*/turns")

    session = page.locator("body").get_attribute("data-session")
    assert page.request.delete(f"{base_url}/v1/sessions/{session}").status == 204
    type_turn(page, "do you have lattes", 2)
    expect(page.get_by_test_id("notice")).to_contain_text("new one was started")
    expect(page.get_by_test_id("product-card").first).to_be_visible()


def test_a_refused_microphone_says_to_type_instead(page: Page, base_url: str) -> None:
    page.add_init_script(
        "navigator.mediaDevices.getUserMedia = () =>"
        " Promise.reject(new DOMException('denied', 'NotAllowedError'));"
    )
    open_page(page, base_url)
    page.get_by_test_id("talk").click()
    expect(page.get_by_test_id("notice")).to_contain_text("Microphone blocked: type instead")


PICTURE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='8' height='8'/%3E"


def test_product_cards_show_the_stores_image_when_there_is_one(
    page: Page, base_url: str, screenshot: Screenshot
) -> None:
    """The demo store has no images: the turn's answer gets one for its first product."""
    open_page(page, base_url)

    def with_picture(route: Route) -> None:
        response = route.fetch()
        answer = response.json()
        answer["reply"]["data"]["products"][0]["image_url"] = PICTURE
        route.fulfill(response=response, json=answer)

    page.route("**/v1/sessions/*/turns", with_picture)
    type_turn(page, "do you have lattes", 1)
    cards = page.get_by_test_id("product-card")
    expect(cards.first).to_be_visible()
    picture = cards.first.get_by_test_id("product-image")
    expect(picture).to_have_attribute("src", PICTURE)
    expect(picture).to_have_attribute("loading", "lazy")
    expect(picture).to_have_attribute("alt", cards.first.locator("h3").inner_text())
    expect(page.get_by_test_id("product-image")).to_have_count(1)
    screenshot(page, "7-product-image")
    page.set_viewport_size({"width": 390, "height": 844})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "a card's image makes the page scroll sideways"
