"""Messages of this concept, by code, in Chinese and English (merged into core/messages.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    # -- drill assessments --
    "assessment_not_present": {
        "zh": "{name}未参加本次演练，不能为其评估能力。只能评估出勤中已到场的人员和演练团队成员；如其确已参加，请先在出勤中登记。",
        "en": "{name} did not attend this drill, so cannot be assessed. Only people marked present and team members can be assessed; if they did take part, record their attendance first.",
    },
    "assessment_unknown_person": {
        "zh": "第 {position} 条能力评估中的人员不是本次演练的参与人员，请从列出的参与人员中选择。",
        "en": "Assessment {position} names someone who is not a participant of this drill; choose from the participants listed.",
    },
    "assessment_not_covered": {
        "zh": "本次演练的主题不评估“{competency}”，请从列出的能力项中选择。",
        "en": "This drill's topic does not assess “{competency_en}”; choose from the competencies listed.",
    },
    "assessment_unknown_competency": {
        "zh": "第 {position} 条能力评估的能力项无法识别，请从列出的能力项中选择。",
        "en": "Assessment {position} names a competency that does not exist; choose from the competencies listed.",
    },
    "assessment_repeated": {
        "zh": "{name}的“{competency}”评估重复出现，每人每项能力只能有一条评估，请删除多余的一条。",
        "en": "{name} is assessed twice on “{competency_en}”; keep one assessment per person and competency.",
    },
    # -- exams and certificates --
    "competency_unknown": {
        "zh": "所选能力项在 {held_on} 适用的胜任力框架中不存在，请从列出的能力项中选择。",
        "en": "The chosen competency is not in the framework in force on {held_on}; choose one from the list.",
    },
    "competency_exam_method_not_allowed": {
        "zh": "“{name_zh}”不能用这种方式考核（笔试或技能站），请换一种考核方式或另选能力项。",
        "en": "“{name_en}” is not assessed this way (written exam or skills station); choose another kind or competency.",
    },
    "competency_exam_in_future": {
        "zh": "考核日期 {held_on} 还没到。请在考核结束后再登记成绩。",
        "en": "The exam date {held_on} is in the future. Record the exam once it has been held.",
    },
    "competency_exam_activity_kind": {
        "zh": "只能关联全员培训考核、技能竞赛（大练兵）或继续教育活动。",
        "en": "Only a staff exam, a skills competition or a CME session can be linked.",
    },
    "competency_exam_unknown": {"zh": "找不到该考核。", "en": "That exam does not exist."},
    "competency_exam_staff": {
        "zh": "考核成绩由机构管理员查看；您本人的成绩请在“我的能力”页面查看。",
        "en": "Exam results are kept by the officer; see your own results on your competency page.",
    },
    "competency_exam_scores_rejected": {
        "zh": "有 {count} 条成绩有误，未保存任何成绩。请修改后重新提交：{problems}",
        "en": "{count} scores are wrong; nothing was saved. Fix them and try again: {problems}",
    },
    "competency_exam_where_row": {"zh": "第 {row} 行", "en": "Row {row}"},
    "competency_exam_where_entry": {"zh": "第 {row} 条", "en": "Entry {row}"},
    "competency_exam_not_eligible": {
        "zh": "该人员不是本院在考核当天在岗的人员",
        "en": "this person was not on the institution's staff on the exam day",
    },
    "competency_exam_unknown_number": {
        "zh": "本院没有工号为“{staff_number}”的人员，请核对工号",
        "en": "no one of this institution has staff number “{staff_number}”; check the number",
    },
    "competency_exam_not_active": {
        "zh": "工号“{staff_number}”的人员在考核日 {held_on} 不在岗",
        "en": "staff number “{staff_number}” was not on the staff on the exam day {held_on}",
    },
    "competency_exam_duplicate_person": {
        "zh": "同一人出现两次（第 {first} 行/条已有其成绩），请删除重复的一行",
        "en": "the same person twice (already on row/entry {first}); remove the repeated one",
    },
    "competency_exam_score_missing": {"zh": "缺少成绩", "en": "the score is missing"},
    "competency_exam_score_not_number": {
        "zh": "成绩“{value}”不是数字",
        "en": "the score “{value}” is not a number",
    },
    "competency_exam_score_out_of_range": {
        "zh": "成绩 {score} 超出范围，应在 0 到 {max} 分之间",
        "en": "the score {score} is out of range; it must be between 0 and {max}",
    },
    "competency_exam_import_no_staff_number": {
        "zh": "缺少工号",
        "en": "the staff number is missing",
    },
    "competency_exam_import_no_file": {
        "zh": "请选择要导入的成绩表（.xlsx 文件）。",
        "en": "Choose the score sheet (.xlsx file) to import.",
    },
    "competency_exam_import_columns": {
        "zh": "成绩表第 {row} 行（表头）须包含“工号”和“成绩”两列，请按模板修改后重新导入。",
        "en": "Row {row} of the sheet (the header) must have the columns 工号 and 成绩; fix it and import again.",
    },
    "competency_exam_import_empty": {
        "zh": "成绩表中没有成绩数据。",
        "en": "The sheet has no scores.",
    },
    "competency_certificate_bad_date": {
        "zh": "日期“{value}”无法识别（{field}），请按 2026-03-01 的格式填写。",
        "en": "The date “{value}” ({field}) is not understood; write it like 2026-03-01.",
    },
    "competency_certificate_issued_in_future": {
        "zh": "发证日期 {issued_on} 还没到，请核对证书上的日期。",
        "en": "The issue date {issued_on} is in the future; check the date on the certificate.",
    },
    "certificate_expires_before_issued": {
        "zh": "有效期至 {expires_on} 早于（或等于）发证日期 {issued_on}，请核对证书上的日期。",
        "en": "The expiry date {expires_on} is not after the issue date {issued_on}; check the dates on the certificate.",
    },
    "competency_certificate_not_accepted": {
        "zh": "“{name_zh}”不接受外部证书，须通过演练或院内考核证明。",
        "en": "“{name_en}” is not proven by an external certificate, only by drills or exams.",
    },
    "competency_certificate_no_file": {
        "zh": "请上传证书的照片或扫描件（JPG、PNG 或 PDF）。",
        "en": "Upload a photo or scan of the certificate (JPG, PNG or PDF).",
    },
    "competency_certificate_unknown": {
        "zh": "找不到该证书。",
        "en": "That certificate does not exist.",
    },
    "competency_certificate_own": {
        "zh": "不能审核本人的证书，请由本院管理员审核。",
        "en": "You cannot decide on your own certificate; the institution's officer does.",
    },
    "competency_certificate_already_decided": {
        "zh": "该证书已审核过，不能再次确认或退回。",
        "en": "This certificate has already been decided.",
    },
    "competency_certificate_reject_needs_note": {
        "zh": "退回证书时请填写原因，以便本人修改后重新提交。",
        "en": "Give a reason when rejecting, so the person can correct it.",
    },
    "competency_certificate_status_pending": {"zh": "待审核", "en": "Pending"},
    "competency_certificate_status_confirmed": {"zh": "已确认", "en": "Confirmed"},
    "competency_certificate_status_rejected": {"zh": "已退回", "en": "Rejected"},
    # -- reading: a person, a department, a commission --
    "competency_due_needs_institution": {
        "zh": "请先选择要邀请人员的机构，再查看能力即将到期的人员。",
        "en": "Choose the institution whose people to invite first.",
    },
    "competency_due_needs_topic": {
        "zh": "请先选择演练主题（或选择一项活动），才能列出相关能力到期的人员。",
        "en": "Choose a drill topic (or an activity) to list the people whose competencies are due.",
    },
    # -- roster: night shifts --
    "roster_bad_night_shifts": {
        "zh": "无法识别“{value}”（夜班一栏请填写 是 或 否，也可填 Y/N、1/0）。",
        "en": "“{value}” is not understood (write 是 or 否 in the night-shift column, or Y/N, 1/0).",
    },
}
