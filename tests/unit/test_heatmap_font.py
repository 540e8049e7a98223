"""The heatmap's Chinese labels are drawn in Noto Sans CJK, even when matplotlib's font cache
predates the font (issue 15: every label an empty box), and a missing font is said in words."""

import warnings
from pathlib import Path

import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib import pyplot as plt

from reports import heatmap
from reports.heatmap import CJKFontMissing, heatmap_figure, heatmap_png

MATRIX = pd.DataFrame(
    {"机构": ["南禾市妇幼保健院", "柳溪县人民医院"], "区县": ["禾城区", "柳溪县"], "未达标项数": [2, 0],
     "产后出血演练": ["gap", "met"], "新生儿窒息复苏演练": ["partly_met", "not_applicable"]}
)  # fmt: skip


@pytest.fixture
def stale_font_cache(monkeypatch):
    """matplotlib's font list as a cache built before fonts-noto-cjk was installed."""
    without_cjk = [font for font in font_manager.fontManager.ttflist if "CJK" not in font.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", without_cjk)
    monkeypatch.setattr(heatmap, "_LOADED", set())
    font_manager.fontManager._findfont_cached.cache_clear()
    yield
    font_manager.fontManager._findfont_cached.cache_clear()


def _font_files_of_labels(figure) -> set[str]:
    axes = figure.axes[0]
    texts = [axes.title, *axes.get_xticklabels(), *axes.get_yticklabels()]
    return {Path(font_manager.findfont(text.get_fontproperties())).name for text in texts}


def test_chinese_labels_use_noto_sans_cjk_even_with_a_font_cache_older_than_the_font(
    stale_font_cache,
):
    figure = heatmap_figure(MATRIX, "南禾市 2025 年合规热力图")
    try:
        assert _font_files_of_labels(figure) == {"NotoSansCJK-Regular.ttc"}
    finally:
        plt.close(figure)


def test_drawing_the_heatmap_with_chinese_labels_warns_about_no_missing_glyph(stale_font_cache):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        image = heatmap_png(MATRIX, "南禾市 2025 年合规热力图")
    assert image.startswith(b"\x89PNG")
    assert [str(w.message) for w in caught if "missing from font" in str(w.message)] == []


def test_a_label_drawn_without_the_cjk_font_fails_the_tests(stale_font_cache):
    """The pyproject filter turns matplotlib's empty-box warning into an error."""
    figure, axes = plt.subplots()
    try:
        axes.set_title("南禾市")
        with pytest.raises(UserWarning, match="missing from font"):
            figure.savefig(Path("/dev/null"), format="png")
    finally:
        plt.close(figure)


def test_without_the_font_the_heatmap_says_which_package_to_install(stale_font_cache, monkeypatch):
    monkeypatch.setattr(heatmap, "CJK_FONT_FILES", (Path("/nonexistent/NotoSansCJK.ttc"),))
    with pytest.raises(CJKFontMissing, match="fonts-noto-cjk"):
        heatmap_png(MATRIX, "南禾市")
