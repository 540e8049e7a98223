from enum import StrEnum


class UserRole(StrEnum):
    admin = "admin"
    officer = "officer"  # education officer of one institution
    staff = "staff"  # a staff member of one institution
    reviewer = "reviewer"  # a city critical-care centre: sees its zone
    commission = "commission"  # a health commission: sees its jurisdiction and below
