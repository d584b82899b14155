from typing import Literal

RunDetailStatus = Literal["cancelled", "failed", "queued", "running", "succeeded"]

RUN_DETAIL_STATUS_VALUES: set[RunDetailStatus] = {
    "cancelled",
    "failed",
    "queued",
    "running",
    "succeeded",
}


def check_run_detail_status(value: str) -> RunDetailStatus:
    if value in RUN_DETAIL_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {RUN_DETAIL_STATUS_VALUES!r}"
    )
