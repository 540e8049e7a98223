"""Messages of spot-checks, by code, in Chinese and English (merged into core/messages.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    "unknown_sample": {"zh": "找不到该抽查。", "en": "That spot-check sample does not exist."},
    "unknown_draw": {
        "zh": "找不到该抽查记录。",
        "en": "That drawn record does not exist.",
    },
    "spot_check_quarter_invalid": {
        "zh": "“季度”格式不对，应为如 2026-Q3 的季度。",
        "en": "“quarter” must be a quarter such as 2026-Q3.",
    },
    "spot_check_quarter_not_ended": {
        "zh": "{quarter} 尚未结束（{last_day} 结束），季度结束后才能抽查。",
        "en": "{quarter} has not ended yet (it ends on {last_day}); draw the sample once it is over.",
    },
    "spot_check_size_too_small": {
        "zh": "抽查数量至少为 {minimum}：本季度有 {minimum} 家单位提交了演练记录，每家至少抽 1 份。",
        "en": "Draw at least {minimum}: {minimum} institutions submitted drill records this quarter, and each gets at least one draw.",
    },
    "spot_check_sample_exists": {
        "zh": "该片区 {quarter} 已抽查过，抽查结果一经产生不可更改。如需重抽，请在原抽查上“重新抽取”并说明原因。",
        "en": "This zone's {quarter} sample has already been drawn and is fixed. To draw again, redraw it with a reason.",
    },
    "spot_check_redraw_needs_reason": {
        "zh": "请填写重新抽取的原因。",
        "en": "Give the reason for the redraw.",
    },
    "spot_check_sample_superseded": {
        "zh": "该抽查已被重新抽取的结果取代，不能再重抽或点评；请打开最新的抽查。",
        "en": "This sample was replaced by a redraw and can no longer be redrawn or reviewed; open the latest sample.",
    },
    "spot_check_review_locked": {
        "zh": "该点评已提交并锁定，不能再修改。",
        "en": "This review was submitted and is locked.",
    },
    "spot_check_unknown_item": {
        "zh": "检查表中没有“{item}”这一项，请从检查表中选择。",
        "en": "The checklist has no item “{item}”; choose one from the checklist.",
    },
    "spot_check_unknown_answer": {
        "zh": "检查项“{item}”的回答只能是“是”“否”或“不适用”。",
        "en": "Checklist item “{item}” takes yes, no or not applicable.",
    },
    "spot_check_unknown_rating": {
        "zh": "没有“{rating}”这个评级，请选择：{choices_zh}。",
        "en": "There is no rating “{rating}”; choose one of: {choices_en}.",
    },
    "spot_check_review_incomplete": {
        "zh": "还不能提交点评，以下内容未填写：{fields_zh}。",
        "en": "The review cannot be submitted yet; these are missing: {fields_en}.",
    },
}
