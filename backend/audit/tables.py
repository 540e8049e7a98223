from piccolo.columns import BigInt, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class AuditEntry(Table):
    """One write, as it happened. `hash` = sha256(prev_hash + the entry's canonical text), so a
    row changed or deleted behind the app's back breaks the chain from there on."""

    seq = BigInt(unique=True)  # 1, 2, 3 ... in chain order
    at = Timestamptz()
    actor = Integer(null=True, default=None)  # user id; None for the CLI and loaders
    action = Varchar(length=40)  # e.g. attendance.saved, record.submitted
    entity = Varchar(length=40)  # activity | attendance | drill_record | ...
    entity_id = Integer(null=True, default=None)
    payload = Text()  # canonical JSON of what was written
    prev_hash = Varchar(length=64)
    hash = Varchar(length=64)
