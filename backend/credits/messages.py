"""Messages of this concept, by code, in Chinese and English (merged into core/messages.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    # Notes on ledger entries: why an entry earns what it earns.
    "credit_note_present": {"zh": "全程参加，按 {percent}% 计", "en": "attended: {percent}%"},
    "credit_note_late": {"zh": "迟到，按 {percent}% 计", "en": "late: counted at {percent}%"},
    "credit_note_left_early": {
        "zh": "早退，按 {percent}% 计",
        "en": "left early: counted at {percent}%",
    },
    "credit_note_absent": {"zh": "缺席，不计学分", "en": "absent: no credits"},
    "credit_note_excused": {"zh": "请假，不计学分", "en": "excused: no credits"},
    "credit_note_presenter": {
        "zh": "主讲，按本次学分的 {factor} 倍计",
        "en": "presenter: {factor} × the session's credits",
    },
    "credit_note_counted_as_presenter": {
        "zh": "本次已按主讲计分，参加不再重复计",
        "en": "counted as presenter of this session, not again as participant",
    },
    "credit_note_certificate": {
        "zh": "外部学分证书，已确认",
        "en": "external certificate, confirmed",
    },
    "credit_note_by_hours": {
        "zh": "{hours} 学时，每 {per} 学时计 1 学分",
        "en": "{hours} hours, 1 credit per {per} hours",
    },
    "credit_note_activity_cap": {
        "zh": "单个项目最多计 {cap} 学分",
        "en": "at most {cap} credits per project",
    },
    "credit_note_presenting_cap": {
        "zh": "主讲学分每年最多计 {cap} 分，超出部分不计",
        "en": "presenting counts for at most {cap} credits a year; the rest is not counted",
    },
    "credit_note_unclassified": {
        "zh": "学分类别不在现行学分规定中，不计",
        "en": "credit class not in the policy in force: not counted",
    },
    # Errors.
    "credit_year_without_policy": {
        "zh": "{year} 年没有适用的学分规定。",
        "en": "No credit policy applies to {year}.",
    },
    "credit_register_staff_only_own": {
        "zh": "学分登记表只有科教科和上级部门可以查看；您可以查看自己的学分。",
        "en": "Only the education office and supervisors see the credit register; you can see your own credits.",
    },
    "credit_certificate_unknown": {
        "zh": "找不到该学分证书。",
        "en": "That credit certificate does not exist.",
    },
    "credit_certificate_needs_staff_member": {
        "zh": "只有关联了人员档案的账号才能登记学分证书。",
        "en": "Only an account linked to a staff record can submit a credit certificate.",
    },
    "credit_certificate_blank_title": {
        "zh": "请填写证书名称（如培训项目名称）。",
        "en": "Give the certificate's title (e.g. the course name).",
    },
    "credit_certificate_bad_class": {
        "zh": "学分类别请选择 Ⅰ类 或 Ⅱ类。",
        "en": "Choose class I or class II credits.",
    },
    "credit_certificate_bad_credits": {
        "zh": "学分“{value}”无效：请填写 0.5 到 {max} 之间的数字，最多一位小数。",
        "en": "“{value}” is not valid credits: write a number from 0.5 to {max}, at most one decimal.",
    },
    "credit_certificate_bad_date": {
        "zh": "获得日期“{value}”无效，请填写如 2026-03-01 的日期。",
        "en": "“{value}” is not a date: write e.g. 2026-03-01.",
    },
    "credit_certificate_future_date": {
        "zh": "获得日期 {value} 在今天之后。",
        "en": "The date {value} is in the future.",
    },
    "credit_certificate_file_type": {
        "zh": "证书文件须为 JPEG、PNG 图片或 PDF 文件。",
        "en": "The certificate must be a JPEG or PNG picture or a PDF file.",
    },
    "credit_certificate_too_large": {
        "zh": "证书文件太大（上限 {limit_mb} MB）。",
        "en": "The certificate file is too large (limit {limit_mb} MB).",
    },
    "credit_certificate_already_decided": {
        "zh": "该证书已审核过，不能再次审核。",
        "en": "This certificate was already confirmed or rejected; it cannot be decided again.",
    },
    "credit_certificate_reject_needs_note": {
        "zh": "退回证书时请写明原因，方便本人修改后重新提交。",
        "en": "Rejecting a certificate needs a note saying why, so the person can resubmit.",
    },
    "credit_certificate_no_file": {
        "zh": "该证书没有上传文件。",
        "en": "No file was uploaded with this certificate.",
    },
    "credit_status_pending": {"zh": "待审核", "en": "pending"},
    "credit_status_confirmed": {"zh": "已确认", "en": "confirmed"},
    "credit_status_rejected": {"zh": "已退回", "en": "rejected"},
}
