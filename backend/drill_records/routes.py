"""Drill records: create from a held drill, edit the draft, submit, amend, versions, evidence."""

from litestar import Controller


class RecordController(Controller):
    path = "/api/records"
    tags = ["drill records"]


class ActionController(Controller):
    path = "/api/actions"
    tags = ["drill records"]
