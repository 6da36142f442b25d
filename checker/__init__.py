"""dhr-checker: check multi-agency DHR action plans against the partnership's expectations."""

__version__ = "0.1.0"
__all__ = ["__version__"]
