from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.plan_steps_item_gate_item_op import (
    PlanStepsItemGateItemOp,
    check_plan_steps_item_gate_item_op,
)

T = TypeVar("T", bound="PlanStepsItemGateItem")


@_attrs_define
class PlanStepsItemGateItem:
    metric: str
    op: PlanStepsItemGateItemOp
    value: float
    source: str

    def to_dict(self) -> dict[str, Any]:
        metric = self.metric

        op: str = self.op

        value = self.value

        source = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "metric": metric,
                "op": op,
                "value": value,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        metric = d.pop("metric")

        op = check_plan_steps_item_gate_item_op(d.pop("op"))

        value = d.pop("value")

        source = d.pop("source")

        plan_steps_item_gate_item = cls(
            metric=metric,
            op=op,
            value=value,
            source=source,
        )

        return plan_steps_item_gate_item
