"""Types the OpenAPI schema cannot guess from the bill list's FilterSet, stated without changing it."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ..filters import BillFilter

# Choices read from the database per request, so the schema names them as slugs, not a fixed list.
SCHEMA_TYPES = {"on": OpenApiTypes.DATE, "party": OpenApiTypes.STR, "category": OpenApiTypes.STR}

for name, kind in SCHEMA_TYPES.items():
    extend_schema_field(kind)(BillFilter.base_filters[name])
