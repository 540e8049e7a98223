"""Every message a person may read from the API, in Chinese and English, by code.

Codes are stable (clients and tests match on them); texts may be improved freely.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "internal_error": {
        "zh": "服务器出错了，请稍后再试；如果问题持续，请联系管理员。",
        "en": "Something went wrong on the server. Please try again; if it persists, contact your administrator.",
    },
    "bad_request": {"zh": "请求无效。", "en": "The request is not valid."},
    # --- request validation (backend/core/errors.py): one reason per wrong field ---
    "invalid_input": {
        "zh": "提交的数据有误：{fields}。",
        "en": "The submitted data is not valid: {fields}.",
    },
    "invalid_field": {"zh": "“{field}”{reason}", "en": "“{field}” {reason}"},
    "reason_required": {"zh": "为必填项", "en": "is required"},
    "reason_unknown_field": {"zh": "不是可识别的字段", "en": "is not a known field"},
    "reason_not_a_choice": {"zh": "不是可选的值", "en": "is not one of the allowed values"},
    "reason_too_long": {"zh": "最多 {limit} 个字符", "en": "must be at most {limit} characters"},
    "reason_too_short": {"zh": "至少 {limit} 个字符", "en": "must be at least {limit} characters"},
    "reason_pattern": {"zh": "格式不对", "en": "is not in the expected format"},
    "reason_at_least": {"zh": "不能小于 {limit}", "en": "must be at least {limit}"},
    "reason_above": {"zh": "必须大于 {limit}", "en": "must be greater than {limit}"},
    "reason_at_most": {"zh": "不能大于 {limit}", "en": "must be at most {limit}"},
    "reason_below": {"zh": "必须小于 {limit}", "en": "must be less than {limit}"},
    "reason_datetime": {
        "zh": "应为日期时间，如 2027-03-10T09:00:00+08:00",
        "en": "must be a date and time, e.g. 2027-03-10T09:00:00+08:00",
    },
    "reason_date": {"zh": "应为日期，如 2027-03-10", "en": "must be a date, e.g. 2027-03-10"},
    "reason_time": {"zh": "应为时间，如 09:00", "en": "must be a time, e.g. 09:00"},
    "reason_text": {"zh": "应为文字", "en": "must be text"},
    "reason_integer": {"zh": "应为整数", "en": "must be a whole number"},
    "reason_number": {"zh": "应为数字", "en": "must be a number"},
    "reason_boolean": {"zh": "应为是或否（true/false）", "en": "must be true or false"},
    "reason_list": {"zh": "应为列表", "en": "must be a list"},
    "reason_object": {"zh": "应为一组字段（对象）", "en": "must be an object"},
    "reason_null": {"zh": "应为空", "en": "must be empty"},
    "reason_invalid": {"zh": "的值无效", "en": "is not valid"},
    "number_out_of_range": {
        "zh": "提交的数字超出了允许的范围。",
        "en": "A number in the request is out of range.",
    },
    "malformed_json": {
        "zh": "请求内容不是有效的 JSON。",
        "en": "The request body is not valid JSON.",
    },
    "not_authenticated": {"zh": "请先登录。", "en": "Please log in first."},
    "login_failed": {
        "zh": "用户名或密码不正确。",
        "en": "The username or password is incorrect.",
    },
    "forbidden": {
        "zh": "您的账号没有权限执行此操作。",
        "en": "Your account is not allowed to do this.",
    },
    "not_found": {"zh": "找不到该内容。", "en": "Not found."},
    "method_not_allowed": {"zh": "不支持该操作。", "en": "This operation is not supported."},
    "upload_too_large": {
        "zh": "文件太大（上限 {limit_mb} MB）。",
        "en": "The file is too large (limit {limit_mb} MB).",
    },
    "unsupported_media_type": {
        "zh": "不支持的文件类型。",
        "en": "Unsupported file type.",
    },
    "unknown_jurisdiction": {
        "zh": "找不到行政区划 {id}。",
        "en": "Jurisdiction {id} does not exist.",
    },
    "unknown_institution": {"zh": "找不到机构 {id}。", "en": "Institution {id} does not exist."},
    "unknown_department": {"zh": "找不到科室 {id}。", "en": "Department {id} does not exist."},
    "unknown_staff_member": {
        "zh": "找不到人员 {id}。",
        "en": "Staff member {id} does not exist.",
    },
    "unknown_zone": {"zh": "找不到片区 {id}。", "en": "Zone {id} does not exist."},
    "code_taken": {
        "zh": "编码“{code}”已被使用。",
        "en": "The code “{code}” is already in use.",
    },
    "department_name_taken": {
        "zh": "本机构已有名为“{name}”的科室。",
        "en": "This institution already has a department named “{name}”.",
    },
    "staff_number_taken": {
        "zh": "工号“{staff_number}”在本机构已被使用。",
        "en": "Staff number “{staff_number}” is already used in this institution.",
    },
    "department_of_other_institution": {
        "zh": "科室不属于该机构。",
        "en": "The department belongs to another institution.",
    },
    "parent_level_mismatch": {
        "zh": "上级区划层级不对：{level} 的上级应为 {expected}。",
        "en": "Wrong parent level: a {level} must sit under a {expected}.",
    },
    "institution_needs_county": {
        "zh": "机构必须隶属于县/区。",
        "en": "An institution must belong to a county or district.",
    },
    "end_before_start": {
        "zh": "结束日期不能早于开始日期。",
        "en": "The end date cannot be before the start date.",
    },
    "blank_field": {"zh": "“{field}”不能为空。", "en": "“{field}” cannot be blank."},
    "invalid_query": {
        "zh": "查询参数“{field}”无效。",
        "en": "Query parameter “{field}” is not valid.",
    },
    "roster_rejected": {
        "zh": "名册有 {count} 行有误，未导入任何数据。请修改后重新上传。",
        "en": "{count} rows of the roster are wrong; nothing was imported. Fix them and upload again.",
    },
    "roster_not_spreadsheet": {
        "zh": "文件不是 Excel（.xlsx）或 CSV 文件。",
        "en": "The file is not an Excel (.xlsx) or CSV file.",
    },
    "roster_missing_columns": {
        "zh": "名册缺少必需的列：{columns}。",
        "en": "The roster is missing required columns: {columns}.",
    },
    "roster_empty": {"zh": "名册中没有人员数据。", "en": "The roster has no staff rows."},
    "roster_needs_institution": {
        "zh": "请选择要导入到哪个机构。",
        "en": "Choose the institution to import into.",
    },
    "roster_import_unknown": {"zh": "找不到该导入任务。", "en": "That import does not exist."},
    "year_out_of_range": {
        "zh": "年份须在 {first} 到 {last} 之间。",
        "en": "The year must be between {first} and {last}.",
    },
    "unknown_profile": {
        "zh": "找不到规范配置“{id}”。",
        "en": "Policy profile “{id}” does not exist.",
    },
    "roster_no_file": {"zh": "请选择要上传的名册文件。", "en": "Choose a roster file to upload."},
    "roster_blank": {"zh": "不能为空。", "en": "cannot be blank."},
    "roster_too_long": {"zh": "超过 {limit} 个字符。", "en": "is longer than {limit} characters."},
    "roster_duplicate_staff_number": {
        "zh": "工号“{value}”与第 {first} 行重复。",
        "en": "staff number “{value}” repeats row {first}.",
    },
    "roster_unknown_department": {
        "zh": "本机构没有名为“{value}”的科室（请先在机构页面添加科室，或改正名称）。",
        "en": "this institution has no department named “{value}” (add it first or fix the name).",
    },
    "roster_unknown_title": {
        "zh": "无法识别的职称“{value}”（可填 初级、中级、副高、正高，或 主治医师、主管护师 等）。",
        "en": "unknown professional title “{value}” (use 初级/中级/副高/正高 or e.g. 主治医师).",
    },
    "roster_unknown_position": {
        "zh": "无法从岗位“{value}”判断人员类别（如 产科医师、助产士、护士、麻醉医师）。",
        "en": "cannot tell the role from position “{value}” (e.g. 产科医师, 助产士, 护士, 麻醉医师).",
    },
    "roster_bad_date": {
        "zh": "无法识别的日期“{value}”（请填写如 2024-03-01）。",
        "en": "“{value}” is not a date (write e.g. 2024-03-01).",
    },
    "roster_future_date": {
        "zh": "入职日期 {value} 在今天之后。",
        "en": "the joining date {value} is in the future.",
    },
    "roster_row_error": {
        "zh": "第 {row} 行 {column}：{message}",
        "en": "Row {row}, {column}: {message}",
    },
    "unknown_activity": {"zh": "找不到活动 {id}。", "en": "Activity {id} does not exist."},
    "bad_time": {
        "zh": "时间“{value}”格式不对，应为 YYYY-MM-DDTHH:MM（北京时间），如 2027-03-10T09:00。",
        "en": "The time “{value}” is malformed: use YYYY-MM-DDTHH:MM (Beijing time), e.g. 2027-03-10T09:00.",
    },
    "activity_ends_before_start": {
        "zh": "结束时间必须晚于开始时间。",
        "en": "The end time must be after the start time.",
    },
    "activity_too_long": {
        "zh": "一次活动不能超过 {days} 天；跨多天的培训请按天分别安排。",
        "en": "An activity cannot last more than {days} days; book a longer course day by day.",
    },
    "booking_in_past": {
        "zh": "开始时间已经过去。如果是补录已举办的活动，请勾选“补录已举办的活动”。",
        "en": "The start time is in the past. To record an activity that already took place, tick “record a past activity”.",
    },
    "capacity_below_registrations": {
        "zh": "名额 {capacity} 少于已占用的 {taken} 个席位。",
        "en": "A capacity of {capacity} is below the {taken} seats already taken.",
    },
    "drill_needs_topic": {
        "zh": "演练必须选择主题（如产后出血、新生儿窒息）。",
        "en": "A drill needs a topic (e.g. postpartum haemorrhage, neonatal asphyxia).",
    },
    "topic_not_for_kind": {
        "zh": "只有演练才有演练主题。",
        "en": "Only drills have a drill topic.",
    },
    "only_drills_unannounced": {
        "zh": "只有演练可以设为不预先通知。",
        "en": "Only drills can be unannounced.",
    },
    "activity_needs_one_host": {
        "zh": "请指定一个主办单位：机构或卫生健康委所辖地区，二者选一。",
        "en": "Give exactly one host: an institution or a commission's jurisdiction.",
    },
    "double_booked": {
        "zh": "有 {count} 处时间冲突（人员、场地或主持人重复安排）。如确需安排，请填写理由后再提交。",
        "en": "{count} double booking(s) of a person, room or facilitator. To book anyway, give a reason.",
    },
    "likely_duplicate": {
        "zh": "看起来与已有活动重复：同一主办单位在这段时间已有同类、同主题的活动。请先确认是否已经预约过；如确需再预约，请确认后再提交。",
        "en": "This looks like a duplicate: the same host already has an activity of this kind and topic at an overlapping time. Check it first; to book it again, confirm.",
    },
    "activity_cancelled": {
        "zh": "该活动已取消，不能再修改。",
        "en": "This activity was cancelled and can no longer be changed.",
    },
    "activity_already_held": {
        "zh": "该活动已举办，不能取消。",
        "en": "This activity has already been held and cannot be cancelled.",
    },
    "cancel_needs_reason": {
        "zh": "取消活动需要填写原因。",
        "en": "Cancelling needs a reason.",
    },
    "registration_closed": {
        "zh": "该活动已开始、已举办或已取消，不能再报名或退出。",
        "en": "This activity has started, been held or been cancelled: registration is closed.",
    },
    "registration_not_open": {
        "zh": "该活动不接受自行报名（按邀请参加）。",
        "en": "This activity is by invitation only: it takes no registrations.",
    },
    "already_registered": {
        "zh": "您已在该活动的名单或候补名单中。",
        "en": "You are already on this activity's list or waitlist.",
    },
    "not_registered": {
        "zh": "此人不在该活动的名单中。",
        "en": "This person is not on the activity's list.",
    },
    "needs_staff_member": {
        "zh": "只有关联了人员档案的账号才能报名。",
        "en": "Only an account linked to a staff record can register.",
    },
    "selector_needs_institution": {
        "zh": "按科室、岗位或职称邀请时，须先确定活动的主办方（医疗机构、救治中心或卫健委）。",
        "en": "Inviting by department, role or title needs the activity's host (an institution, a critical-care centre or a health commission).",
    },
    "holiday_file_invalid": {
        "zh": "节假日安排文件有误：{problem}",
        "en": "The holiday schedule file is wrong: {problem}",
    },
    "unknown_calendar_feed": {
        "zh": "找不到该日历订阅地址（可能已被更换）。",
        "en": "This calendar address does not exist (it may have been replaced).",
    },
    "feed_needs_staff_member": {
        "zh": "只有关联了人员档案的账号才有个人日程订阅。",
        "en": "Only an account linked to a staff record has a personal schedule feed.",
    },
    # web security: cross-site writes, request bodies, login throttling (core/csrf.py, auth/)
    "cross_site_request": {
        "zh": "出于安全考虑，已拒绝这个请求：它来自其他网站或页面。请直接在 drillbook 的页面中操作。",
        "en": "For your safety this request was refused: it came from another website or page. Please use drillbook's own pages.",
    },
    "json_body_expected": {
        "zh": "请求内容必须是 JSON（Content-Type: application/json）。",
        "en": "This request must send JSON (Content-Type: application/json).",
    },
    "form_body_expected": {
        "zh": "上传文件须以表单方式提交（Content-Type: multipart/form-data），请在页面上选择文件后上传。",
        "en": "Files must be uploaded as a form (Content-Type: multipart/form-data): choose the file on the page and upload it.",
    },
    "login_throttled": {
        "zh": "登录失败次数过多，请 {minutes} 分钟后再试。",
        "en": "Too many failed logins. Please try again in {minutes} minute(s).",
    },
    "demo_password_refused": {
        "zh": "演示密码不能在正式环境中使用。请联系管理员为您的账号设置新密码。",
        "en": "The demo password cannot be used on a production installation. Ask your administrator to set a new password for your account.",
    },
    # exports, capacity and input hardening (issue 12)
    "date_out_of_range": {
        "zh": "查询参数“{field}”的日期须在 {first} 到 {last} 之间。",
        "en": "The date in query parameter “{field}” must be between {first} and {last}.",
    },
    "profile_not_in_catalogue": {
        "zh": "没有这个规范配置。可选的规范配置：{names_zh}。",
        "en": "There is no such policy profile. The profiles to choose from: {names_en}.",
    },
}


# Each concept keeps its own messages beside its code; codes are unique across all of them.
from backend.attendance.messages import MESSAGES as _attendance  # noqa: E402
from backend.audit.messages import MESSAGES as _audit  # noqa: E402
from backend.auth.messages import MESSAGES as _auth  # noqa: E402
from backend.competencies.messages import MESSAGES as _competencies  # noqa: E402
from backend.credits.messages import MESSAGES as _credits  # noqa: E402
from backend.drill_records.messages import MESSAGES as _drill_records  # noqa: E402
from backend.inspections.messages import MESSAGES as _inspections  # noqa: E402
from backend.paired_support.messages import MESSAGES as _paired_support  # noqa: E402
from backend.rectification.messages import MESSAGES as _rectification  # noqa: E402
from backend.spot_checks.messages import MESSAGES as _spot_checks  # noqa: E402
from backend.staff.messages import MESSAGES as _staff  # noqa: E402
from backend.zones.messages import MESSAGES as _zones  # noqa: E402

for _catalogue in (_attendance, _audit, _competencies, _credits, _drill_records, _inspections,
                   _paired_support, _rectification, _spot_checks, _staff, _zones, _auth):  # fmt: skip
    assert not _catalogue.keys() & MESSAGES.keys(), _catalogue.keys() & MESSAGES.keys()
    MESSAGES.update(_catalogue)


def render(code: str, lang: str = "zh", /, **params: object) -> str:
    entry = MESSAGES.get(code)
    if entry is None:
        return code
    text = entry.get(lang) or entry["zh"]
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text
