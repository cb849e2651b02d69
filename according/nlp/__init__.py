"""spaCy side: loading the English pipeline and the ``according`` pipeline component."""
