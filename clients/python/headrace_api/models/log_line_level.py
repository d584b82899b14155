from typing import Literal

LogLineLevel = Literal["debug", "error", "info", "warn"]

LOG_LINE_LEVEL_VALUES: set[LogLineLevel] = {
    "debug",
    "error",
    "info",
    "warn",
}


def check_log_line_level(value: str) -> LogLineLevel:
    if value in LOG_LINE_LEVEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LOG_LINE_LEVEL_VALUES!r}"
    )
