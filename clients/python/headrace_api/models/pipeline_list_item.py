from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.declared_schedule import DeclaredSchedule


T = TypeVar("T", bound="PipelineListItem")


@_attrs_define
class PipelineListItem:
    id: UUID
    name: str
    description: None | str
    updated_at: datetime.datetime
    latest_version: int | None
    schedule: DeclaredSchedule | None

    def to_dict(self) -> dict[str, Any]:
        from ..models.declared_schedule import DeclaredSchedule

        id = str(self.id)

        name = self.name

        description: None | str
        description = self.description

        updated_at = self.updated_at.isoformat()

        latest_version: int | None
        latest_version = self.latest_version

        schedule: dict[str, Any] | None
        if isinstance(self.schedule, DeclaredSchedule):
            schedule = self.schedule.to_dict()
        else:
            schedule = self.schedule

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "updatedAt": updated_at,
                "latestVersion": latest_version,
                "schedule": schedule,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.declared_schedule import DeclaredSchedule

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        def _parse_latest_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        latest_version = _parse_latest_version(d.pop("latestVersion"))

        def _parse_schedule(data: object) -> DeclaredSchedule | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                schedule_type_0 = DeclaredSchedule.from_dict(data)

                return schedule_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeclaredSchedule | None, data)

        schedule = _parse_schedule(d.pop("schedule"))

        pipeline_list_item = cls(
            id=id,
            name=name,
            description=description,
            updated_at=updated_at,
            latest_version=latest_version,
            schedule=schedule,
        )

        return pipeline_list_item
