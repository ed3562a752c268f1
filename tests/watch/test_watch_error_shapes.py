"""Error shapes on real Magento logs: one event written to two files, frames' arguments, apostrophes."""

from __future__ import annotations

from magesupport.watch.fingerprints import frame_shape, normalise_message
from magesupport.watch.shapes import ErrorAggregates
from magesupport.watch.sources.monolog import parse_log_chunk
from magesupport.watch.sources.reader import Chunk

# Magento writes an error to system.log and, with the same microsecond, to debug.log
ERROR = "[2025-07-10T11:37:01.123456+00:00] main.ERROR: Theme's key does not correspond to required format: '<area>/<vendor>/<name>' [] []\n"
OTHER = "[2025-07-10T11:38:00.000000+00:00] main.CRITICAL: Cannot connect to '10.0.0.5' [] []\n"


def _aggregate(*files: tuple[str, str]) -> ErrorAggregates:
    agg = ErrorAggregates()
    for name, text in files:
        agg.add(parse_log_chunk(Chunk(name, 1, text.encode())))
    return agg


def test_an_error_written_to_system_and_debug_log_counts_once():
    one = _aggregate(("system.log", ERROR + OTHER))
    both = _aggregate(("system.log", ERROR + OTHER), ("debug.log", ERROR + OTHER))
    assert [s.count for s in one.shapes()] == [1, 1]
    assert [s.count for s in both.shapes()] == [1, 1]
    assert len(both.sorted_records()) == 2


def test_the_same_error_twice_in_one_file_counts_twice():
    agg = _aggregate(("system.log", ERROR + ERROR))
    assert [s.count for s in agg.shapes()] == [2]


def test_an_apostrophe_inside_a_word_is_text_not_a_quote():
    assert normalise_message("Theme's key does not match: 'frontend/Acme/base'") == (
        "Theme's key does not match: '?'"
    )
    assert normalise_message("Invalid value 'abc' for 'def'") == "Invalid value '?' for '?'"
    assert normalise_message('path "wysiwyg/a.jpg" missing') == "path '?' missing"


def test_frames_lose_their_arguments_not_their_path():
    assert frame_shape("Magento\\Gallery\\GetByPath->execute('wysiwyg/womens/...') (vendor/magento/a.php)") == (
        "Magento\\Gallery\\GetByPath->execute() (vendor/magento/a.php)"
    )
    assert frame_shape("{main} (vendor/a.php)") == "{main} (vendor/a.php)"
    assert frame_shape("f(g(1), 'x')") == "f()"
    assert frame_shape("-") == "-"


def test_one_error_with_different_arguments_is_one_shape():
    lines = "".join(
        f"[2025-07-10T11:3{i}:00+00:00] main.CRITICAL: There is no such media asset with path \"wysiwyg/{p}.jpg\" [] []\n"
        f"#0 /var/www/vendor/magento/module-media-gallery/Model/GetByPath.php(40): "
        f"Magento\\MediaGallery\\Model\\GetByPath->execute('wysiwyg/{p}/...')\n"
        for i, p in enumerate(["womens/wo", "mens/mens", "gear/gear"])
    )
    agg = _aggregate(("exception.log", lines))
    shapes = agg.shapes()
    assert len(shapes) == 1 and shapes[0].count == 3
