"""reader: a desktop reader and annotator for Chinese news."""

__version__ = "0.1.0"
