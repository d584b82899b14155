from typing import Literal

EndpointRollbackResponse200Strategy = Literal["canary", "replace", "shadow", "split"]

ENDPOINT_ROLLBACK_RESPONSE_200_STRATEGY_VALUES: set[
    EndpointRollbackResponse200Strategy
] = {
    "canary",
    "replace",
    "shadow",
    "split",
}


def check_endpoint_rollback_response_200_strategy(
    value: str,
) -> EndpointRollbackResponse200Strategy:
    if value in ENDPOINT_ROLLBACK_RESPONSE_200_STRATEGY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ENDPOINT_ROLLBACK_RESPONSE_200_STRATEGY_VALUES!r}"
    )
