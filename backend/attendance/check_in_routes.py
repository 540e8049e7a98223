"""Self check-in by a scanned QR code, and the printable sign-in sheet (签到表) with its import."""

from litestar import Controller


class CheckInController(Controller):
    path = "/api/check-in"
    tags = ["attendance"]
