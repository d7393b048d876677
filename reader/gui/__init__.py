"""The PySide6 desktop face of reader. The only package that imports Qt.

Entry points: :func:`reader.gui.app.main` (the window) and :func:`reader.gui.app.screenshot`.
"""

from reader.gui._compat import pin_none

pin_none()  # before any Qt call: see reader.gui._compat
