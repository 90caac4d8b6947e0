"""The website chat in a real browser: Debian's chromium, driven by selenium through
chromedriver, against the real app served on loopback (in a thread of its own, since
selenium waits by blocking). Skipped where no chromium or chromedriver is installed
(`apt-get install chromium chromium-driver`)."""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot.desk.desk import StaffInput
from tests.conftest import rows
from tests.test_web_chat import PHOTO, STAFF, Site, _site

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

T = TypeVar("T")
MENU = "اختر زرًّا، أو اكتب ما تحتاجه."
WAIT = 60.0
"""Seconds a condition on the page may take before the test fails."""
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="no chromium/chromedriver here (apt-get install chromium chromium-driver)",
)
_LAST_BOT = (
    "const said = document.querySelectorAll('#log .bubble.bot');"
    "return said.length ? said[said.length - 1].textContent : '';"
)
"""The bot's latest message, its buttons' labels included."""


class Served:
    """The bot serving the website chat on loopback, from a thread with its own loop."""

    def __init__(self, db: Path) -> None:
        self._db = db
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._failure: BaseException | None = None
        self.site: Site | None = None
        self._thread = threading.Thread(target=self._serve, name="web chat", daemon=True)

    def __enter__(self) -> Served:
        self._thread.start()
        assert self._ready.wait(WAIT), "the bot did not start"
        if self._failure:
            raise self._failure
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._loop and self._stop:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(WAIT)

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        """Run `work` in the bot's loop; its result."""
        assert self._loop
        return asyncio.run_coroutine_threadsafe(work, self._loop).result(WAIT)

    @property
    def root(self) -> str:
        assert self.site
        return str(self.site.client.base_url).rstrip("/")

    def _serve(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as failure:  # told to the test, which is waiting for the start
            self._failure = failure
            self._ready.set()

    async def _main(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        async for site in _site(self._db):
            self.site = site
            self._ready.set()
            await self._stop.wait()


@pytest.fixture
def served(db_path: Path) -> Iterator[Served]:
    with Served(db_path) as running:
        yield running


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=412,915")  # a phone
    # The browser keeps the real clock: libfaketime (make test-any-day) hangs chromium.
    real = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and "FAKETIME" not in k}
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER or "", env=real))
    try:
        yield driver
    finally:
        driver.quit()


def _wait(browser: WebDriver) -> WebDriverWait[WebDriver]:
    return WebDriverWait(browser, WAIT)


def _last(browser: WebDriver) -> str:
    return str(browser.execute_script(_LAST_BOT))


def _until_said(browser: WebDriver, words: str) -> str:
    """Wait until the bot's latest message contains `words`; that message."""
    _wait(browser).until(lambda seen: words in _last(seen), f"the bot to say «{words}»")
    return _last(browser)


def _press(browser: WebDriver, label: str, then: str) -> None:
    """Press the live button `label`, then wait for the bot to say `then`."""
    button = (By.XPATH, f"//main//button[not(@disabled) and normalize-space(.)='{label}']")
    _wait(browser).until(expected_conditions.element_to_be_clickable(button)).click()
    _until_said(browser, then)


def _type(browser: WebDriver, text: str, then: str) -> None:
    """Type `text` and Enter, then wait for the bot to say `then`."""
    box = browser.find_element(By.ID, "text")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)
    _until_said(browser, then)


def test_a_request_a_staff_reply_a_reload_and_a_complaint_in_the_browser(
    served: Served, browser: WebDriver, db_path: Path, tmp_path: Path
) -> None:
    browser.get(f"{served.root}/chat")
    _until_said(browser, MENU)
    root = browser.find_element(By.TAG_NAME, "html")
    assert (root.get_attribute("lang"), root.get_attribute("dir")) == ("ar", "rtl")
    assert browser.title == "جمعية مشكاة للخدمات التعليمية والتثقيفية"
    _press(browser, "تقديم طلب", "أوافق")
    _press(browser, "أوافق", "السؤال 1 من")
    _press(browser, "مستلزمات وأدوات دراسية", "السؤال 2 من")
    answers = ["نورة محمد السالم", "١٠٠٠٠٠٠٠٠٨", "٠٥٥١٢٣٤٥٦٧", "بريدة", "تخطي", "٥", "٣٥٠٠", "تخطي"]
    for number, answer in enumerate(answers, 3):
        _type(browser, answer, f"السؤال {number} من")
    _type(browser, "تخطي", "فضلًا راجع بياناتك:")
    _press(browser, "✅ البيانات صحيحة", "أقر")
    _press(browser, "أقر وأوافق", "رقم الطلب: ")
    [(ref,)] = rows(db_path, "SELECT ref FROM tickets")
    assert f"رقم الطلب: {ref}" in _last(browser)

    question = "نحتاج صورة من آخر فاتورة كهرباء"
    assert served.site
    served.run(served.site.app.desk.relay(StaffInput(STAFF, question, ticket=ref)))
    _until_said(browser, question)  # live: the page asked for nothing

    _type(browser, "القائمة", MENU)
    _press(browser, "تقديم شكوى", "أوافق")
    _press(browser, "أوافق", "السؤال 1 من 5")
    _press(browser, "الخدمة المقدمة", "السؤال 2 من 5")
    shown = len(browser.find_elements(By.CSS_SELECTOR, "#log .bubble"))
    browser.refresh()
    _until_said(browser, "السؤال 2 من 5")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#log .bubble")) == shown
    _type(browser, "تأخر الرد على طلبي أكثر من شهر", "السؤال 3 من 5")
    photo = tmp_path / "receipt.jpg"
    photo.write_bytes(PHOTO)
    browser.find_element(By.ID, "file").send_keys(str(photo))
    _until_said(browser, "وصلني (1)")
    _press(browser, "تم", "السؤال 4 من 5")
    _press(browser, "تخطي", "السؤال 5 من 5")
    _press(browser, "نعم", "فضلًا راجع بياناتك:")
    _press(browser, "✅ البيانات صحيحة", "رقم الشكوى: ")
    kinds = rows(db_path, "SELECT kind, channel FROM tickets ORDER BY created_at")
    assert kinds == [("request", "web"), ("complaint", "web")]
    [(kept,)] = rows(db_path, "SELECT path FROM kept_files")
    assert (db_path.parent / kept).read_bytes() == PHOTO
