"""One helper tells the fields a PATCH body sent from those it left out."""

import msgspec

from backend.activities.schemas import ActivityPatch
from backend.core.sent_fields import sent_fields
from backend.drill_records.schemas import ActionPatch, RecordPatch
from backend.staff.schemas import StaffPatch


def body(kind, text):
    return msgspec.json.decode(text, type=kind)


def test_a_field_sent_as_null_is_sent_and_one_left_out_is_not():
    patch = body(StaffPatch, '{"department_id": null, "night_shifts": false}')
    assert sent_fields(patch) == {"department_id": None, "night_shifts": False}
    assert sent_fields(body(StaffPatch, "{}")) == {}


def test_sent_fields_can_be_renamed_to_columns_and_limited_to_some_names():
    patch = body(StaffPatch, '{"department_id": 4, "role": "midwife"}')
    assert sent_fields(patch, renames={"department_id": "department"}) == {
        "department": 4,
        "role": "midwife",
    }
    record = body(RecordPatch, '{"problems": "来晚了", "actions": []}')
    assert sent_fields(record, among=("scenario", "problems")) == {"problems": "来晚了"}
    assert sent_fields(record) == {"problems": "来晚了", "actions": []}


def test_an_activity_edit_changes_only_what_was_sent_never_its_options():
    patch = body(ActivityPatch, '{"place": "产房", "topic": null, "scope": "following"}')
    assert patch.changes() == {"place": "产房", "topic": None}


def test_an_action_patch_sends_only_the_status_or_the_follow_up():
    assert sent_fields(body(ActionPatch, '{"follow_up": "已整改"}')) == {"follow_up": "已整改"}
