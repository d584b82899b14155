from typing import Literal

RunListStatus = Literal["cancelled", "failed", "queued", "running", "succeeded"]

RUN_LIST_STATUS_VALUES: set[RunListStatus] = {
    "cancelled",
    "failed",
    "queued",
    "running",
    "succeeded",
}


def check_run_list_status(value: str) -> RunListStatus:
    if value in RUN_LIST_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {RUN_LIST_STATUS_VALUES!r}"
    )
