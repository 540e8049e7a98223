from typing import Annotated

import msgspec

MAX_VISITS = 500


class InspectedIn(msgspec.Struct, forbid_unknown_fields=True):
    """The whole list of institutions a quality inspection visits (replaces the stored one)."""

    institution_ids: Annotated[list[int], msgspec.Meta(max_length=MAX_VISITS)]


class InspectedInstitutionOut(msgspec.Struct):
    id: int
    name_zh: str
    name_en: str
    kind: str
    jurisdiction_id: int
    jurisdiction_name_zh: str
    jurisdiction_name_en: str


class InspectedOut(msgspec.Struct):
    activity_id: int
    institutions: list[InspectedInstitutionOut]
    others_count: int  # visited institutions outside the viewer's scope: only counted
    counties_count: int  # distinct counties/districts among the shown institutions
    may_edit: bool
    # the institutions the host may list (for the edit form); empty unless may_edit
    candidates: list[InspectedInstitutionOut] = []
