"""redislint: lint Redis and Valkey deployments before they ship.

This module must stay import-light: ``redislint --version`` reads only ``__version__``.
"""

__version__ = "0.2.0"
