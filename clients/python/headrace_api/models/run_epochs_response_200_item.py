from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.run_epochs_response_200_item_epochs_item import (
        RunEpochsResponse200ItemEpochsItem,
    )


T = TypeVar("T", bound="RunEpochsResponse200Item")


@_attrs_define
class RunEpochsResponse200Item:
    run_id: UUID
    step_id: str
    attempts: list[int]
    total: int
    epochs: list[RunEpochsResponse200ItemEpochsItem]

    def to_dict(self) -> dict[str, Any]:
        run_id = str(self.run_id)

        step_id = self.step_id

        attempts = self.attempts

        total = self.total

        epochs = []
        for epochs_item_data in self.epochs:
            epochs_item = epochs_item_data.to_dict()
            epochs.append(epochs_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "runId": run_id,
                "stepId": step_id,
                "attempts": attempts,
                "total": total,
                "epochs": epochs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.run_epochs_response_200_item_epochs_item import (
            RunEpochsResponse200ItemEpochsItem,
        )

        d = dict(src_dict)
        run_id = UUID(d.pop("runId"))

        step_id = d.pop("stepId")

        attempts = cast(list[int], d.pop("attempts"))

        total = d.pop("total")

        epochs = []
        _epochs = d.pop("epochs")
        for epochs_item_data in _epochs:
            epochs_item = RunEpochsResponse200ItemEpochsItem.from_dict(epochs_item_data)

            epochs.append(epochs_item)

        run_epochs_response_200_item = cls(
            run_id=run_id,
            step_id=step_id,
            attempts=attempts,
            total=total,
            epochs=epochs,
        )

        return run_epochs_response_200_item
