from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="PipelineSaveBody")


@_attrs_define
class PipelineSaveBody:
    source: str
    base_dir: str | Unset = UNSET
    origin: str | Unset = UNSET
    create: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source = self.source

        base_dir = self.base_dir

        origin = self.origin

        create = self.create

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "source": source,
            }
        )
        if base_dir is not UNSET:
            field_dict["baseDir"] = base_dir
        if origin is not UNSET:
            field_dict["origin"] = origin
        if create is not UNSET:
            field_dict["create"] = create

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        source = d.pop("source")

        base_dir = d.pop("baseDir", UNSET)

        origin = d.pop("origin", UNSET)

        create = d.pop("create", UNSET)

        pipeline_save_body = cls(
            source=source,
            base_dir=base_dir,
            origin=origin,
            create=create,
        )

        pipeline_save_body.additional_properties = d
        return pipeline_save_body

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
