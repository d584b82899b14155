from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.log_page_run_status import LogPageRunStatus, check_log_page_run_status

if TYPE_CHECKING:
    from ..models.log_line import LogLine


T = TypeVar("T", bound="LogPage")


@_attrs_define
class LogPage:
    lines: list[LogLine]
    next_cursor: int | None
    run_status: LogPageRunStatus

    def to_dict(self) -> dict[str, Any]:
        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        next_cursor: int | None
        next_cursor = self.next_cursor

        run_status: str = self.run_status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "lines": lines,
                "nextCursor": next_cursor,
                "runStatus": run_status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.log_line import LogLine

        d = dict(src_dict)
        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = LogLine.from_dict(lines_item_data)

            lines.append(lines_item)

        def _parse_next_cursor(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        next_cursor = _parse_next_cursor(d.pop("nextCursor"))

        run_status = check_log_page_run_status(d.pop("runStatus"))

        log_page = cls(
            lines=lines,
            next_cursor=next_cursor,
            run_status=run_status,
        )

        return log_page
