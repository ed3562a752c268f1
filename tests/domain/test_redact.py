"""Secrets out of our own messages: every form of a database URL, webhook URL and token."""

import pytest

from magesupport.domain.redact import redact_text, redact_url, redact_webhook

SECRET = "S3CRT-PART2"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"postgresql://shop:{SECRET}@db.example:5432/sla", "postgresql://shop:***@db.example:5432/sla"),
        (
            f"postgresql+psycopg://shop@127.0.0.1:1/db?password={SECRET}",
            "postgresql+psycopg://shop@127.0.0.1:1/db?password=***",
        ),
        (f"postgresql://shop:p@{SECRET}@db/sla", "postgresql://shop:***@db/sla"),  # a password holding "@"
        (f"postgresql://shop:a/b?{SECRET}@db/sla", "postgresql://shop:***@db/sla"),  # holding "/" and "?"
        (
            f"postgresql://db/sla?sslmode=require&sslpassword={SECRET}",
            "postgresql://db/sla?sslmode=require&sslpassword=***",
        ),
        (f"https://hooks.example/x?token={SECRET}&a=1", "https://hooks.example/x?token=***&a=1"),
        (f"https://api.example/v1?access_token={SECRET}#top", "https://api.example/v1?access_token=***#top"),
        ("sqlite:////var/lib/sla.sqlite", "sqlite:////var/lib/sla.sqlite"),
        (f"host=db user=shop password={SECRET} dbname=sla", "host=db user=shop password=*** dbname=sla"),
    ],
)
def test_each_form(url, shown):
    assert redact_url(url) == shown
    assert SECRET not in redact_url(url)


def test_text_with_urls_and_pairs():
    message = (
        f"cannot open the store postgresql+psycopg://shop@127.0.0.1:1/db?password={SECRET}: "
        f"connection refused (dsn: host=127.0.0.1 password={SECRET})"
    )
    shown = redact_text(message)
    assert SECRET not in shown
    assert shown.startswith("cannot open the store postgresql+psycopg://shop@127.0.0.1:1/db?password=***: ")


def test_known_secret_replaced_anywhere():
    assert redact_text(f"token {SECRET} refused", (SECRET,)) == "token *** refused"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://hooks.slack.com/services/T000/B000/XXXXSECRET", "https://hooks.slack.com/***"),
        ("http://user:pw@127.0.0.1:8080/hook", "http://127.0.0.1:8080/***"),
        ("https://alerts.example", "https://alerts.example"),
        ("not a url", "***"),
    ],
)
def test_webhooks(url, shown):
    assert redact_webhook(url) == shown
