from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_start_body_params import RunStartBodyParams


T = TypeVar("T", bound="RunStartBody")


@_attrs_define
class RunStartBody:
    pipeline: str | Unset = UNSET
    version: int | Unset = UNSET
    source: str | Unset = UNSET
    base_dir: str | Unset = UNSET
    origin: str | Unset = UNSET
    params: RunStartBodyParams | Unset = UNSET
    idempotency_key: str | Unset = UNSET
    cache: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pipeline = self.pipeline

        version = self.version

        source = self.source

        base_dir = self.base_dir

        origin = self.origin

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        idempotency_key = self.idempotency_key

        cache = self.cache

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if pipeline is not UNSET:
            field_dict["pipeline"] = pipeline
        if version is not UNSET:
            field_dict["version"] = version
        if source is not UNSET:
            field_dict["source"] = source
        if base_dir is not UNSET:
            field_dict["baseDir"] = base_dir
        if origin is not UNSET:
            field_dict["origin"] = origin
        if params is not UNSET:
            field_dict["params"] = params
        if idempotency_key is not UNSET:
            field_dict["idempotencyKey"] = idempotency_key
        if cache is not UNSET:
            field_dict["cache"] = cache

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.run_start_body_params import RunStartBodyParams

        d = dict(src_dict)
        pipeline = d.pop("pipeline", UNSET)

        version = d.pop("version", UNSET)

        source = d.pop("source", UNSET)

        base_dir = d.pop("baseDir", UNSET)

        origin = d.pop("origin", UNSET)

        _params = d.pop("params", UNSET)
        params: RunStartBodyParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = RunStartBodyParams.from_dict(_params)

        idempotency_key = d.pop("idempotencyKey", UNSET)

        cache = d.pop("cache", UNSET)

        run_start_body = cls(
            pipeline=pipeline,
            version=version,
            source=source,
            base_dir=base_dir,
            origin=origin,
            params=params,
            idempotency_key=idempotency_key,
            cache=cache,
        )

        run_start_body.additional_properties = d
        return run_start_body

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
