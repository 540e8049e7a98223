from datetime import datetime

import msgspec


class ActivityOut(msgspec.Struct):
    id: int
    uid: str
    kind: str
    topic: str
    title: str
    starts_at: datetime  # UTC; pages show it in Asia/Shanghai
    ends_at: datetime
    place: str
    status: str
    cancel_reason: str
    unannounced: bool
    host_institution_id: int | None
    host_institution_name: str | None
    host_jurisdiction_id: int | None
    host_jurisdiction_name: str | None
    capacity: int | None
    credit_class: str
    credits: float | None
    invited_count: int
    attended_count: int


class ActivityPage(msgspec.Struct):
    items: list[ActivityOut]
    total: int
    page: int
    page_size: int


class MyActivityOut(msgspec.Struct):
    activity: ActivityOut
    invitation_status: str | None
    attendance_status: str | None
    credits_earned: float | None
