"""The words officers' Excel rosters use, mapped to drillbook's vocabulary. Data, not logic."""

from __future__ import annotations

# column -> the header spellings seen in hospitals' rosters
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名",),
    "staff_number": ("工号", "员工号", "职工号", "人员编号"),
    "department": ("科室", "部门", "所在科室"),
    "position": ("岗位/职务", "岗位", "职务", "岗位职务"),
    "title": ("职称", "专业技术职称"),
    "active_from": ("入职日期", "入职时间", "到岗日期", "参加工作时间"),
    "night_shifts": ("夜班", "值夜班", "是否值夜班"),  # optional
}
REQUIRED = ("name", "staff_number", "department", "position", "title", "active_from")

# the header each column is reported under in error messages
COLUMN_LABELS = {
    "name": "姓名",
    "staff_number": "工号",
    "department": "科室",
    "position": "岗位/职务",
    "title": "职称",
    "active_from": "入职日期",
    "night_shifts": "夜班",
}

# the optional 夜班 column: takes night shifts or not; a blank cell changes nothing
NIGHT_SHIFTS: dict[str, bool] = {
    "是": True,
    "否": False,
    "Y": True,
    "N": False,
    "YES": True,
    "NO": False,
    "1": True,
    "0": False,
}

TITLES: dict[str, str] = {
    "初级": "junior",
    "住院医师": "junior",
    "医师": "junior",
    "医士": "junior",
    "护士": "junior",
    "护师": "junior",
    "助产士": "junior",
    "助产师": "junior",
    "技师": "junior",
    "中级": "intermediate",
    "主治医师": "intermediate",
    "主管护师": "intermediate",
    "主管助产师": "intermediate",
    "主管技师": "intermediate",
    "副高": "associate_senior",
    "副主任医师": "associate_senior",
    "副主任护师": "associate_senior",
    "副主任技师": "associate_senior",
    "正高": "senior",
    "主任医师": "senior",
    "主任护师": "senior",
    "主任技师": "senior",
    "无": "none",
    "无职称": "none",
}

# position words -> role; the first match wins, so specific words come first. Nursing words
# come before department words: a 产科护士 or 新生儿科护士 is a nurse, not a doctor of that ward.
ROLES: tuple[tuple[str, str], ...] = (
    ("助产", "midwife"),
    ("护士", "nurse"),
    ("护师", "nurse"),
    ("护理", "nurse"),
    ("新生儿", "neonatologist"),
    ("儿科", "paediatrician"),
    ("麻醉", "anaesthetist"),
    ("重症", "icu_doctor"),
    ("ICU", "icu_doctor"),
    ("急诊", "emergency_doctor"),
    ("输血", "transfusion_doctor"),
    ("产科", "obstetrician"),
    ("妇产科", "obstetrician"),
    ("管理", "administrator"),
    ("行政", "administrator"),
    ("科员", "administrator"),
    ("干事", "administrator"),
)

# a doctor whose position says only 医师/主任 takes the role of the department they work in
DOCTOR_WORDS = ("医师", "医生", "主任", "大夫")
DOCTOR_BY_DEPARTMENT_KIND = {
    "obstetrics": "obstetrician",
    "gynaecology": "obstetrician",
    "neonatology": "neonatologist",
    "paediatrics": "paediatrician",
    "anaesthesia": "anaesthetist",
    "icu": "icu_doctor",
    "emergency": "emergency_doctor",
    "transfusion": "transfusion_doctor",
}
