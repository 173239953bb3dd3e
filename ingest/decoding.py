"""Read the uploaded bytes of a print page as text: UTF-8, UTF-16 with BOM, or GB18030/GBK."""

from __future__ import annotations

import codecs
import re

__all__ = [
    "EmptyPageError",
    "PageDecodeError",
    "PageInputError",
    "decode_page",
    "decode_page_with_encoding",
]


class PageInputError(ValueError):
    """The uploaded page cannot be read as text."""


class EmptyPageError(PageInputError):
    """The uploaded page holds no text at all."""


class PageDecodeError(PageInputError):
    """The uploaded page is binary or in an encoding the importer does not read."""


_CONTROL_OR_PRIVATE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")
# Share of control, private-use or replacement characters above which text is not a page.
_MAX_GARBAGE_RATIO = 0.01
# A file whose non-ASCII part is at least this share valid UTF-8 is damaged UTF-8, not GBK.
_DAMAGED_UTF8_RATIO = 0.9


def decode_page(data: bytes) -> str:
    """Decode an uploaded page: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    return decode_page_with_encoding(data)[0]


def decode_page_with_encoding(data: bytes, encoding: str = "auto") -> tuple[str, str]:
    """Decode an uploaded page and return (text, encoding used); "auto" detects the encoding."""
    if not data or not data.strip():
        raise EmptyPageError("文件是空的，没有可导入的内容。")
    if encoding != "auto":
        text = _decode_as(data, encoding)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise PageDecodeError("文件声明为 UTF-16 编码，但内容已损坏，无法解码。") from exc
    else:
        if b"\x00" in data:
            raise PageDecodeError("文件包含二进制数据（空字节），不是纯文本的版面文件。")
        text, encoding = _decode_utf8_or_gb18030(data)
    if not text.strip():
        raise EmptyPageError("文件中只有空白，没有可导入的内容。")
    garbage = len(_CONTROL_OR_PRIVATE.findall(text))
    if garbage > _MAX_GARBAGE_RATIO * len(text):
        raise PageDecodeError("文件中有大量控制字符或乱码，看起来不是纯文本的版面文件。")
    return text.removeprefix("\ufeff"), encoding


def _decode_as(data: bytes, encoding: str) -> str:
    """Decode with the encoding the uploader named, refusing unknown names and bad bytes."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError as exc:
        raise PageDecodeError(
            f"不认识的编码名称“{encoding}”，请使用 utf-8、gb18030 或 auto。"
        ) from exc
    try:
        return data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as exc:
        raise PageDecodeError(
            f"文件不是 {encoding} 编码：第 {exc.start} 字节处无法解码。可改用自动识别（auto）。"
        ) from exc


def _decode_utf8_or_gb18030(data: bytes) -> tuple[str, str]:
    """Decode as UTF-8, else GB18030, refusing to turn damaged UTF-8 into mojibake."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        if _looks_like_damaged_utf8(data):
            raise PageDecodeError(
                f"文件是 UTF-8 编码，但第 {utf8_error.start} 字节处已损坏，无法解码。"
                "请重新导出版面文本。"
            ) from utf8_error
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError as gb_error:
            raise PageDecodeError(
                "无法识别文件编码：既不是 UTF-8，也不是 GB18030/GBK 编码的文本。"
            ) from gb_error


def _looks_like_damaged_utf8(data: bytes) -> bool:
    """Tell UTF-8 with a few bad bytes from text in a GB encoding."""
    decoded = data.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    non_ascii = sum(1 for char in decoded if ord(char) > 0x7F)
    return non_ascii > 0 and (non_ascii - bad) >= _DAMAGED_UTF8_RATIO * non_ascii
