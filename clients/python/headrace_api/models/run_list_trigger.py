from typing import Literal

RunListTrigger = Literal[
    "api", "data", "drift", "manual", "performance", "retry", "schedule", "workflow"
]

RUN_LIST_TRIGGER_VALUES: set[RunListTrigger] = {
    "api",
    "data",
    "drift",
    "manual",
    "performance",
    "retry",
    "schedule",
    "workflow",
}


def check_run_list_trigger(value: str) -> RunListTrigger:
    if value in RUN_LIST_TRIGGER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {RUN_LIST_TRIGGER_VALUES!r}"
    )
