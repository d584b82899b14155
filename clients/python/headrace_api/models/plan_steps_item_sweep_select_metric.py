from typing import Literal

PlanStepsItemSweepSelectMetric = Literal["loss", "val_accuracy", "val_loss", "val_rmse"]

PLAN_STEPS_ITEM_SWEEP_SELECT_METRIC_VALUES: set[PlanStepsItemSweepSelectMetric] = {
    "loss",
    "val_accuracy",
    "val_loss",
    "val_rmse",
}


def check_plan_steps_item_sweep_select_metric(
    value: str,
) -> PlanStepsItemSweepSelectMetric:
    if value in PLAN_STEPS_ITEM_SWEEP_SELECT_METRIC_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_STEPS_ITEM_SWEEP_SELECT_METRIC_VALUES!r}"
    )
