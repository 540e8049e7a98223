from enum import StrEnum


class StaffRole(StrEnum):
    obstetrician = "obstetrician"
    midwife = "midwife"
    nurse = "nurse"
    neonatologist = "neonatologist"
    paediatrician = "paediatrician"
    anaesthetist = "anaesthetist"
    icu_doctor = "icu_doctor"
    emergency_doctor = "emergency_doctor"
    transfusion_doctor = "transfusion_doctor"
    administrator = "administrator"
    other = "other"


class ProfessionalTitle(StrEnum):
    junior = "junior"  # 初级
    intermediate = "intermediate"  # 中级
    associate_senior = "associate_senior"  # 副高
    senior = "senior"  # 正高
    none = "none"
