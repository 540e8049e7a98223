from enum import StrEnum


class ActivityKind(StrEnum):
    drill = "drill"  # skills training + rapid-response-team drill; the topic says which
    joint_meeting = "joint_meeting"  # multidisciplinary joint meeting (联席会议)
    cme_session = "cme_session"
    warning_education = "warning_education"  # quality/safety case warning education
    self_assessment = "self_assessment"
    regional_drill = "regional_drill"  # run by a health commission
    staff_exam = "staff_exam"  # full-staff training and exam
    skills_competition = "skills_competition"  # 大练兵
    zone_meeting = "zone_meeting"  # 片区例会, led by a city critical-care centre
    work_meeting = "work_meeting"  # a commission's maternal-safety work meeting
    paired_support_clinic_day = "paired_support_clinic_day"  # 坐诊
    quality_inspection = "quality_inspection"


class DrillTopic(StrEnum):
    pph = "pph"  # postpartum haemorrhage
    neonatal_asphyxia = "neonatal_asphyxia"
    emergency_caesarean = "emergency_caesarean"
    eclampsia = "eclampsia"
    amniotic_fluid_embolism = "amniotic_fluid_embolism"
    shoulder_dystocia = "shoulder_dystocia"
    maternal_resuscitation = "maternal_resuscitation"
    other = "other"


class ActivityStatus(StrEnum):
    planned = "planned"
    held = "held"
    cancelled = "cancelled"


class CreditClass(StrEnum):
    national = "national"
    provincial = "provincial"
    city = "city"
    institution = "institution"
