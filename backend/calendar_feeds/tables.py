from piccolo.columns import ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

from backend.auth.tables import User
from backend.institutions.tables import Institution


class CalendarFeed(Table):
    """A secret subscription address: /calendar/TOKEN.ics.

    Without an institution it is the user's own schedule; with one, an officer's feed of every
    activity the institution hosts. Rotating revokes the row and issues a new one. The token is
    kept (not hashed) because the page shows the address again; it carries no personal data.
    """

    token = Varchar(length=64, unique=True)
    user = ForeignKey(User, null=False, index=True, on_delete=OnDelete.cascade)
    institution = ForeignKey(Institution, null=True, on_delete=OnDelete.cascade)
    created_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)
