from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="PlanStepsItemRetry")


@_attrs_define
class PlanStepsItemRetry:
    maximum_attempts: int
    initial_interval_seconds: float
    backoff_coefficient: float

    def to_dict(self) -> dict[str, Any]:
        maximum_attempts = self.maximum_attempts

        initial_interval_seconds = self.initial_interval_seconds

        backoff_coefficient = self.backoff_coefficient

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "maximumAttempts": maximum_attempts,
                "initialIntervalSeconds": initial_interval_seconds,
                "backoffCoefficient": backoff_coefficient,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        maximum_attempts = d.pop("maximumAttempts")

        initial_interval_seconds = d.pop("initialIntervalSeconds")

        backoff_coefficient = d.pop("backoffCoefficient")

        plan_steps_item_retry = cls(
            maximum_attempts=maximum_attempts,
            initial_interval_seconds=initial_interval_seconds,
            backoff_coefficient=backoff_coefficient,
        )

        return plan_steps_item_retry
