"""Version comparison and the bundled release data: patch levels, support phases, PHP support."""

from __future__ import annotations

from datetime import date

import pytest
from audit_support import TODAY, by_rule
from hypothesis import given
from hypothesis import strategies as st

from magesupport.audit.checks.version import support_status, version_findings, version_status
from magesupport.audit.releases import bundled_release_data
from magesupport.audit.versions import magento_key, php_minor, php_version_compare


@pytest.mark.parametrize(
    ("left", "right", "result"),
    [
        ("5.2", "5.10", -1),
        ("1.0rc1", "1.0", -1),
        ("1.0", "1.0.0", -1),
        ("1.0-p1", "1.0", 1),
        ("1.0a", "1.0b", -1),
        ("1.0.0-dev", "1.0.0-alpha", -1),
        ("1.0pl1", "1.0", 1),
        ("2.0.5-p2", "2.0.5-p10", -1),
        ("2.4.6-p10", "2.4.6-p9", 1),
        ("1.0", "1.0", 0),
        ("1-0", "1.0", 0),
        ("1.0.0", "1.0.0-foo", 1),
        ("v2.1.0", "2.1.0", -1),  # PHP does not strip a leading v; callers do
    ],
)
def test_php_version_compare(left, right, result):
    assert php_version_compare(left, right) == result


VERSION = st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,3}){0,3}(-(p|rc|alpha|beta|dev)[0-9]{0,2})?", fullmatch=True)


@given(VERSION, VERSION)
def test_php_version_compare_is_antisymmetric(a, b):
    assert php_version_compare(a, b) == -php_version_compare(b, a)
    assert php_version_compare(a, a) == 0


MAGENTO = st.builds(
    lambda a, b, c, p: f"{a}.{b}.{c}" + (f"-p{p}" if p else ""),
    st.integers(2, 3),
    st.integers(0, 9),
    st.integers(0, 12),
    st.integers(0, 20),
)


@given(MAGENTO, MAGENTO)
def test_magento_key_orders_like_php(a, b):
    key_a, key_b = magento_key(a), magento_key(b)
    expected = (key_a > key_b) - (key_a < key_b)
    assert php_version_compare(a, b) == expected


def test_php_minor():
    assert php_minor("8.1.27") == "8.1"
    assert php_minor("~8.2.0") == "8.2"
    assert php_minor(None) is None
    assert php_minor("eight") is None


def test_bundled_release_data_has_its_source_and_lines():
    data = bundled_release_data()
    assert data.taken == date(2026, 8, 20)
    assert "AdobeDocs/commerce-operations.en" in data.origin
    line = data.line("2.4.6-p3")
    assert line is not None and line.line == "2.4.6"
    assert [r.version for r in line.releases][-2:] == ["2.4.6-p14", "2.4.6-p15"]
    assert data.line("2.4.2-p1").group == "2.4.0-2.4.3"  # grouped key split into lines
    assert data.newest_release().version == "2.4.9"


def test_patches_behind_and_days_for_2_4_6_p3():
    status = version_status(
        "2.4.6-p3", bundled_release_data(), TODAY, "8.1.27", "composer.json", edition="enterprise"
    )
    assert status.support_status == "extended"
    assert status.patches_behind == 12
    assert status.missing[0] == "2.4.6-p4" and status.missing[-1] == "2.4.6-p15"
    # 2.4.6-p4 came out 2024-02-13: 366 (2024 is a leap year) + 365 + 286 days to 2026-11-26
    assert status.days_since_first_missed_patch == 1017
    # 2.4.6-p15 came out 2026-05-12: 19 + 30 + 31 + 31 + 30 + 31 + 26 days
    assert status.days_since_newest_patch == 198
    assert status.end_of_extended_support == date(2027, 8, 31)
    assert status.php_supported_versions == ("8.1", "8.2")
    assert status.php_supported is True


@pytest.mark.parametrize(
    ("version", "status", "behind"),
    [
        ("2.4.7-p10", "supported", 0),
        ("2.4.9", "supported", 0),
        ("2.4.6-p15", "extended", 0),
        ("2.4.5-p14", "security_only", 3),  # extended support for 2.4.5 ended 2026-08-11
        ("2.4.4-p18", "security_only", 0),
        ("2.4.3-p1", "unsupported", 2),
        ("2.3.7-p4", "unsupported", 0),
        ("2.1.6", "unsupported", 12),  # before 2.3 the patches were 2.1.7 ... 2.1.18
    ],
)
def test_support_phases_on_2026_11_26(version, status, behind):
    result = version_status(version, bundled_release_data(), TODAY, None, None, edition="enterprise")
    assert (result.support_status, result.patches_behind) == (status, behind)


def test_support_status_boundaries():
    dates = (date(2026, 8, 11), date(2027, 8, 31), date(2028, 5, 31))
    assert support_status(dates, date(2026, 8, 11)) == "supported"
    assert support_status(dates, date(2026, 8, 12)) == "extended"
    assert support_status(dates, date(2027, 9, 1)) == "security_only"
    assert support_status(dates, date(2028, 6, 1)) == "unsupported"
    assert support_status((None, None, None), date(2028, 6, 1)) == "unknown"


