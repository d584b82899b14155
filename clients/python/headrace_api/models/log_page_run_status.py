from typing import Literal

LogPageRunStatus = Literal["cancelled", "failed", "queued", "running", "succeeded"]

LOG_PAGE_RUN_STATUS_VALUES: set[LogPageRunStatus] = {
    "cancelled",
    "failed",
    "queued",
    "running",
    "succeeded",
}


def check_log_page_run_status(value: str) -> LogPageRunStatus:
    if value in LOG_PAGE_RUN_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LOG_PAGE_RUN_STATUS_VALUES!r}"
    )
