"""Messages of rectification, by code, in Chinese and English (merged into core/messages.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    "rectification_unknown_review": {
        "zh": "找不到该抽查点评。",
        "en": "That spot-check review does not exist.",
    },
    "rectification_unknown_order": {
        "zh": "找不到该整改通知。",
        "en": "That rectification order does not exist.",
    },
    "rectification_unknown_answer": {
        "zh": "找不到该整改答复。",
        "en": "That rectification answer does not exist.",
    },
    "rectification_unknown_evidence": {
        "zh": "找不到该整改材料。",
        "en": "That rectification evidence does not exist.",
    },
    "rectification_unknown_zone": {
        "zh": "找不到该片区。",
        "en": "That zone does not exist.",
    },
    "rectification_finding_blank": {
        "zh": "请填写发现的问题（整改内容）。",
        "en": "Write the finding: what must be put right.",
    },
    "rectification_due_not_future": {
        "zh": "整改期限须晚于今天（{today}）。",
        "en": "The due date must be after today ({today}).",
    },
    "rectification_due_too_far": {
        "zh": "整改期限不能超过一年（最晚 {last}）。",
        "en": "The due date may be at most a year ahead (at the latest {last}).",
    },
    "rectification_note_blank": {
        "zh": "请填写整改情况说明。",
        "en": "Write a note on what was done.",
    },
    "rectification_return_needs_note": {
        "zh": "退回整改时请写明原因，让医院知道还需要做什么。",
        "en": "When returning an answer, say why, so the hospital knows what is still needed.",
    },
    "rectification_not_answerable": {
        "zh": "该整改通知现在不能答复：只有待整改或被退回的通知可以答复（已答复的请等待验收，已验收的已关闭）。",
        "en": "This order cannot be answered now: only an open or returned order can (an answered one awaits the reviewer, an accepted one is closed).",
    },
    "rectification_not_decidable": {
        "zh": "该整改通知现在不能验收或退回：只有医院已答复、等待验收的通知可以。",
        "en": "This order cannot be decided now: only an order the hospital has answered can be accepted or returned.",
    },
    "rectification_answer_closed": {
        "zh": "该答复已经审核，不能再添加材料；如被退回，请重新答复。",
        "en": "This answer has been decided; add no more files to it (answer again if returned).",
    },
    "rectification_no_file": {
        "zh": "请选择要上传的照片或文件（JPEG、PNG 或 PDF）。",
        "en": "Choose a photo or file to upload (JPEG, PNG or PDF).",
    },
    "rectification_bad_overdue": {
        "zh": "查询参数“overdue”须为 true 或 false。",
        "en": "Query parameter “overdue” must be true or false.",
    },
}
