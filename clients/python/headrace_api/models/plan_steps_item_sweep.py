from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.plan_steps_item_sweep_select import PlanStepsItemSweepSelect
    from ..models.plan_steps_item_sweep_trials_item import PlanStepsItemSweepTrialsItem


T = TypeVar("T", bound="PlanStepsItemSweep")


@_attrs_define
class PlanStepsItemSweep:
    trials: list[PlanStepsItemSweepTrialsItem]
    parallelism: int
    select: PlanStepsItemSweepSelect

    def to_dict(self) -> dict[str, Any]:
        trials = []
        for trials_item_data in self.trials:
            trials_item = trials_item_data.to_dict()
            trials.append(trials_item)

        parallelism = self.parallelism

        select = self.select.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "trials": trials,
                "parallelism": parallelism,
                "select": select,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.plan_steps_item_sweep_select import PlanStepsItemSweepSelect
        from ..models.plan_steps_item_sweep_trials_item import (
            PlanStepsItemSweepTrialsItem,
        )

        d = dict(src_dict)
        trials = []
        _trials = d.pop("trials")
        for trials_item_data in _trials:
            trials_item = PlanStepsItemSweepTrialsItem.from_dict(trials_item_data)

            trials.append(trials_item)

        parallelism = d.pop("parallelism")

        select = PlanStepsItemSweepSelect.from_dict(d.pop("select"))

        plan_steps_item_sweep = cls(
            trials=trials,
            parallelism=parallelism,
            select=select,
        )

        return plan_steps_item_sweep
