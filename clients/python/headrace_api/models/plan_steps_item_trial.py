from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.plan_steps_item_trial_metric import (
    PlanStepsItemTrialMetric,
    check_plan_steps_item_trial_metric,
)
from ..models.plan_steps_item_trial_mode import (
    PlanStepsItemTrialMode,
    check_plan_steps_item_trial_mode,
)
from ..models.plan_steps_item_trial_stopping import (
    PlanStepsItemTrialStopping,
    check_plan_steps_item_trial_stopping,
)

T = TypeVar("T", bound="PlanStepsItemTrial")


@_attrs_define
class PlanStepsItemTrial:
    of: str
    index: int
    count: int
    metric: PlanStepsItemTrialMetric
    mode: PlanStepsItemTrialMode
    stopping: PlanStepsItemTrialStopping

    def to_dict(self) -> dict[str, Any]:
        of = self.of

        index = self.index

        count = self.count

        metric: str = self.metric

        mode: str = self.mode

        stopping: str = self.stopping

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "of": of,
                "index": index,
                "count": count,
                "metric": metric,
                "mode": mode,
                "stopping": stopping,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        of = d.pop("of")

        index = d.pop("index")

        count = d.pop("count")

        metric = check_plan_steps_item_trial_metric(d.pop("metric"))

        mode = check_plan_steps_item_trial_mode(d.pop("mode"))

        stopping = check_plan_steps_item_trial_stopping(d.pop("stopping"))

        plan_steps_item_trial = cls(
            of=of,
            index=index,
            count=count,
            metric=metric,
            mode=mode,
            stopping=stopping,
        )

        return plan_steps_item_trial
