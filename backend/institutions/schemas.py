from typing import Annotated

import msgspec

from backend.institutions.vocabulary import (
    DepartmentKind,
    InstitutionKind,
    InstitutionLevel,
    JurisdictionLevel,
)
from backend.rules.validity import ProfileValidityOut

# Names and titles are one line of text: no control characters (tab, line breaks, bell, escape),
# which also keeps them writable into the Excel reports. `(?![\s\S])` is the very end: `$` would
# let one trailing line break through.
ONE_LINE = r"^[^\x00-\x1f\x7f]*(?![\s\S])"
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=ONE_LINE)]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
UNSET = msgspec.UNSET
Unset = msgspec.UnsetType


class JurisdictionIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Code
    name_zh: Name
    level: JurisdictionLevel
    parent_id: int | None = None
    name_en: str = ""
    profile: str | None = None


class JurisdictionPatch(msgspec.Struct, forbid_unknown_fields=True):
    name_zh: Name | Unset = UNSET
    name_en: str | Unset = UNSET
    profile: str | None | Unset = UNSET


class JurisdictionOut(msgspec.Struct):
    id: int
    code: str
    name_zh: str
    name_en: str
    level: str
    parent_id: int | None
    profile: str | None
    institution_count: int
    # The profile in force here (own or inherited) and its validity: on a jurisdiction's own page.
    profile_in_force: ProfileValidityOut | None = None


class InstitutionIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Code
    name_zh: Name
    kind: InstitutionKind
    level: InstitutionLevel
    jurisdiction_id: int
    name_en: str = ""
    is_midwifery: bool = True
    city_maternal_centre: bool = False
    city_neonatal_centre: bool = False
    county_maternal_centre: bool = False
    county_neonatal_centre: bool = False
    address: str = ""


class InstitutionPatch(msgspec.Struct, forbid_unknown_fields=True):
    name_zh: Name | Unset = UNSET
    name_en: str | Unset = UNSET
    kind: InstitutionKind | Unset = UNSET
    level: InstitutionLevel | Unset = UNSET
    jurisdiction_id: int | Unset = UNSET
    is_midwifery: bool | Unset = UNSET
    city_maternal_centre: bool | Unset = UNSET
    city_neonatal_centre: bool | Unset = UNSET
    county_maternal_centre: bool | Unset = UNSET
    county_neonatal_centre: bool | Unset = UNSET
    address: str | Unset = UNSET
    active: bool | Unset = UNSET


class InstitutionOut(msgspec.Struct):
    id: int
    code: str
    name_zh: str
    name_en: str
    kind: str
    level: str
    jurisdiction_id: int
    jurisdiction_name: str
    is_midwifery: bool
    city_maternal_centre: bool
    city_neonatal_centre: bool
    county_maternal_centre: bool
    county_neonatal_centre: bool
    address: str
    active: bool
    zone_ids: list[int]
    staff_count: int


class InstitutionPage(msgspec.Struct):
    items: list[InstitutionOut]
    total: int
    page: int
    page_size: int


class DepartmentIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: DepartmentKind
    name_zh: Name
    name_en: str = ""


class DepartmentPatch(msgspec.Struct, forbid_unknown_fields=True):
    kind: DepartmentKind | Unset = UNSET
    name_zh: Name | Unset = UNSET
    name_en: str | Unset = UNSET


class DepartmentOut(msgspec.Struct):
    id: int
    institution_id: int
    kind: str
    name_zh: str
    name_en: str
    staff_count: int


class ZoneOut(msgspec.Struct):
    id: int
    code: str
    name_zh: str
    name_en: str
    lead_institution_id: int
    lead_institution_name: str
    institution_ids: list[int]
