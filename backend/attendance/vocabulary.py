from enum import StrEnum


class InvitationStatus(StrEnum):
    invited = "invited"
    registered = "registered"
    waitlisted = "waitlisted"
    withdrawn = "withdrawn"


class AttendanceStatus(StrEnum):
    present = "present"
    late = "late"
    left_early = "left_early"
    absent = "absent"
    excused = "excused"


# Statuses in which a person actually took part (counts for role coverage and credits).
ATTENDED = frozenset({AttendanceStatus.present, AttendanceStatus.late, AttendanceStatus.left_early})


class DrillRole(StrEnum):
    team_leader = "team_leader"
    scribe = "scribe"
    member = "member"
    observer = "observer"
    patient_actor = "patient_actor"


# Invitation statuses that take a seat (count against capacity and appear in calendars).
HOLDS_A_SEAT = frozenset({InvitationStatus.invited, InvitationStatus.registered})
