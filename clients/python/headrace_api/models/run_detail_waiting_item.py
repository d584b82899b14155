from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="RunDetailWaitingItem")


@_attrs_define
class RunDetailWaitingItem:
    task_queue: str
    steps: list[str]
    message: str

    def to_dict(self) -> dict[str, Any]:
        task_queue = self.task_queue

        steps = self.steps

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "taskQueue": task_queue,
                "steps": steps,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        task_queue = d.pop("taskQueue")

        steps = cast(list[str], d.pop("steps"))

        message = d.pop("message")

        run_detail_waiting_item = cls(
            task_queue=task_queue,
            steps=steps,
            message=message,
        )

        return run_detail_waiting_item
