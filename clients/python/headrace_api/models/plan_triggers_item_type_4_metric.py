from typing import Literal

PlanTriggersItemType4Metric = Literal["accuracy", "f1Macro", "logLoss", "mae", "rmse"]

PLAN_TRIGGERS_ITEM_TYPE_4_METRIC_VALUES: set[PlanTriggersItemType4Metric] = {
    "accuracy",
    "f1Macro",
    "logLoss",
    "mae",
    "rmse",
}


def check_plan_triggers_item_type_4_metric(value: str) -> PlanTriggersItemType4Metric:
    if value in PLAN_TRIGGERS_ITEM_TYPE_4_METRIC_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_TRIGGERS_ITEM_TYPE_4_METRIC_VALUES!r}"
    )
