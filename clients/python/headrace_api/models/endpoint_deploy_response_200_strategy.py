from typing import Literal

EndpointDeployResponse200Strategy = Literal["canary", "replace", "shadow", "split"]

ENDPOINT_DEPLOY_RESPONSE_200_STRATEGY_VALUES: set[EndpointDeployResponse200Strategy] = {
    "canary",
    "replace",
    "shadow",
    "split",
}


def check_endpoint_deploy_response_200_strategy(
    value: str,
) -> EndpointDeployResponse200Strategy:
    if value in ENDPOINT_DEPLOY_RESPONSE_200_STRATEGY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ENDPOINT_DEPLOY_RESPONSE_200_STRATEGY_VALUES!r}"
    )