def test_unsupported_php_is_a_high_finding():
    status = version_status("2.4.6-p3", bundled_release_data(), TODAY, "7.4", "--php", edition="enterprise")
    assert status.php_supported is False
    found = [
        f for f in version_findings(status, "composer.lock", 10, TODAY) if f.rule == "version.php-unsupported"
    ]
    assert found and found[0].severity == "high"
    assert "8.1, 8.2" in found[0].detail


def test_support_ending_soon_is_low_at_180_days():
    data = bundled_release_data()
    # 2026-12-02 -> 2027-05-31 (end of regular support of 2.4.7): 29 + 31 + 28 + 31 + 30 + 31 = 180 days
    status = version_status("2.4.7-p10", data, date(2026, 12, 2), None, None, edition="enterprise")
    assert [f.rule for f in version_findings(status, None, None, date(2026, 12, 2))].count(
        "version.support-ending"
    ) == 1
    status = version_status("2.4.7-p10", data, date(2026, 12, 1), None, None, edition="enterprise")
    assert "version.support-ending" not in [
        f.rule for f in version_findings(status, None, None, date(2026, 12, 1))
    ]


def test_patches_behind_severity_follows_the_age_of_the_first_missed_patch():
    data = bundled_release_data()
    # 2.4.8-p5 came out 2026-05-12: 10 days later medium, 31 days later high, 91 days later critical
    for today, severity in (
        (date(2026, 5, 22), "medium"),
        (date(2026, 6, 12), "high"),
        (date(2026, 8, 11), "critical"),
    ):
        status = version_status("2.4.8-p4", data, today, None, None, edition="enterprise")
        found = [f for f in version_findings(status, None, None, today) if f.rule == "version.patches-behind"]
        assert status.patches_behind == 1 and found[0].severity == severity


def test_unknown_and_newer_than_data_versions():
    data = bundled_release_data()
    status = version_status("2.4.10", data, TODAY, None, None, edition="enterprise")
    assert status.support_status == "unknown" and not status.known
    finding = version_findings(status, None, None, TODAY)[0]
    assert finding.rule == "version.unknown" and "refresh" in finding.detail
    assert version_status(None, data, TODAY, None, None, edition="enterprise").support_status == "unknown"


def test_store_report_version_findings(store_report):
    assert store_report.version.installed == "2.4.6-p3"
    assert by_rule(store_report, "version.patches-behind")[0].severity == "critical"
    # the asset store runs Open Source: no extended support, so past 2026-08-11 it is unsupported
    unsupported = by_rule(store_report, "version.unsupported")[0]
    assert unsupported.evidence[0].where() == "composer.lock:171"
    assert unsupported.title == "Magento Open Source 2.4.6 gets no more security fixes"
    assert "with Adobe Commerce only" in unsupported.detail
    assert not by_rule(store_report, "version.extended")


@pytest.mark.parametrize(
    ("version", "edition", "status", "behind", "commerce_only"),
    [
        # 2.4.6: regular support to 2026-08-11, extended (Commerce) to 2027-08-31; no Commerce-only -pN yet
        ("2.4.6-p15", "community", "unsupported", 0, ()),
        ("2.4.6-p15", "enterprise", "extended", 0, ()),
        # 2.4.5: regular support ended 2025-08-12; p15-p17 came out during extended support, for Commerce only
        ("2.4.5-p14", "community", "unsupported", 0, ("2.4.5-p15", "2.4.5-p16", "2.4.5-p17")),
        ("2.4.5-p14", "mage-os", "unsupported", 0, ("2.4.5-p15", "2.4.5-p16", "2.4.5-p17")),
        ("2.4.5-p14", "enterprise", "security_only", 3, ()),
        ("2.4.5-p12", "community", "unsupported", 2, ("2.4.5-p15", "2.4.5-p16", "2.4.5-p17")),
        # 2.4.4: Open Source stopped at 2.4.4-p13 (2025-04-08), p14 onwards are Commerce only
        (
            "2.4.4-p13",
            "community",
            "unsupported",
            0,
            ("2.4.4-p14", "2.4.4-p15", "2.4.4-p16", "2.4.4-p17", "2.4.4-p18"),
        ),
        # lines without extended support are the same for both editions
        ("2.4.7-p9", "community", "supported", 1, ()),
        ("2.3.7-p3", "community", "unsupported", 1, ()),
    ],
)
def test_support_windows_depend_on_the_edition(version, edition, status, behind, commerce_only):
    result = version_status(version, bundled_release_data(), TODAY, None, None, edition=edition)
    assert (result.support_status, result.patches_behind, result.commerce_only_releases) == (
        status,
        behind,
        commerce_only,
    )
    if edition != "enterprise" and commerce_only:
        assert result.latest_in_line == version if behind == 0 else result.missing[-1]
        finding = one_rule(version_findings(result, None, None, TODAY), "version.unsupported")
        assert ", ".join(commerce_only) in finding.detail


def test_open_source_support_ending_warns_that_no_extended_support_follows():
    status = version_status(
        "2.4.7-p10", bundled_release_data(), date(2026, 12, 2), None, None, edition="community"
    )
    finding = one_rule(version_findings(status, None, None, date(2026, 12, 2)), "version.support-ending")
    assert "no extended support" in finding.detail and finding.title.startswith(
        "Regular support for Magento Open"
    )


def one_rule(findings, rule):
    found = [f for f in findings if f.rule == rule]
    assert len(found) == 1, [f.rule for f in findings]
    return found[0]
