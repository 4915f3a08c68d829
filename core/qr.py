"""QR codes drawn on the server, as SVG images (no script, no style attribute: the strict CSP holds)."""

from __future__ import annotations

import io

import segno


def qr_svg_document(data: str) -> bytes:
    """A standalone SVG document (with its XML declaration and namespace, so a browser shows it as
    an ``<img>``) of a QR code of ``data``, in black on white with a quiet zone."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=4, omitsize=True, dark="#000", light="#fff")
    return buffer.getvalue()
