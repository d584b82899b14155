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

from ..models.plan_triggers_item_type_4_metric import (
    PlanTriggersItemType4Metric,
    check_plan_triggers_item_type_4_metric,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="PlanTriggersItemType4")


@_attrs_define
class PlanTriggersItemType4:
    type_: Literal["performance"]
    endpoint: str
    metric: PlanTriggersItemType4Metric
    below: float | Unset = UNSET
    above: float | Unset = UNSET
    min_labelled: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        endpoint = self.endpoint

        metric: str = self.metric

        below = self.below

        above = self.above

        min_labelled = self.min_labelled

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "endpoint": endpoint,
                "metric": metric,
            }
        )
        if below is not UNSET:
            field_dict["below"] = below
        if above is not UNSET:
            field_dict["above"] = above
        if min_labelled is not UNSET:
            field_dict["minLabelled"] = min_labelled

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["performance"], d.pop("type"))
        if type_ != "performance":
            raise ValueError(f"type must match const 'performance', got '{type_}'")

        endpoint = d.pop("endpoint")

        metric = check_plan_triggers_item_type_4_metric(d.pop("metric"))

        below = d.pop("below", UNSET)

        above = d.pop("above", UNSET)

        min_labelled = d.pop("minLabelled", UNSET)

        plan_triggers_item_type_4 = cls(
            type_=type_,
            endpoint=endpoint,
            metric=metric,
            below=below,
            above=above,
            min_labelled=min_labelled,
        )

        return plan_triggers_item_type_4
