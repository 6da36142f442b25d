"""Word and Excel files are zip archives: check what each part really unpacks to before opening one.

A zip's headers say how large each part is, but they can lie: a 952 KB .docx whose headers
understate its parts made python-docx inflate 1.8 GB before zipfile noticed a bad CRC, because
`ZipFile.read` inflates a whole part in one call. So every part is inflated here first, 64 KB at
a time with zlib, counting the bytes and stopping as soon as a part gives more than its header
declares; its CRC is checked too. Only an archive whose every part is exactly what its headers say
is handed to python-docx or openpyxl, which then cannot inflate more than the declared total.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from ..errors import PlanError, Problem

__all__ = ["check_archive", "MAX_UNPACKED_BYTES", "MAX_XML_PART_BYTES"]

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
"""A Word or Excel file that unpacks to more than this is refused, not opened."""
MAX_XML_PART_BYTES = 16 * 1024 * 1024
"""One XML part (a document, a sheet) larger than this is refused: python-docx holds a parsed part in
memory at about ten times its size (a 30 MB document.xml took 30 s and 585 MB to import)."""

_CHUNK = 64 * 1024
_LOCAL_HEADER = struct.Struct("<4s22xHH")            # signature ... file name length, extra field length
_LOCAL_SIGNATURE = b"PK\x03\x04"


class _Damaged(Exception):
    """A part of the archive is not what the archive's headers say."""


def check_archive(raw: bytes, name: str, kind: str, save_as: str) -> None:
    """Refuse a Word or Excel file that is not a zip archive, unpacks to too much, or whose headers lie."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise PlanError([Problem(name, 1, 1, f"this is not a {kind} file that can be read (it is not in the "
                                             f"{save_as} format). Open it and save it again as {save_as}.")]) from None
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise PlanError([Problem(name, 1, 1, f"this {kind} file unpacks to {unpacked:,} bytes, more than the "
                                             f"{MAX_UNPACKED_BYTES:,} allowed; it was not opened. Remove pictures "
                                             "and other content, or import the action plan on its own.")])
    for member in members:
        if member.filename.endswith((".xml", ".rels")) and member.file_size > MAX_XML_PART_BYTES:
            raise PlanError([Problem(name, 1, 1, f"this {kind} file's part '{member.filename}' is "
                                                 f"{member.file_size:,} bytes of XML, more than the "
                                                 f"{MAX_XML_PART_BYTES:,} an action plan needs; it was not "
                                                 "opened. Import the action plan on its own.")])
    view = memoryview(raw)
    for member in members:
        try:
            _check_member(view, member)
        except _Damaged as damage:
            raise PlanError([Problem(name, 1, 1, f"this {kind} file is damaged: its part '{member.filename}' "
                                                 f"{damage}; it was not opened. Open it in {kind} and save it "
                                                 f"again as {save_as}, or import a copy that opens.")]) from None


def _check_member(raw: memoryview, member: zipfile.ZipInfo) -> None:
    """Inflate one part within its declared size and check its CRC. Raises `_Damaged`."""
    if member.flag_bits & 0x1:
        raise _Damaged("is encrypted")
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _Damaged(f"is compressed with a method (number {member.compress_type}) that Word and Excel do "
                       "not use")
    header = bytes(raw[member.header_offset:member.header_offset + _LOCAL_HEADER.size])
    if len(header) < _LOCAL_HEADER.size or header[:4] != _LOCAL_SIGNATURE:
        raise _Damaged("is not where the archive's directory says")
    name_length, extra_length = _LOCAL_HEADER.unpack(header)[1:]
    start = member.header_offset + _LOCAL_HEADER.size + name_length + extra_length
    if start + member.compress_size > len(raw):
        raise _Damaged("is cut short")
    data = raw[start:start + member.compress_size]
    produced = crc = 0
    for piece in _inflated(data, member.compress_type):
        produced += len(piece)
        if produced > member.file_size:
            raise _Damaged(f"unpacks to more than the {member.file_size:,} bytes its header declares")
        crc = zlib.crc32(piece, crc)
    if produced != member.file_size:
        raise _Damaged(f"unpacks to {produced:,} bytes, not the {member.file_size:,} its header declares")
    if crc != member.CRC:
        raise _Damaged("does not match its checksum (CRC)")


def _inflated(data: memoryview, method: int):
    """The part's bytes, at most 64 KB at a time, however much they inflate."""
    if method == zipfile.ZIP_STORED:
        for offset in range(0, len(data), _CHUNK):
            yield data[offset:offset + _CHUNK]
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for offset in range(0, len(data), _CHUNK):
            pending: memoryview | bytes = data[offset:offset + _CHUNK]   # then zlib's unconsumed bytes
            while pending and not inflater.eof:
                yield inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
            if inflater.eof:
                return
        while not inflater.eof:                      # output zlib holds back once all input is in
            piece = inflater.decompress(b"", _CHUNK)
            if not piece:
                return
            yield piece
    except zlib.error as error:
        raise _Damaged(f"cannot be unpacked ({error})") from None
