"""The compliance matrix as a heatmap image (PNG) with readable Chinese labels.

Rows are institutions (most gaps first), columns rules, each cell coloured by status in the
same hues as the pages. A province has too many institutions for one readable picture: the
image shows the `max_rows` with the most gaps and says so in its title.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

# Stronger than the Excel fills: the picture is read at a glance, often printed.
STATUS_COLOUR = {
    "达标": "#2f9e44",
    "部分达标": "#f2c94c",
    "未达标": "#e03131",
    "待完成": "#f08c00",
    "已计划": "#4c8bf5",
    "不适用": "#dee2e6",
    "暂无数据": "#b197fc",
}
CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "DejaVu Sans"]
_ID_COLUMNS = ("机构", "区县", "未达标项数")


def heatmap_png(matrix: pd.DataFrame, title: str, max_rows: int = 60) -> bytes:
    """Draw `matrix_frame`'s table (already sorted by gaps) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    rules = [c for c in matrix.columns if c not in _ID_COLUMNS]
    shown = matrix.head(max_rows)
    statuses = list(STATUS_COLOUR)
    codes = shown[rules].apply(lambda column: column.map(statuses.index)).to_numpy(dtype=float)
    title = heatmap_title(matrix, title, max_rows)

    # names are text, never mathtext: "$x^{$" in a name must not fail the picture
    style = {"font.family": _installed(CJK_FONTS), "axes.unicode_minus": False}
    with plt.rc_context({**style, "text.parse_math": False}):
        figure, axes = plt.subplots(
            figsize=(max(6.0, 1.0 + 0.55 * len(rules)), max(3.0, 1.8 + 0.28 * len(shown))),
            dpi=110,
        )
        if len(shown):
            axes.imshow(
                codes,
                cmap=ListedColormap(list(STATUS_COLOUR.values())),
                vmin=-0.5,
                vmax=len(statuses) - 0.5,
                aspect="auto",
                interpolation="nearest",
            )
        axes.set_xticks(range(len(rules)), rules, rotation=50, ha="right", fontsize=8)
        axes.set_yticks(range(len(shown)), shown["机构"], fontsize=8)
        axes.set_title(title, fontsize=11)
        axes.tick_params(length=0)
        figure.legend(
            handles=[Patch(color=colour, label=name) for name, colour in STATUS_COLOUR.items()],
            loc="lower center",
            ncol=len(STATUS_COLOUR),
            fontsize=8,
            frameon=False,
        )
        figure.tight_layout(rect=(0, 0.04, 1, 1))
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        plt.close(figure)
    return buffer.getvalue()


def heatmap_title(matrix: pd.DataFrame, title: str, max_rows: int) -> str:
    if len(matrix) <= max_rows:
        return title
    return f"{title}（未达标项最多的 {max_rows} 家，共 {len(matrix)} 家）"


def _installed(families: list[str]) -> list[str]:
    """The families this machine has (Debian: fonts-noto-cjk), so matplotlib does not warn."""
    from matplotlib import font_manager

    known = {font.name for font in font_manager.fontManager.ttflist}
    if not any(family in known for family in families[:-1]):
        # matplotlib's font cache predates the fonts (installed after its first run): add
        # the system's CJK files now rather than draw every Chinese label as an empty box
        for path in font_manager.findSystemFonts():
            if "CJK" in Path(path).name or "wqy" in Path(path).name.lower():
                font_manager.fontManager.addfont(path)
        known = {font.name for font in font_manager.fontManager.ttflist}
    return [family for family in families if family in known] or ["DejaVu Sans"]
