from typing import Literal

PrincipalVia = Literal["loopback", "session", "token"]

PRINCIPAL_VIA_VALUES: set[PrincipalVia] = {
    "loopback",
    "session",
    "token",
}


def check_principal_via(value: str) -> PrincipalVia:
    if value in PRINCIPAL_VIA_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRINCIPAL_VIA_VALUES!r}"
    )
