from typing import Literal

PlanStepsItemTrialMode = Literal["max", "min"]

PLAN_STEPS_ITEM_TRIAL_MODE_VALUES: set[PlanStepsItemTrialMode] = {
    "max",
    "min",
}


def check_plan_steps_item_trial_mode(value: str) -> PlanStepsItemTrialMode:
    if value in PLAN_STEPS_ITEM_TRIAL_MODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_STEPS_ITEM_TRIAL_MODE_VALUES!r}"
    )
