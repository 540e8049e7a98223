import msgspec


class LoginIn(msgspec.Struct, forbid_unknown_fields=True):
    username: str
    password: str


class SessionOut(msgspec.Struct):
    username: str
    display_name: str
    role: str
    institution_id: int | None
    institution_name: str | None
    jurisdiction_id: int | None
    jurisdiction_name: str | None
    staff_member_id: int | None
    locale: str
    landing: str  # the page this role starts on, e.g. "#/institutions/3"
