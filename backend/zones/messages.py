"""Messages of the zone page and the commission's landing page (merged into core/messages.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    "zone_quarter_invalid": {
        "zh": "季度“{value}”无效，请写成“年份-Q季度”，例如 2026-Q3。",
        "en": "Quarter “{value}” is not valid; write the year and quarter, e.g. 2026-Q3.",
    },
}
