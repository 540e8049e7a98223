"""The shape of a synthetic province: cities of 10 counties of 10 institutions, as demo-city configs.

Each city is a configuration in the demo city's format (seeds/demo/*.toml), so the demo city's
generator staffs it and schedules its activities. Pure and deterministic: names come from
syllable pools by index, not from a random draw.
"""

from __future__ import annotations

import math
from typing import Any

PER_COUNTY = 10
COUNTIES_PER_CITY = 10
_FIRST = "东南西北安平清临长永新兴泰宁和丰昌华云江"
_SECOND = "岚禾溪川阳州桥原林山浦川宁城湖陵"

# A county's institutions: (code suffix, name suffix, kind, level). The first county of each
# city hosts the city's two critical-care centres instead of its first two hospitals.
COUNTY_MIX = [
    ("people", "人民医院", "general_hospital", "secondary"),
    ("mch", "妇幼保健院", "mch_hospital", "secondary"),
    ("tcm", "中医院", "tcm_hospital", "secondary"),
    ("second", "第二人民医院", "general_hospital", "secondary"),
    ("third", "第三人民医院", "general_hospital", "secondary"),
    ("maternity", "妇产医院", "maternity_hospital", "secondary"),
    ("t1", "第一卫生院", "township_health_centre", "primary"),
    ("t2", "第二卫生院", "township_health_centre", "primary"),
    ("t3", "第三卫生院", "township_health_centre", "primary"),
    ("t4", "第四卫生院", "township_health_centre", "primary"),
]
CITY_CENTRES = [
    ("first", "第一人民医院", "general_hospital", "tertiary", ["city_maternal"]),
    ("mch", "妇幼保健院", "mch_hospital", "tertiary", ["city_neonatal"]),
]


def place_name(index: int) -> str:
    return _FIRST[index % len(_FIRST)] + _SECOND[(index // len(_FIRST)) % len(_SECOND)]


def province_cities(
    institutions: int, staff: int, staffing: dict[str, Any]
) -> tuple[dict, list[dict]]:
    """The province row and one demo-city config per city, head counts scaled to `staff`."""
    province = {"code": "sp", "name_zh": "东岚省", "name_en": "Donglan Province (synthetic)"}
    province["profile"] = "national-2021"
    counties_needed = math.ceil(institutions / PER_COUNTY)
    cities = []
    made = 0
    for c in range(math.ceil(counties_needed / COUNTIES_PER_CITY)):
        config = _city(c, staffing)
        for k in range(min(COUNTIES_PER_CITY, counties_needed - c * COUNTIES_PER_CITY)):
            take = min(PER_COUNTY, institutions - made)
            _county(config, c, k, take)
            made += take
        cities.append(config)
    scale = staff / sum(_mean_headcount(i, staffing) for c in cities for i in c["institutions"])
    for config in cities:
        config["headcount"] = {
            level: [round(low * scale), round(high * scale)]
            for level, (low, high) in staffing["headcount"].items()
        }
    return province, cities


def _city(index: int, staffing: dict[str, Any]) -> dict[str, Any]:
    name = place_name(index * 7 + 3)
    return {
        **staffing,
        "city": {"code": f"sp{index:02}", "name_zh": f"{name}市", "name_en": f"City {index}"},
        "counties": [],
        "institutions": [],
        "zones": [],
        # no deliberate imperfections: the codes match no institution
        "imperfections": {
            "missed_asphyxia_drill": {"institution": "-", "quarter": "-"},
            "joint_meeting_without_icu": {"institution": "-", "half": "-"},
            "cancelled_drill": {"institution": "-", "quarter": "-", "topic": "-", "reason": ""},
        },
        "group_scale": 3,
        "drills_per_quarter": 2,
    }


def _county(config: dict[str, Any], city: int, index: int, take: int) -> None:
    code = f"{config['city']['code']}-{index:02}"
    name = place_name(city * COUNTIES_PER_CITY + index) + ("区" if index < 2 else "县")
    config["counties"].append({"code": code, "name_zh": name, "name_en": f"County {code}"})
    mix = [(*m, []) for m in COUNTY_MIX]
    if index == 0:
        mix[:2] = CITY_CENTRES
    for suffix, name_suffix, kind, level, centres in mix[:take]:
        config["institutions"].append(
            {
                "code": f"{code}-{suffix}",
                "name_zh": (config["city"]["name_zh"] if centres else name) + name_suffix,
                "name_en": f"{code} {suffix}",
                "kind": kind,
                "level": level,
                "county": code,
                "centres": centres,
            }
        )


def _mean_headcount(institution: dict[str, Any], staffing: dict[str, Any]) -> float:
    low, high = staffing["headcount"][institution["level"]]
    return (low + high) / 2
