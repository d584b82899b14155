from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.dataset_list_response_200_items_item_schema_item import (
        DatasetListResponse200ItemsItemSchemaItem,
    )


T = TypeVar("T", bound="DatasetListResponse200ItemsItem")


@_attrs_define
class DatasetListResponse200ItemsItem:
    id: UUID
    hash_: str
    uri: str
    format_: str
    schema: list[DatasetListResponse200ItemsItemSchemaItem]
    rows: int
    run_id: None | UUID
    step_id: None | str
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        hash_ = self.hash_

        uri = self.uri

        format_ = self.format_

        schema = []
        for schema_item_data in self.schema:
            schema_item = schema_item_data.to_dict()
            schema.append(schema_item)

        rows = self.rows

        run_id: None | str
        if isinstance(self.run_id, UUID):
            run_id = str(self.run_id)
        else:
            run_id = self.run_id

        step_id: None | str
        step_id = self.step_id

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "hash": hash_,
                "uri": uri,
                "format": format_,
                "schema": schema,
                "rows": rows,
                "runId": run_id,
                "stepId": step_id,
                "createdAt": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.dataset_list_response_200_items_item_schema_item import (
            DatasetListResponse200ItemsItemSchemaItem,
        )

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        hash_ = d.pop("hash")

        uri = d.pop("uri")

        format_ = d.pop("format")

        schema = []
        _schema = d.pop("schema")
        for schema_item_data in _schema:
            schema_item = DatasetListResponse200ItemsItemSchemaItem.from_dict(
                schema_item_data
            )

            schema.append(schema_item)

        rows = d.pop("rows")

        def _parse_run_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                run_id_type_0 = UUID(data)

                return run_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        run_id = _parse_run_id(d.pop("runId"))

        def _parse_step_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        step_id = _parse_step_id(d.pop("stepId"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        dataset_list_response_200_items_item = cls(
            id=id,
            hash_=hash_,
            uri=uri,
            format_=format_,
            schema=schema,
            rows=rows,
            run_id=run_id,
            step_id=step_id,
            created_at=created_at,
        )

        return dataset_list_response_200_items_item
