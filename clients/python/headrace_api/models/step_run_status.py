from typing import Literal

StepRunStatus = Literal[
    "cached", "cancelled", "failed", "running", "skipped", "succeeded", "waiting"
]

STEP_RUN_STATUS_VALUES: set[StepRunStatus] = {
    "cached",
    "cancelled",
    "failed",
    "running",
    "skipped",
    "succeeded",
    "waiting",
}


def check_step_run_status(value: str) -> StepRunStatus:
    if value in STEP_RUN_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {STEP_RUN_STATUS_VALUES!r}"
    )
