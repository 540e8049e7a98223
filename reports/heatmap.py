"""The compliance matrix as a heatmap image (PNG) with readable Chinese labels.

Rows are institutions (most gaps first), columns rules, each cell coloured by status in the
same hues as the pages. A province has too many institutions for one readable picture: the
image shows the `max_rows` with the most gaps and says so in its title.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from backend.compliance.labels import status_label
from reports.compliance import MATRIX_ID_COLUMNS as _ID_COLUMNS

# By status code (the matrix frame's cells); stronger than the Excel fills: the picture is read
# at a glance, often printed. The legend says the pages' words (backend.compliance.labels).
STATUS_COLOUR = {
    "met": "#2f9e44",
    "partly_met": "#f2c94c",
    "gap": "#e03131",
    "due_soon": "#f08c00",
    "planned": "#4c8bf5",
    "not_applicable": "#dee2e6",
    "no_data": "#b197fc",
}
# Chinese labels are drawn in Noto Sans CJK SC, loaded from its file on every start: matplotlib's
# font cache is built on its first run and does not see fonts installed later (Debian's
# fonts-noto-cjk after matplotlib), which drew every Chinese label as an empty box.
CJK_FAMILY = "Noto Sans CJK SC"
CJK_FONT_FILES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),  # Debian, Ubuntu
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),  # Arch
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),  # Fedora
)
_LOADED: set[Path] = set()


class CJKFontMissing(RuntimeError):
    """No Noto Sans CJK on this machine: the picture would show empty boxes for Chinese."""


def heatmap_png(matrix: pd.DataFrame, title: str, max_rows: int = 60) -> bytes:
    """Draw `matrix_frame`'s table (already sorted by gaps) as a PNG."""
    from matplotlib import pyplot as plt

    figure = heatmap_figure(matrix, title, max_rows)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()


def heatmap_figure(matrix: pd.DataFrame, title: str, max_rows: int = 60):
    """The heatmap as a matplotlib figure (the caller closes it)."""
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
    style = {"font.family": [cjk_family(), "DejaVu Sans"], "axes.unicode_minus": False}
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
            handles=[
                Patch(color=colour, label=status_label(status))
                for status, colour in STATUS_COLOUR.items()
            ],
            loc="lower center",
            ncol=len(STATUS_COLOUR),
            fontsize=8,
            frameon=False,
        )
        figure.tight_layout(rect=(0, 0.04, 1, 1))
    return figure


def heatmap_title(matrix: pd.DataFrame, title: str, max_rows: int) -> str:
    if len(matrix) <= max_rows:
        return title
    return f"{title}（未达标项最多的 {max_rows} 家，共 {len(matrix)} 家）"


def cjk_family() -> str:
    """Add Noto Sans CJK to matplotlib from its file (once per process) and name its family.

    Loading the file by path means a font cache older than the fonts cannot matter. Raises
    CJKFontMissing, saying which package to install, when the file is nowhere to be found and
    matplotlib does not know the family either."""
    from matplotlib import font_manager

    for path in CJK_FONT_FILES:
        if path.is_file():
            if path not in _LOADED:
                font_manager.fontManager.addfont(str(path))
                _LOADED.add(path)
            return CJK_FAMILY
    if any(font.name == CJK_FAMILY for font in font_manager.fontManager.ttflist):
        return CJK_FAMILY  # installed elsewhere and already known to matplotlib
    raise CJKFontMissing(
        "热力图需要中文字体 Noto Sans CJK（Debian/Ubuntu：sudo apt-get install fonts-noto-cjk，"
        "scripts/start 会自动安装），否则中文标签会显示为空白方框。"
        f"The heatmap needs the Noto Sans CJK font ({CJK_FONT_FILES[0]}): install fonts-noto-cjk."
    )
