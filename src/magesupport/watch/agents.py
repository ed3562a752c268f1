"""User-agent families: automation tools (scripts, headless browsers) and browser families.

A scraper spread over many addresses often keeps one tool or one browser build: the family is what
the cluster detector groups clients by (`detectors/clusters.py`).
"""

from __future__ import annotations

import re

AUTOMATION = re.compile(
    r"(python-requests|python-urllib|python-httpx|aiohttp|httpx|curl|wget|go-http-client|java/|okhttp|"
    r"apache-httpclient|libwww-perl|scrapy|headlesschrome|phantomjs|node-fetch|axios|undici|guzzlehttp|"
    r"ruby|mechanize|playwright|puppeteer|selenium|colly|zgrab|masscan|httpclient|winhttp|powershell)",
    re.IGNORECASE,
)
_BROWSERS = (
    ("edge", re.compile(r"\bEdg(?:e|A|iOS)?/", re.I)),
    ("opera", re.compile(r"\bOPR/|\bOpera\b", re.I)),
    ("samsung", re.compile(r"SamsungBrowser/", re.I)),
    ("firefox", re.compile(r"Firefox/|FxiOS/", re.I)),
    ("chrome", re.compile(r"Chrome/|CriOS/", re.I)),
    ("safari", re.compile(r"Safari/|AppleWebKit/", re.I)),
)


def automation_tool(user_agent: str) -> str | None:
    """The automation tool a user agent names (python-requests, curl, headlesschrome...), or None.
    An empty agent counts as a tool: browsers always send one."""
    if not user_agent.strip() or user_agent.strip() == "-":
        return "no user agent"
    match = AUTOMATION.search(user_agent)
    return match[1].lower() if match else None


def family(user_agent: str) -> str:
    """`automation` for scripts and headless browsers, else the browser family (chrome, safari...)."""
    if automation_tool(user_agent):
        return "automation"
    for name, pattern in _BROWSERS:
        if pattern.search(user_agent):
            return name
    return user_agent.split("/", 1)[0].strip().lower()[:40] or "unknown"
