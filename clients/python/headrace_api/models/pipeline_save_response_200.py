from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.pipeline_save_response_200_status import (
    PipelineSaveResponse200Status,
    check_pipeline_save_response_200_status,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pipeline_save_response_200_monitor import (
        PipelineSaveResponse200Monitor,
    )


T = TypeVar("T", bound="PipelineSaveResponse200")


@_attrs_define
class PipelineSaveResponse200:
    status: PipelineSaveResponse200Status
    name: str
    version: int
    version_id: UUID
    monitor: PipelineSaveResponse200Monitor | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status: str = self.status

        name = self.name

        version = self.version

        version_id = str(self.version_id)

        monitor: dict[str, Any] | Unset = UNSET
        if not isinstance(self.monitor, Unset):
            monitor = self.monitor.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "name": name,
                "version": version,
                "versionId": version_id,
            }
        )
        if monitor is not UNSET:
            field_dict["monitor"] = monitor

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.pipeline_save_response_200_monitor import (
            PipelineSaveResponse200Monitor,
        )

        d = dict(src_dict)
        status = check_pipeline_save_response_200_status(d.pop("status"))

        name = d.pop("name")

        version = d.pop("version")

        version_id = UUID(d.pop("versionId"))

        _monitor = d.pop("monitor", UNSET)
        monitor: PipelineSaveResponse200Monitor | Unset
        if isinstance(_monitor, Unset):
            monitor = UNSET
        else:
            monitor = PipelineSaveResponse200Monitor.from_dict(_monitor)

        pipeline_save_response_200 = cls(
            status=status,
            name=name,
            version=version,
            version_id=version_id,
            monitor=monitor,
        )

        return pipeline_save_response_200
