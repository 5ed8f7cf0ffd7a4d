"""copytrace: find who copied whom in a pile of news articles."""

__version__ = "0.1.0"
