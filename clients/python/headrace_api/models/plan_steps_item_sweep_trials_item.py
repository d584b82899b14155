from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.plan_steps_item_sweep_trials_item_config import (
        PlanStepsItemSweepTrialsItemConfig,
    )
    from ..models.plan_steps_item_sweep_trials_item_values import (
        PlanStepsItemSweepTrialsItemValues,
    )


T = TypeVar("T", bound="PlanStepsItemSweepTrialsItem")


@_attrs_define
class PlanStepsItemSweepTrialsItem:
    index: int
    values: PlanStepsItemSweepTrialsItemValues
    config: PlanStepsItemSweepTrialsItemConfig

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        values = self.values.to_dict()

        config = self.config.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "index": index,
                "values": values,
                "config": config,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.plan_steps_item_sweep_trials_item_config import (
            PlanStepsItemSweepTrialsItemConfig,
        )
        from ..models.plan_steps_item_sweep_trials_item_values import (
            PlanStepsItemSweepTrialsItemValues,
        )

        d = dict(src_dict)
        index = d.pop("index")

        values = PlanStepsItemSweepTrialsItemValues.from_dict(d.pop("values"))

        config = PlanStepsItemSweepTrialsItemConfig.from_dict(d.pop("config"))

        plan_steps_item_sweep_trials_item = cls(
            index=index,
            values=values,
            config=config,
        )

        return plan_steps_item_sweep_trials_item
