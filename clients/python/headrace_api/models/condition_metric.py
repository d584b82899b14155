from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="ConditionMetric")


@_attrs_define
class ConditionMetric:
    kind: Literal["metric"]
    step: str
    metric: str

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        step = self.step

        metric = self.metric

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "step": step,
                "metric": metric,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = cast(Literal["metric"], d.pop("kind"))
        if kind != "metric":
            raise ValueError(f"kind must match const 'metric', got '{kind}'")

        step = d.pop("step")

        metric = d.pop("metric")

        condition_metric = cls(
            kind=kind,
            step=step,
            metric=metric,
        )

        return condition_metric
