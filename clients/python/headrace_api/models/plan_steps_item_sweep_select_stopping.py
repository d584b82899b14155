from typing import Literal

PlanStepsItemSweepSelectStopping = Literal["median", "none"]

PLAN_STEPS_ITEM_SWEEP_SELECT_STOPPING_VALUES: set[PlanStepsItemSweepSelectStopping] = {
    "median",
    "none",
}


def check_plan_steps_item_sweep_select_stopping(
    value: str,
) -> PlanStepsItemSweepSelectStopping:
    if value in PLAN_STEPS_ITEM_SWEEP_SELECT_STOPPING_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_STEPS_ITEM_SWEEP_SELECT_STOPPING_VALUES!r}"
    )
