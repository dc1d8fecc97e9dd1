"""The Editors group: staff who keep bills and provisions current but manage no users or groups."""

EDITORS = "Editors"

# Editors add, change and delete a bill's parts; the reference lists they only view.
EDITABLE_MODELS = [
    "bill",
    "provision",
    "sponsor",
    "action",
    "source",
    "relatedbill",
    "definition",
    "definitionsource",
]
VIEW_ONLY_MODELS = ["jurisdiction", "party", "category", "categorygroup"]


def editor_codenames() -> list[str]:
    codenames = [
        f"{verb}_{model}" for model in EDITABLE_MODELS for verb in ("add", "change", "delete", "view")
    ]
    return codenames + [f"view_{model}" for model in VIEW_ONLY_MODELS]


def ensure_editors_group(group_model, permission_model):
    """Create or refresh the group; takes the models so a migration can pass its historical ones."""
    group, _ = group_model.objects.get_or_create(name=EDITORS)
    group.permissions.set(
        permission_model.objects.filter(content_type__app_label="bills", codename__in=editor_codenames())
    )
    return group
