"""Messages of paired support (对口支援), by code, in Chinese and English (merged into
core/messages.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    "unknown_agreement": {
        "zh": "找不到该对口支援协议。",
        "en": "That paired-support agreement does not exist.",
    },
    "unknown_clinic_day": {"zh": "找不到该坐诊记录。", "en": "That clinic day does not exist."},
    "agreement_same_institution": {
        "zh": "支援单位和受援单位不能是同一家机构。",
        "en": "The supporting and the supported institution must be different.",
    },
    "agreement_dates": {
        "zh": "协议结束日期（{ends_on}）不能早于开始日期（{starts_on}）。",
        "en": "The agreement's end date ({ends_on}) is before its start date ({starts_on}).",
    },
    "roster_not_staff_of_supporting": {
        "zh": "{name} 不是支援单位（{institution}）的职工，不能列入支援人员名单。",
        "en": "{name} is not on the staff of the supporting institution ({institution}).",
    },
    "roster_title_too_low": {
        "zh": "{name} 的职称为“{title}”，对口支援人员须为{minimum}及以上职称，未能加入名单。",
        "en": '{name} holds the title "{title_en}"; paired-support staff must be '
        "{minimum_en} or above, so they were not added.",
    },
    "roster_full": {
        "zh": "支援人员名单已有 {size} 人，最多 {maximum} 人，请先移出一人。",
        "en": "The roster already has {size} people, at most {maximum} allowed; remove one first.",
    },
    "roster_already_on": {
        "zh": "{name} 已在支援人员名单上。",
        "en": "{name} is already on the roster.",
    },
    "roster_not_on": {
        "zh": "该人员当前不在支援人员名单上。",
        "en": "That person is not on the roster now.",
    },
    "roster_date_outside": {
        "zh": "加入名单的日期（{day}）须在协议期内（{starts_on} 至 {ends_on}）。",
        "en": "The date joined ({day}) must lie within the agreement ({starts_on} to {ends_on}).",
    },
    "clinic_day_outside_agreement": {
        "zh": "坐诊日期 {day} 不在协议期内（{starts_on} 至 {ends_on}），未保存。",
        "en": "The clinic day {day} lies outside the agreement ({starts_on} to {ends_on}); "
        "nothing was saved.",
    },
    "clinic_day_not_on_roster": {
        "zh": "{name} 在 {day} 不在支援人员名单上，不能登记坐诊。",
        "en": "{name} was not on the roster on {day}; the clinic day was not saved.",
    },
    "clinic_day_department": {
        "zh": "坐诊科室须为受援单位（{institution}）的科室。",
        "en": "The department must be one of the supported institution ({institution}).",
    },
    "clinic_day_held_in_future": {
        "zh": "{day} 尚未到来，只能登记为“计划”。",
        "en": "{day} has not come yet; it can only be planned.",
    },
    "clinic_day_supporting_plans_only": {
        "zh": "支援单位只能预先安排坐诊（计划）；已坐诊的由受援单位登记，支援单位确认。",
        "en": "The supporting institution can only plan clinic days; the supported institution "
        "logs held days and the supporting one confirms them.",
    },
    "clinic_day_not_held": {
        "zh": "只有已登记为“已坐诊”的记录才能确认（该记录为：{status}）。",
        "en": "Only a clinic day logged as held can be confirmed (this one is {status}).",
    },
    "clinic_day_already_confirmed": {
        "zh": "该坐诊记录已经确认。",
        "en": "This clinic day has already been confirmed.",
    },
    "clinic_day_cancel_held": {
        "zh": "{day} 的坐诊已登记为“已坐诊”，不能取消；只有计划中的坐诊可以取消。",
        "en": "The clinic day of {day} was logged as held and cannot be cancelled; only planned "
        "days can be.",
    },
    "clinic_day_already_cancelled": {
        "zh": "{day} 的坐诊计划已经取消。",
        "en": "The clinic day planned for {day} has already been cancelled.",
    },
}
