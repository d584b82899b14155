from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.dataset_get_response_200_uses_item_direction import (
    DatasetGetResponse200UsesItemDirection,
    check_dataset_get_response_200_uses_item_direction,
)

T = TypeVar("T", bound="DatasetGetResponse200UsesItem")


@_attrs_define
class DatasetGetResponse200UsesItem:
    run_id: UUID
    step_id: str
    direction: DatasetGetResponse200UsesItemDirection
    at: datetime.datetime
    pipeline: str
    run_status: str

    def to_dict(self) -> dict[str, Any]:
        run_id = str(self.run_id)

        step_id = self.step_id

        direction: str = self.direction

        at = self.at.isoformat()

        pipeline = self.pipeline

        run_status = self.run_status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "runId": run_id,
                "stepId": step_id,
                "direction": direction,
                "at": at,
                "pipeline": pipeline,
                "runStatus": run_status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        run_id = UUID(d.pop("runId"))

        step_id = d.pop("stepId")

        direction = check_dataset_get_response_200_uses_item_direction(
            d.pop("direction")
        )

        at = datetime.datetime.fromisoformat(d.pop("at"))

        pipeline = d.pop("pipeline")

        run_status = d.pop("runStatus")

        dataset_get_response_200_uses_item = cls(
            run_id=run_id,
            step_id=step_id,
            direction=direction,
            at=at,
            pipeline=pipeline,
            run_status=run_status,
        )

        return dataset_get_response_200_uses_item
