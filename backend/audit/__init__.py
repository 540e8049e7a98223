"""The audit log: every write to activities, attendance, records, actions, evidence and credits
appends an entry carrying the hash of the one before; `drillbook audit verify` walks it."""
