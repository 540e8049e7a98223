from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar.di import NamedDependency
from litestar.params import QueryParameter

MAX_PAGE_SIZE = 500
# No list reaches a millionth page; the bound keeps the row offset far inside 64 bits.
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class PageRequest:
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def provide_page(
    page: Annotated[int, QueryParameter(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE)] = 50,
) -> PageRequest:
    return PageRequest(page=page, page_size=page_size)


# Route parameter type: `paging: Paging` reads ?page=&page_size= (1-based, at most 500 a page).
Paging = NamedDependency[PageRequest]
