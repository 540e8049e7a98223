from piccolo.columns import ForeignKey, OnDelete
from piccolo.table import Table

from backend.activities.tables import Activity
from backend.institutions.tables import Institution


class InspectionVisit(Table):
    """An institution a quality inspection visits."""

    activity = ForeignKey(Activity, null=False, index=True, on_delete=OnDelete.cascade)
    institution = ForeignKey(Institution, null=False, index=True, on_delete=OnDelete.restrict)
    # one row per (activity, institution): unique index inspection_visit_activity_institution
