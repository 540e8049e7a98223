"""CME credit ledger per person and year, certificates, the institution's 学分登记表."""

from litestar import Controller


class CreditController(Controller):
    path = "/api/credits"
    tags = ["credits"]
