"""Messages of the logins kept from the pages and the command line (backend/auth/accounts.py)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "unknown_user": {"zh": "找不到该账号。", "en": "That account does not exist."},
    "unknown_username": {"zh": "没有用户 {username}。", "en": "No user {username}."},
    "unknown_institution_code": {
        "zh": "没有编码为 {code} 的机构。",
        "en": "No institution with code {code}.",
    },
    "unknown_jurisdiction_code": {
        "zh": "没有编码为 {code} 的行政区划。",
        "en": "No jurisdiction with code {code}.",
    },
    "login_fields_invalid": {
        "zh": "账号信息不合规（用户名只能用字母、数字和 _.@-）：{problem}",
        "en": "The account details are not valid (a username uses letters, digits and _.@-): {problem}",
    },
    "username_taken": {
        "zh": "用户名“{username}”已被使用，请换一个。",
        "en": "The username “{username}” is already taken; choose another.",
    },
    "password_too_short": {
        "zh": "密码至少 {limit} 个字符。",
        "en": "The password needs at least {limit} characters.",
    },
    "password_is_demo": {
        "zh": "不能使用演示密码，请另设一个密码。",
        "en": "The demo password cannot be used; choose another password.",
    },
    "role_needs_institution": {
        "zh": "该角色的账号须属于一个机构，请选择机构。",
        "en": "An account of this role belongs to an institution: choose one.",
    },
    "role_needs_jurisdiction": {
        "zh": "卫健委账号须属于一个行政区划，请选择行政区划。",
        "en": "A health commission account belongs to a jurisdiction: choose one.",
    },
    "role_takes_no_place": {
        "zh": "该角色的账号不能同时指定{place}。",
        "en": "An account of this role cannot also name {place_en}.",
    },
    "staff_number_required": {
        "zh": "医务人员账号须填写工号，以关联到本人的人员档案。",
        "en": "A staff account needs the staff number that links it to the person's record.",
    },
    "unknown_staff_number": {
        "zh": "该机构没有工号为“{staff_number}”的人员。请先在人员名册中添加此人。",
        "en": "This institution has no staff member with number “{staff_number}”. Add the person to the roster first.",
    },
    "staff_member_has_login": {
        "zh": "工号“{staff_number}”的人员已有账号（{username}）。",
        "en": "The staff member with number “{staff_number}” already has an account ({username}).",
    },
}
