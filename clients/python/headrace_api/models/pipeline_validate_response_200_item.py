from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.pipeline_validate_response_200_item_severity import (
    PipelineValidateResponse200ItemSeverity,
    check_pipeline_validate_response_200_item_severity,
)

T = TypeVar("T", bound="PipelineValidateResponse200Item")


@_attrs_define
class PipelineValidateResponse200Item:
    severity: PipelineValidateResponse200ItemSeverity
    message: str
    line: int
    col: int
    end_line: int
    end_col: int
    code: str

    def to_dict(self) -> dict[str, Any]:
        severity: str = self.severity

        message = self.message

        line = self.line

        col = self.col

        end_line = self.end_line

        end_col = self.end_col

        code = self.code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "severity": severity,
                "message": message,
                "line": line,
                "col": col,
                "endLine": end_line,
                "endCol": end_col,
                "code": code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        severity = check_pipeline_validate_response_200_item_severity(d.pop("severity"))

        message = d.pop("message")

        line = d.pop("line")

        col = d.pop("col")

        end_line = d.pop("endLine")

        end_col = d.pop("endCol")

        code = d.pop("code")

        pipeline_validate_response_200_item = cls(
            severity=severity,
            message=message,
            line=line,
            col=col,
            end_line=end_line,
            end_col=end_col,
            code=code,
        )

        return pipeline_validate_response_200_item
