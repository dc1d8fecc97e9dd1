"""Public views: ``pages`` for the site's pages, ``compare`` for the comparison grid."""
