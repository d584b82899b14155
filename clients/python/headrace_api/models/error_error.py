from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_error_issues_item import ErrorErrorIssuesItem


T = TypeVar("T", bound="ErrorError")


@_attrs_define
class ErrorError:
    code: str
    """ BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE or
    INTERNAL_SERVER_ERROR """
    message: str
    """ One sentence saying what is wrong (for an invalid input, naming the field). """
    http_status: int
    field: str | Unset = UNSET
    """ The input field an invalid input is about, as a path (params.minAccuracy). """
    issues: list[ErrorErrorIssuesItem] | Unset = UNSET
    """ Every issue of an invalid input, in order: the field (as a path; empty for the input as a whole) and what is
    wrong with it. """
    error_id: str | Unset = UNSET
    """ An internal error's id; the server's log has the detail under it. """
    retry_after_seconds: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        http_status = self.http_status

        field = self.field

        issues: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.issues, Unset):
            issues = []
            for issues_item_data in self.issues:
                issues_item = issues_item_data.to_dict()
                issues.append(issues_item)

        error_id = self.error_id

        retry_after_seconds = self.retry_after_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
                "httpStatus": http_status,
            }
        )
        if field is not UNSET:
            field_dict["field"] = field
        if issues is not UNSET:
            field_dict["issues"] = issues
        if error_id is not UNSET:
            field_dict["errorId"] = error_id
        if retry_after_seconds is not UNSET:
            field_dict["retryAfterSeconds"] = retry_after_seconds

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.error_error_issues_item import ErrorErrorIssuesItem

        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        http_status = d.pop("httpStatus")

        field = d.pop("field", UNSET)

        _issues = d.pop("issues", UNSET)
        issues: list[ErrorErrorIssuesItem] | Unset = UNSET
        if _issues is not UNSET:
            issues = []
            for issues_item_data in _issues:
                issues_item = ErrorErrorIssuesItem.from_dict(issues_item_data)

                issues.append(issues_item)

        error_id = d.pop("errorId", UNSET)

        retry_after_seconds = d.pop("retryAfterSeconds", UNSET)

        error_error = cls(
            code=code,
            message=message,
            http_status=http_status,
            field=field,
            issues=issues,
            error_id=error_id,
            retry_after_seconds=retry_after_seconds,
        )

        error_error.additional_properties = d
        return error_error

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
