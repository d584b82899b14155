from typing import Literal

PlanStepsItemTrialStopping = Literal["median", "none"]

PLAN_STEPS_ITEM_TRIAL_STOPPING_VALUES: set[PlanStepsItemTrialStopping] = {
    "median",
    "none",
}


def check_plan_steps_item_trial_stopping(value: str) -> PlanStepsItemTrialStopping:
    if value in PLAN_STEPS_ITEM_TRIAL_STOPPING_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_STEPS_ITEM_TRIAL_STOPPING_VALUES!r}"
    )
