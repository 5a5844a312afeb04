"""The Popolo project's JSON schemas, restated for the classes our export writes.

Source: the Popolo specification's schemas, http://www.popoloproject.com/schemas/
(repository popolo-project/popolo-spec, folder schemas/, as of commit 90c47fbb,
"Add Person.pronouns property"), by the Popolo project, CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/). Their files are not copied
here: each constraint they put on the properties of Person, Organization,
Post, Membership, Event, Link, Other name and Identifier is restated below,
with the same ids, so that `$ref`s resolve locally and nothing is fetched.
They are draft-03 schemas, where `"required": true` sits on a property;
here that is draft 7's `required` list. Like the originals, they allow
properties they do not name.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

BASE = "http://www.popoloproject.com/schemas/"
# Popolo's two date patterns: a partial date, and (on memberships and events)
# a partial date or a date-time.
DATE = r"^[0-9]{4}(-[0-9]{2}){0,2}$"
DATE_OR_TIME = (
    r"^[0-9]{4}((-[0-9]{2}){0,2}|(-[0-9]{2}){2}T[0-9]{2}(:[0-9]{2}){0,2}"
    r"(Z|[+-][0-9]{2}(:[0-9]{2})?))$"
)
TEXT = {"type": ["string", "null"]}
STAMP = {"type": ["string", "null"], "format": "date-time"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"{BASE}{name}.json#"}


def _list_of(name: str) -> dict[str, Any]:
    return {"type": "array", "items": _ref(name)}


def _schema(name: str, properties: dict[str, Any], required: tuple[str, ...] = ()) -> Any:
    schema = {"$id": f"{BASE}{name}.json#", "type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


_RECORD = {"created_at": STAMP, "updated_at": STAMP, "sources": _list_of("link")}

SCHEMAS = {
    "link": _schema(
        "link", {"url": {"type": "string", "format": "uri"}, "note": TEXT}, required=("url",)
    ),
    "identifier": _schema(
        "identifier", {"identifier": {"type": "string"}, "scheme": TEXT}, required=("identifier",)
    ),
    "other_name": _schema(
        "other_name",
        {
            "name": {"type": "string"},
            **{
                key: TEXT
                for key in (
                    "family_name",
                    "given_name",
                    "additional_name",
                    "honorific_prefix",
                    "honorific_suffix",
                    "patronymic_name",
                    "note",
                )
            },
            "start_date": {"type": ["string", "null"], "pattern": DATE},
            "end_date": {"type": ["string", "null"], "pattern": DATE},
        },
    ),
    "person": _schema(
        "person",
        {
            **{
                key: TEXT
                for key in (
                    "id",
                    "name",
                    "family_name",
                    "given_name",
                    "additional_name",
                    "honorific_prefix",
                    "honorific_suffix",
                    "patronymic_name",
                    "sort_name",
                    "gender",
                    "summary",
                    "biography",
                    "national_identity",
                )
            },
            "email": {"type": ["string", "null"], "format": "email"},
            "pronouns": {"type": ["array", "null"], "items": {"type": "string"}},
            "birth_date": {"type": ["string", "null"], "pattern": DATE},
            "death_date": {"type": ["string", "null"], "pattern": DATE},
            "image": {"type": ["string", "null"], "format": "uri"},
            "other_names": _list_of("other_name"),
            "identifiers": _list_of("identifier"),
            "links": _list_of("link"),
            "memberships": _list_of("membership"),
            **_RECORD,
        },
    ),
    "organization": _schema(
        "organization",
        {
            **{
                key: TEXT
                for key in (
                    "id",
                    "name",
                    "classification",
                    "parent_id",
                    "area_id",
                    "abstract",
                    "description",
                )
            },
            "founding_date": {"type": ["string", "null"], "pattern": DATE},
            "dissolution_date": {"type": ["string", "null"], "pattern": DATE},
            "image": {"type": ["string", "null"], "format": "uri"},
            "other_names": _list_of("other_name"),
            "identifiers": _list_of("identifier"),
            "links": _list_of("link"),
            "memberships": _list_of("membership"),
            "posts": _list_of("post"),
            "parent": _ref("organization"),
            "children": _list_of("organization"),
            **_RECORD,
        },
    ),
    "post": _schema(
        "post",
        {
            **{key: TEXT for key in ("id", "label", "role", "organization_id", "area_id")},
            "other_label": {"type": "array", "items": {"type": "string"}},
            "start_date": {"type": ["string", "null"], "pattern": DATE},
            "end_date": {"type": ["string", "null"], "pattern": DATE},
            "organization": _ref("organization"),
            "links": _list_of("link"),
            "memberships": _list_of("membership"),
            **_RECORD,
        },
    ),
    "membership": _schema(
        "membership",
        {
            **{
                key: TEXT
                for key in (
                    "id",
                    "label",
                    "role",
                    "person_id",
                    "organization_id",
                    "post_id",
                    "on_behalf_of_id",
                    "area_id",
                )
            },
            "member": {"type": ["object", "null"]},
            "person": _ref("person"),
            "organization": _ref("organization"),
            "post": _ref("post"),
            "on_behalf_of": _ref("organization"),
            "start_date": {"type": ["string", "null"], "pattern": DATE_OR_TIME},
            "end_date": {"type": ["string", "null"], "pattern": DATE_OR_TIME},
            "links": _list_of("link"),
            **_RECORD,
        },
    ),
    "event": _schema(
        "event",
        {
            **{
                key: TEXT
                for key in (
                    "id",
                    "name",
                    "description",
                    "location",
                    "status",
                    "classification",
                    "organization_id",
                    "parent_id",
                )
            },
            "start_date": {"type": ["string", "null"], "pattern": DATE_OR_TIME},
            "end_date": {"type": ["string", "null"], "pattern": DATE_OR_TIME},
            "identifiers": _list_of("identifier"),
            "organization": _ref("organization"),
            "attendees": _list_of("person"),
            "parent": _ref("event"),
            "children": _list_of("event"),
            **_RECORD,
        },
    ),
}

# The export is Popolo's usual JSON document: one array per class.
DOCUMENT = {
    "type": "object",
    "properties": {
        "persons": _list_of("person"),
        "organizations": _list_of("organization"),
        "posts": _list_of("post"),
        "memberships": _list_of("membership"),
        "events": _list_of("event"),
    },
}

FORMATS = FormatChecker()


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    """An absolute URI (RFC 3986): a scheme, then the rest."""
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and bool(parts.netloc or parts.path)


REGISTRY: Registry[Any] = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7))
    for schema in SCHEMAS.values()
)


def problems(document: object) -> list[str]:
    """Every place where ``document`` breaks the Popolo schemas, as "path: message"."""
    validator = Draft7Validator(DOCUMENT, registry=REGISTRY, format_checker=FORMATS)
    return sorted(
        f"{error.json_path}: {error.message}" for error in validator.iter_errors(document)
    )
