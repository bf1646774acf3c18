#!/usr/bin/env python3
"""Rewrites an evidence pack with one deliberate change, for pack_test.

usage: tamper_pack.py IN OUT OP [ARG...]
  modify PATH          flip one byte of entry PATH
  replace PATH FILE    give entry PATH the content of FILE
  add NAME TEXT        add a regular file entry NAME (any name, '../x' or '/etc/x' too)
  remove PATH          drop entry PATH
  symlink NAME TARGET  add a symbolic link entry (tar only)
  duplicate PATH       add entry PATH a second time with other content
The format follows the file name: .zip, .tar.gz/.tgz, else .tar.
Entries are copied byte for byte otherwise; names are never normalised.
"""
import io
import sys
import tarfile
import zipfile


def read_entries(path):
    entries = []
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                entries.append([info.filename, z.read(info), "file", ""])
    else:
        with tarfile.open(path, "r:*") as t:
            for m in t.getmembers():
                data = t.extractfile(m).read() if m.isfile() else b""
                kind = "dir" if m.isdir() else ("symlink" if m.issym() else "file")
                entries.append([m.name, data, kind, m.linkname])
    return entries


def write_entries(path, entries):
    if path.endswith(".zip"):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data, kind, _ in entries:
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16
                z.writestr(info, data)
        return
    mode = "w:gz" if path.endswith((".tar.gz", ".tgz")) else "w"
    with tarfile.open(path, mode, format=tarfile.PAX_FORMAT) as t:
        for name, data, kind, link in entries:
            info = tarfile.TarInfo(name)
            info.mtime = 1767225600
            if kind == "symlink":
                info.type = tarfile.SYMTYPE
                info.linkname = link
                t.addfile(info)
            elif kind == "dir":
                info.type = tarfile.DIRTYPE
                t.addfile(info)
            else:
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))


def main(argv):
    src, dst, op, args = argv[1], argv[2], argv[3], argv[4:]
    entries = read_entries(src)
    by_name = {e[0]: e for e in entries}
    if op == "modify":
        e = by_name[args[0]]
        data = bytearray(e[1])
        data[0] ^= 0x01
        e[1] = bytes(data)
    elif op == "replace":
        with open(args[1], "rb") as f:
            by_name[args[0]][1] = f.read()
    elif op == "add":
        entries.append([args[0], args[1].encode(), "file", ""])
    elif op == "remove":
        entries = [e for e in entries if e[0] != args[0]]
    elif op == "symlink":
        entries.append([args[0], b"", "symlink", args[1]])
    elif op == "duplicate":
        entries.append([args[0], b"other content\n", "file", ""])
    else:
        sys.exit("unknown operation " + op)
    write_entries(dst, entries)


if __name__ == "__main__":
    main(sys.argv)
