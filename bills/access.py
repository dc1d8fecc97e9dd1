"""Who may see what: the one rule for staff previews of unpublished content."""


def can_preview(user) -> bool:
    """Staff see unpublished bills and provisions (marked as such); nobody else ever does."""
    return user is not None and user.is_active and user.is_staff
