from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.plan_steps_item_sweep_select_metric import (
    PlanStepsItemSweepSelectMetric,
    check_plan_steps_item_sweep_select_metric,
)
from ..models.plan_steps_item_sweep_select_mode import (
    PlanStepsItemSweepSelectMode,
    check_plan_steps_item_sweep_select_mode,
)
from ..models.plan_steps_item_sweep_select_stopping import (
    PlanStepsItemSweepSelectStopping,
    check_plan_steps_item_sweep_select_stopping,
)

T = TypeVar("T", bound="PlanStepsItemSweepSelect")


@_attrs_define
class PlanStepsItemSweepSelect:
    metric: PlanStepsItemSweepSelectMetric
    mode: PlanStepsItemSweepSelectMode
    stopping: PlanStepsItemSweepSelectStopping

    def to_dict(self) -> dict[str, Any]:
        metric: str = self.metric

        mode: str = self.mode

        stopping: str = self.stopping

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "metric": metric,
                "mode": mode,
                "stopping": stopping,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        metric = check_plan_steps_item_sweep_select_metric(d.pop("metric"))

        mode = check_plan_steps_item_sweep_select_mode(d.pop("mode"))

        stopping = check_plan_steps_item_sweep_select_stopping(d.pop("stopping"))

        plan_steps_item_sweep_select = cls(
            metric=metric,
            mode=mode,
            stopping=stopping,
        )

        return plan_steps_item_sweep_select
