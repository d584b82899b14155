from typing import Literal

PlanStepsItemMode = Literal["activity", "child", "workflow"]

PLAN_STEPS_ITEM_MODE_VALUES: set[PlanStepsItemMode] = {
    "activity",
    "child",
    "workflow",
}


def check_plan_steps_item_mode(value: str) -> PlanStepsItemMode:
    if value in PLAN_STEPS_ITEM_MODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_STEPS_ITEM_MODE_VALUES!r}"
    )
