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
    "invalid_input": {
        "zh": "提交的数据不完整或格式不对（字段：{fields}）。",
        "en": "The submitted data is incomplete or malformed (fields: {fields}).",
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
}


def render(code: str, lang: str = "zh", /, **params: object) -> str:
    entry = MESSAGES.get(code)
    if entry is None:
        return code
    text = entry.get(lang) or entry["zh"]
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text
