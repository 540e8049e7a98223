"""Attendance taken at an activity, replies to invitations, self check-in."""

from litestar import Controller


class AttendanceController(Controller):
    path = "/api/activities/{activity_id:int}"
    tags = ["attendance"]


class CheckInController(Controller):
    path = "/api/check-in"
    tags = ["attendance"]
