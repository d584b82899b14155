from typing import Literal

PlanStepsItemSweepSelectMode = Literal["max", "min"]

PLAN_STEPS_ITEM_SWEEP_SELECT_MODE_VALUES: set[PlanStepsItemSweepSelectMode] = {
    "max",
    "min",
}


def check_plan_steps_item_sweep_select_mode(value: str) -> PlanStepsItemSweepSelectMode:
    if value in PLAN_STEPS_ITEM_SWEEP_SELECT_MODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_STEPS_ITEM_SWEEP_SELECT_MODE_VALUES!r}"
    )
