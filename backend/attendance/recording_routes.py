"""Attendance taken at an activity, replies to invitations, activities awaiting their results."""

from litestar import Controller


class AttendanceController(Controller):
    path = "/api/activities/{activity_id:int}"
    tags = ["attendance"]
