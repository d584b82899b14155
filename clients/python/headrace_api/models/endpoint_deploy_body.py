from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.endpoint_deploy_body_strategy import (
    EndpointDeployBodyStrategy,
    check_endpoint_deploy_body_strategy,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.endpoint_deploy_body_canary import EndpointDeployBodyCanary
    from ..models.endpoint_deploy_body_sticky import EndpointDeployBodySticky
    from ..models.endpoint_deploy_body_variants_item import (
        EndpointDeployBodyVariantsItem,
    )


T = TypeVar("T", bound="EndpointDeployBody")


@_attrs_define
class EndpointDeployBody:
    model: str
    strategy: EndpointDeployBodyStrategy | Unset = "replace"
    reason: str | Unset = UNSET
    canary: EndpointDeployBodyCanary | Unset = UNSET
    variants: list[EndpointDeployBodyVariantsItem] | Unset = UNSET
    sticky: EndpointDeployBodySticky | Unset = UNSET
    sample: float | Unset = UNSET
    wait: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        strategy: str | Unset = UNSET
        if not isinstance(self.strategy, Unset):
            strategy = self.strategy

        reason = self.reason

        canary: dict[str, Any] | Unset = UNSET
        if not isinstance(self.canary, Unset):
            canary = self.canary.to_dict()

        variants: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.variants, Unset):
            variants = []
            for variants_item_data in self.variants:
                variants_item = variants_item_data.to_dict()
                variants.append(variants_item)

        sticky: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sticky, Unset):
            sticky = self.sticky.to_dict()

        sample = self.sample

        wait = self.wait

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
            }
        )
        if strategy is not UNSET:
            field_dict["strategy"] = strategy
        if reason is not UNSET:
            field_dict["reason"] = reason
        if canary is not UNSET:
            field_dict["canary"] = canary
        if variants is not UNSET:
            field_dict["variants"] = variants
        if sticky is not UNSET:
            field_dict["sticky"] = sticky
        if sample is not UNSET:
            field_dict["sample"] = sample
        if wait is not UNSET:
            field_dict["wait"] = wait

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.endpoint_deploy_body_canary import EndpointDeployBodyCanary
        from ..models.endpoint_deploy_body_sticky import EndpointDeployBodySticky
        from ..models.endpoint_deploy_body_variants_item import (
            EndpointDeployBodyVariantsItem,
        )

        d = dict(src_dict)
        model = d.pop("model")

        _strategy = d.pop("strategy", UNSET)
        strategy: EndpointDeployBodyStrategy | Unset
        if isinstance(_strategy, Unset):
            strategy = UNSET
        else:
            strategy = check_endpoint_deploy_body_strategy(_strategy)

        reason = d.pop("reason", UNSET)

        _canary = d.pop("canary", UNSET)
        canary: EndpointDeployBodyCanary | Unset
        if isinstance(_canary, Unset):
            canary = UNSET
        else:
            canary = EndpointDeployBodyCanary.from_dict(_canary)

        _variants = d.pop("variants", UNSET)
        variants: list[EndpointDeployBodyVariantsItem] | Unset = UNSET
        if _variants is not UNSET:
            variants = []
            for variants_item_data in _variants:
                variants_item = EndpointDeployBodyVariantsItem.from_dict(
                    variants_item_data
                )

                variants.append(variants_item)

        _sticky = d.pop("sticky", UNSET)
        sticky: EndpointDeployBodySticky | Unset
        if isinstance(_sticky, Unset):
            sticky = UNSET
        else:
            sticky = EndpointDeployBodySticky.from_dict(_sticky)

        sample = d.pop("sample", UNSET)

        wait = d.pop("wait", UNSET)

        endpoint_deploy_body = cls(
            model=model,
            strategy=strategy,
            reason=reason,
            canary=canary,
            variants=variants,
            sticky=sticky,
            sample=sample,
            wait=wait,
        )

        endpoint_deploy_body.additional_properties = d
        return endpoint_deploy_body

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
