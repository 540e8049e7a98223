"""The words drillbook uses for places: stable ids that appear in data, URLs and reports."""

from enum import StrEnum


class JurisdictionLevel(StrEnum):
    province = "province"
    city = "city"
    county = "county"  # county or city district (县/区)


class InstitutionKind(StrEnum):
    general_hospital = "general_hospital"
    mch_hospital = "mch_hospital"  # 妇幼保健院
    maternity_hospital = "maternity_hospital"
    tcm_hospital = "tcm_hospital"
    township_health_centre = "township_health_centre"


class InstitutionLevel(StrEnum):
    primary = "primary"  # 一级
    secondary = "secondary"  # 二级
    tertiary = "tertiary"  # 三级


class DepartmentKind(StrEnum):
    obstetrics = "obstetrics"
    neonatology = "neonatology"
    paediatrics = "paediatrics"
    emergency = "emergency"
    icu = "icu"
    anaesthesia = "anaesthesia"
    transfusion = "transfusion"
    medical_affairs = "medical_affairs"
    science_education = "science_education"
    nursing = "nursing"
    gynaecology = "gynaecology"
    other = "other"
