from piccolo.columns import Boolean, ForeignKey, OnDelete, Varchar
from piccolo.table import Table


class Jurisdiction(Table):
    """Province > city > county/district; a health commission sits at each."""

    code = Varchar(length=64, unique=True)
    name_zh = Varchar(length=100)
    name_en = Varchar(length=100, default="")
    level = Varchar(length=16, index=True)
    parent = ForeignKey("self", null=True, on_delete=OnDelete.restrict)
    # Policy profile id in force here; None means inherit from the parent.
    profile = Varchar(length=64, null=True, default=None)


class Institution(Table):
    code = Varchar(length=64, unique=True)
    name_zh = Varchar(length=200)
    # name_zh's pinyin (core.chinese_order.pinyin_text): lists order by it; set by every writer
    name_pinyin = Varchar(length=1000, default="", index=True)
    name_en = Varchar(length=200, default="")
    kind = Varchar(length=32, index=True)
    level = Varchar(length=16)
    jurisdiction = ForeignKey(Jurisdiction, null=False, index=True, on_delete=OnDelete.restrict)
    is_midwifery = Boolean(default=True)
    city_maternal_centre = Boolean(default=False)
    city_neonatal_centre = Boolean(default=False)
    county_maternal_centre = Boolean(default=False)
    county_neonatal_centre = Boolean(default=False)
    address = Varchar(length=300, default="")
    active = Boolean(default=True)


class Zone(Table):
    """A city critical-care centre's zone (分片包干): the institutions it reviews."""

    code = Varchar(length=64, unique=True)
    name_zh = Varchar(length=100)
    name_en = Varchar(length=100, default="")
    lead_institution = ForeignKey(Institution, null=False, index=True, on_delete=OnDelete.restrict)


class ZoneMembership(Table):
    zone = ForeignKey(Zone, null=False, index=True, on_delete=OnDelete.cascade)
    institution = ForeignKey(Institution, null=False, index=True, on_delete=OnDelete.cascade)
    # one row per (zone, institution): unique index zone_membership_zone_institution


class Department(Table):
    institution = ForeignKey(Institution, null=False, index=True, on_delete=OnDelete.restrict)
    kind = Varchar(length=32, index=True)
    name_zh = Varchar(length=100)
    name_en = Varchar(length=100, default="")
    # department names are unique within an institution: unique index department_institution_name
