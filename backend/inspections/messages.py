"""Messages of inspections and of commissions' and centres' duty invitations (merged into
core/messages.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    "institution_selector_needs_duty_host": {
        "zh": "只有卫健委或救治中心主办的活动才能按机构或机构类别邀请；医院自己主办的活动请按科室、岗位或职称邀请本院人员。",
        "en": "Only an activity hosted by a health commission or a critical-care centre can invite by institution or institution kind; a hospital's own activity invites its staff by department, role or title.",
    },
    "institution_outside_host_scope": {
        "zh": "{name}不在本活动主办方的辖区或片区内，不能邀请或检查该机构。",
        "en": "{name_en} is outside the area or zone of this activity's host: it cannot be invited or inspected.",
    },
    "not_an_inspection": {
        "zh": "只有质量检查活动才有受检机构名单。",
        "en": "Only a quality inspection has a list of inspected institutions.",
    },
    "inspection_needs_duty_host": {
        "zh": "受检机构名单只能由主办检查的卫健委或市级救治中心填写；本活动由普通医疗机构主办。",
        "en": "Only the health commission or city critical-care centre running an inspection can list the institutions it visits; this activity is hosted by an ordinary hospital.",
    },
}
