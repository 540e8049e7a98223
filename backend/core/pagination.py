from __future__ import annotations

from dataclasses import dataclass

from litestar.params import Parameter

MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class PageRequest:
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def provide_page(
    page: int = Parameter(query="page", ge=1, default=1),
    page_size: int = Parameter(query="page_size", ge=1, le=MAX_PAGE_SIZE, default=50),
) -> PageRequest:
    return PageRequest(page=page, page_size=page_size)
