"""Debian's Chromium driven by Selenium, for tests and the report benchmark.

Nothing here downloads a browser or a driver: both paths are explicit and Selenium
Manager is told to stay offline. Callers skip (tests) or stop (bench) with the reason
``why_not()`` gives when the browser is absent.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("PRISMA_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("PRISMA_CHROMEDRIVER", "/usr/bin/chromedriver"))
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1600,1200",
)


def why_not() -> str:
    """Why the browser tests cannot run here ("" when they can)."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not path.exists():
            return f"{path} is absent: `make test-browser` installs Debian's {package}"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: `make venv` installs the test extra"
    return ""


def start(profile: Path | None = None) -> Any:
    """A fresh headless Chromium with its console and network logged."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never fetch anything
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    profile = profile or Path(tempfile.mkdtemp(prefix="prisma-chromium-"))
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)


def console_errors(driver: Any) -> list[str]:
    """Console messages at level SEVERE since the last call (the log drains as read)."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def requested_urls(driver: Any) -> list[str]:
    """Every URL the page asked the network stack for since the last call."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls
