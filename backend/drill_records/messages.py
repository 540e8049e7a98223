"""Messages of this concept, by code, in Chinese and English (merged into core/messages.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    "unknown_record": {"zh": "找不到该演练记录。", "en": "That drill record does not exist."},
    "record_not_for_activity": {
        "zh": "该活动还没有演练记录。",
        "en": "This activity has no drill record yet.",
    },
    "record_exists": {
        "zh": "该演练已有记录，请打开已有的记录继续填写。",
        "en": "This drill already has a record; open it to continue.",
    },
    "record_needs_held_drill": {
        "zh": "只有已举办的演练才能填写演练记录（请先记录出勤，确认演练已举办）。",
        "en": "Only a drill that has been held can have a record (record attendance first).",
    },
    "record_locked": {
        "zh": "该演练记录已提交并锁定，不能直接修改。如需更改，请提交修订（说明原因），修订将作为新版本保存。",
        "en": "This drill record was submitted and is locked. To change it, file an amendment with a reason; it is kept as a new version.",
    },
    "record_already_submitted": {
        "zh": "该演练记录已经提交。",
        "en": "This drill record has already been submitted.",
    },
    "record_not_submitted": {
        "zh": "记录尚未提交，草稿可直接修改，无需修订。",
        "en": "The record is still a draft: edit it directly, no amendment is needed.",
    },
    "record_incomplete": {
        "zh": "还不能提交，以下内容未填写：{fields}。",
        "en": "Cannot submit yet; these are missing: {fields}.",
    },
    "amendment_needs_reason": {
        "zh": "请填写修订原因。",
        "en": "Give the reason for the amendment.",
    },
    "record_unknown_template": {
        "zh": "本次演练的主题没有这个情景模板，请从列表中选择。",
        "en": "This drill's topic has no such scenario template; choose one from the list.",
    },
    "record_unknown_measure": {
        "zh": "本次演练的主题不记录“{measure}”这项指标。",
        "en": "This drill's topic does not record “{measure}”.",
    },
    "record_timing_negative": {
        "zh": "“{measure}”不能是负数。",
        "en": "“{measure}” cannot be negative.",
    },
    "record_timing_too_long": {
        "zh": "“{measure}”为 {value} 分钟，超过了本次演练的时长（{minutes} 分钟）。",
        "en": "“{measure}” is {value} minutes, longer than the drill itself ({minutes} minutes).",
    },
    "record_yes_no_value": {
        "zh": "“{measure}”只能填“是”或“否”。",
        "en": "“{measure}” takes yes or no.",
    },
    "record_team_not_present": {
        "zh": "{name}不在本次演练的出勤名单中，不能列入演练团队。请先在出勤中登记。",
        "en": "{name} is not on this drill's attendance list, so cannot be on the team. Record the attendance first.",
    },
    "record_team_repeated": {
        "zh": "{name}在演练团队中重复出现。",
        "en": "{name} is listed twice on the team.",
    },
    "action_owner_not_of_host": {
        "zh": "整改措施的负责人必须是主办单位的职工（也可只填写负责人姓名）。",
        "en": "An action's owner must be on the host's staff (or give the owner's name only).",
    },
    "action_needs_owner": {
        "zh": "请为整改措施“{description}”指定负责人。",
        "en": "Give an owner for the action “{description}”.",
    },
    "action_needs_description": {
        "zh": "整改措施需要填写内容。",
        "en": "An action needs a description.",
    },
    "unknown_action": {"zh": "找不到该整改措施。", "en": "That corrective action does not exist."},
    "evidence_no_file": {
        "zh": "请选择要上传的照片或扫描件。",
        "en": "Choose a photo or scanned sheet to upload.",
    },
    "evidence_wrong_type": {
        "zh": "只能上传 JPEG、PNG 图片或 PDF 文件（按文件内容判断，改扩展名无效）。",
        "en": "Only JPEG or PNG images and PDF files can be uploaded (judged from the content, not the name).",
    },
    "unknown_evidence": {"zh": "找不到该附件。", "en": "That attachment does not exist."},
}
