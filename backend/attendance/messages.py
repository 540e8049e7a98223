"""Messages of this concept, by code, in Chinese and English (merged into core/messages.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- attendance recording, replies, results awaiting confirmation (recording*.py, replies.py) ---
    "attendance_before_start": {
        "zh": "活动还没有开始（{starts} 开始），开始后才能记录出勤。",
        "en": "The activity has not started yet (it starts at {starts}); attendance can be recorded once it has.",
    },
    "attendance_not_on_list": {
        "zh": "人员 {person} 既不在本次活动的邀请名单中，也不是主办单位的职工，不能记录出勤。",
        "en": "{person} is neither on this activity's invitation list nor on the host's staff, so their attendance cannot be recorded.",
    },
    "attendance_listed_twice": {
        "zh": "{person} 在出勤名单中出现了两次，请只保留一行。",
        "en": "{person} appears twice in the attendance list; keep one line.",
    },
    "drill_role_not_for_kind": {
        "zh": "只有演练才能填写演练角色（{person}）。",
        "en": "Drill roles apply to drills only ({person}).",
    },
    "unknown_drill_role": {
        "zh": "无法识别的演练角色“{value}”（{person}）。",
        "en": "“{value}” is not a drill role ({person}).",
    },
    "attendance_note_too_long": {
        "zh": "{person} 的备注太长（最多 {limit} 字）。",
        "en": "The note for {person} is too long (at most {limit} characters).",
    },
    "reply_not_invited": {
        "zh": "您不在本次活动的邀请名单中，无需回复。",
        "en": "You are not on this activity's invitation list, so there is nothing to answer.",
    },
    "reply_needs_staff_member": {
        "zh": "只有关联了人员档案的账号才能回复邀请。",
        "en": "Only an account linked to a staff record can answer an invitation.",
    },
    "reply_needs_reason": {
        "zh": "请假需要填写事由。",
        "en": "Please give a reason for not attending.",
    },
    "reply_after_end": {
        "zh": "活动已经结束，不能再回复。",
        "en": "The activity has ended; it can no longer be answered.",
    },
    "reply_activity_cancelled": {
        "zh": "该活动已取消，无需回复。",
        "en": "This activity was cancelled; there is nothing to answer.",
    },
    # --- self check-in, the sign-in sheet and its import (check_in*.py, sign_in_*.py) ---
    "check_in_code_invalid": {
        "zh": "无法识别这个签到二维码。请扫描活动现场屏幕上的签到二维码。",
        "en": "This check-in code is not valid. Scan the check-in QR code on the screen at the venue.",
    },
    "check_in_code_expired": {
        "zh": "二维码已过期，请扫描现场屏幕上最新的二维码。",
        "en": "This QR code has expired. Scan the latest code on the screen at the venue.",
    },
    "check_in_not_open": {
        "zh": "签到还没开始：{opens_at} 起可以签到（活动 {starts_at} 开始）。",
        "en": "Check-in has not opened yet: it opens at {opens_at} (the activity starts at {starts_at}).",
    },
    "check_in_closed": {
        "zh": "签到已结束：活动已于 {closes_at} 结束。如确实参加了，请联系活动负责人补记。",
        "en": "Check-in is closed: the activity ended at {closes_at}. If you took part, ask the organiser to record you.",
    },
    "check_in_activity_cancelled": {
        "zh": "该活动已取消，无需签到。",
        "en": "This activity was cancelled; there is nothing to check in to.",
    },
    "check_in_not_expected": {
        "zh": "您不在本次活动的参加名单中，也不是主办单位的职工，不能签到。如需参加，请联系活动负责人。",
        "en": "You are not on this activity's list nor on the host's staff, so you cannot check in. Ask the organiser if you should attend.",
    },
    "check_in_already": {
        "zh": "您已于 {time} 签到，无需重复扫码。",
        "en": "You already checked in at {time}; there is no need to scan again.",
    },
    "check_in_already_recorded": {
        "zh": "活动负责人已于 {time} 记录您到场，无需再签到。",
        "en": "The organiser already recorded you as present at {time}; there is no need to check in.",
    },
    "check_in_needs_staff_member": {
        "zh": "只有关联了人员档案的账号才能签到。请用本人的职工账号登录，或请科教科为账号关联人员档案。",
        "en": "Only an account linked to a staff record can check in. Log in with your own staff account, or ask the education office to link your record.",
    },
    "check_in_done": {
        "zh": "签到成功：{title}，签到时间 {time}。",
        "en": "Checked in to {title} at {time}.",
    },
    "check_in_window_open": {
        "zh": "签到进行中，至 {closes_at} 结束。",
        "en": "Check-in is open until {closes_at}.",
    },
    "check_in_window_later": {
        "zh": "签到将于 {opens_at} 开放（活动开始前 {minutes} 分钟）；现在扫码会被拒绝。",
        "en": "Check-in opens at {opens_at} ({minutes} minutes before the start); scans before then are refused.",
    },
    "check_in_window_over": {
        "zh": "签到已于 {closes_at} 结束。未签到的人员请在出勤页面补记，或导入纸质签到表。",
        "en": "Check-in closed at {closes_at}. Record anyone missing on the attendance page, or import the paper sign-in sheet.",
    },
    "sign_in_no_file": {
        "zh": "请选择要上传的签到表文件。",
        "en": "Choose a sign-in sheet file to upload.",
    },
    "sign_in_missing_columns": {
        "zh": "签到表缺少必需的列：{columns}。",
        "en": "The sign-in sheet is missing required columns: {columns}.",
    },
    "sign_in_empty": {
        "zh": "签到表中没有签到记录。",
        "en": "The sign-in sheet has no rows.",
    },
    "sign_in_rejected": {
        "zh": "签到表有 {count} 行有误，未记录任何签到。请修改后重新上传。",
        "en": "{count} rows of the sign-in sheet are wrong; nothing was recorded. Fix them and upload again.",
    },
    "sign_in_unknown_staff_number": {
        "zh": "工号“{value}”不在本次活动的名单中，也不是主办单位的职工。",
        "en": "staff number “{value}” is neither on this activity's list nor on the host's staff.",
    },
    "sign_in_name_mismatch": {
        "zh": "工号“{number}”是“{expected}”，与所填姓名“{value}”不符。",
        "en": "staff number “{number}” belongs to “{expected}”, not “{value}”.",
    },
    "sign_in_duplicate": {
        "zh": "工号“{value}”与第 {first} 行重复。",
        "en": "staff number “{value}” repeats row {first}.",
    },
    "sign_in_bad_time": {
        "zh": "无法识别的签到时间“{value}”（请填写如 08:45 或 {day} 08:45）。",
        "en": "“{value}” is not a time (write e.g. 08:45 or {day} 08:45).",
    },
    "sign_in_time_off_day": {
        "zh": "签到时间 {value} 不在活动当天（{day}）。",
        "en": "the time {value} is not on the day of the activity ({day}).",
    },
    "sign_in_time_in_future": {
        "zh": "签到时间 {value} 还没有到。",
        "en": "the time {value} has not come yet.",
    },
    "sign_in_imported": {
        "zh": "已按签到表记录 {count} 人到场。",
        "en": "{count} people recorded present from the sign-in sheet.",
    },
    "sign_in_checked": {
        "zh": "签到表无误，共 {count} 人；尚未记录（试导入）。",
        "en": "The sign-in sheet is correct: {count} people; nothing recorded yet (dry run).",
    },
    "sign_in_before_start": {
        "zh": "活动还没有开始，不能导入签到表。",
        "en": "The activity has not started yet: a sign-in sheet cannot be imported.",
    },
}
