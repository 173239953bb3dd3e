"""Library images placed in a story's body: the figure markup the editor stores.

A body holds ``<figure class="image" data-image-id="N">`` (or the editor's ``<img data-file="N">``)
with its caption; pages replace each such figure by the responsive picture of image N.
"""

from __future__ import annotations

import re

# Bodies are sanitised (nh3) before they are stored, so figures are well-formed, never nested
# (the editor's schema is figure > image + caption) and attributes are double-quoted: a pattern
# over that normalised output is reliable here. It never decides what is safe; nh3 did that.
FIGURE_RE = re.compile(r"<figure\b([^>]*)>(.*?)</figure>", re.DOTALL)
FIGURE_ID_RE = re.compile(r'\bdata-image-id="(\d+)"')
IMG_FILE_RE = re.compile(r'<img\b[^>]*\bdata-file="(\d+)"')
FIGCAPTION_RE = re.compile(r"<figcaption>(.*?)</figcaption>", re.DOTALL)


def figure_image_id(attributes: str, inner: str) -> int | None:
    """Return the library image id of a body figure (data-image-id, or the editor's data-file)."""
    match = FIGURE_ID_RE.search(attributes) or IMG_FILE_RE.search(inner)
    return int(match.group(1)) if match else None


def body_image_ids(html: str) -> list[int]:
    """Return the library images placed in a body, in order, each once."""
    ids = []
    for match in FIGURE_RE.finditer(html or ""):
        image_id = figure_image_id(match.group(1), match.group(2))
        if image_id is not None and image_id not in ids:
            ids.append(image_id)
    return ids


def replace_figures(html: str, render) -> str:
    """Replace each library figure by render(image_id, caption_html); others stay as they are."""

    def substitute(match: re.Match) -> str:
        image_id = figure_image_id(match.group(1), match.group(2))
        if image_id is None:
            return match.group(0)
        caption = FIGCAPTION_RE.search(match.group(2))
        replacement = render(image_id, caption.group(1).strip() if caption else "")
        return match.group(0) if replacement is None else replacement

    return FIGURE_RE.sub(substitute, html or "")
