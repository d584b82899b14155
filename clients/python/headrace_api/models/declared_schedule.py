from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.declared_schedule_overlap import (
    DeclaredScheduleOverlap,
    check_declared_schedule_overlap,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="DeclaredSchedule")


@_attrs_define
class DeclaredSchedule:
    crons: list[str]
    overlap: DeclaredScheduleOverlap
    paused: bool
    timezone: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        crons = self.crons

        overlap: str = self.overlap

        paused = self.paused

        timezone = self.timezone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "crons": crons,
                "overlap": overlap,
                "paused": paused,
            }
        )
        if timezone is not UNSET:
            field_dict["timezone"] = timezone

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        crons = cast(list[str], d.pop("crons"))

        overlap = check_declared_schedule_overlap(d.pop("overlap"))

        paused = d.pop("paused")

        timezone = d.pop("timezone", UNSET)

        declared_schedule = cls(
            crons=crons,
            overlap=overlap,
            paused=paused,
            timezone=timezone,
        )

        return declared_schedule
