from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.log_line_level import LogLineLevel, check_log_line_level

T = TypeVar("T", bound="LogLine")


@_attrs_define
class LogLine:
    id: int
    step_id: str
    attempt: int
    at: datetime.datetime
    level: LogLineLevel
    message: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        step_id = self.step_id

        attempt = self.attempt

        at = self.at.isoformat()

        level: str = self.level

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "stepId": step_id,
                "attempt": attempt,
                "at": at,
                "level": level,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        step_id = d.pop("stepId")

        attempt = d.pop("attempt")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        level = check_log_line_level(d.pop("level"))

        message = d.pop("message")

        log_line = cls(
            id=id,
            step_id=step_id,
            attempt=attempt,
            at=at,
            level=level,
            message=message,
        )

        return log_line
