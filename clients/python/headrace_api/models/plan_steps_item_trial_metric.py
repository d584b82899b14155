from typing import Literal

PlanStepsItemTrialMetric = Literal["loss", "val_accuracy", "val_loss", "val_rmse"]

PLAN_STEPS_ITEM_TRIAL_METRIC_VALUES: set[PlanStepsItemTrialMetric] = {
    "loss",
    "val_accuracy",
    "val_loss",
    "val_rmse",
}


def check_plan_steps_item_trial_metric(value: str) -> PlanStepsItemTrialMetric:
    if value in PLAN_STEPS_ITEM_TRIAL_METRIC_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_STEPS_ITEM_TRIAL_METRIC_VALUES!r}"
    )
