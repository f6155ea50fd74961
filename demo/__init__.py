"""Demo content for development: the data (``content``), generated lead images
(``images``) and the loader behind ``manage.py load_demo``."""
