"""A minimal reader for Unix `ar` archives (GNU and System V name tables), for MicroPython's tools/ar_util.py.

MicroPython's reference linker (tools/mpy_ld.py) links libgcc/libm members into a natmod when built with
LINK_RUNTIME=1 and reads the archives through a third-party `ar` package that Debian does not ship. This
module offers the small part of that interface ar_util.py uses: Archive(fileobj), iterating its members
(each with a .name), and Archive.open(name, mode) returning a seekable binary file.
"""
import io

_MAGIC = b"!<arch>\n"
_HEADER = 60


class ArchiveError(Exception):
    pass


class Entry:
    def __init__(self, name, offset, size):
        self.name = name
        self.offset = offset
        self.size = size


class Archive:
    def __init__(self, fileobj):
        self._data = fileobj.read()
        if not self._data.startswith(_MAGIC):
            raise ArchiveError("not an ar archive (bad magic)")
        self._entries = self._scan()

    def _scan(self):
        entries, long_names, pos = [], b"", len(_MAGIC)
        while pos + _HEADER <= len(self._data):
            header = self._data[pos:pos + _HEADER]
            if header[58:60] != b"`\n":
                raise ArchiveError(f"bad member header at offset {pos:#x}")
            raw_name = header[0:16].rstrip(b" ")
            size = int(header[48:58].strip() or b"0")
            body = pos + _HEADER
            if raw_name == b"//":  # GNU table of names longer than 15 characters
                long_names = self._data[body:body + size]
            elif raw_name in (b"/", b"/SYM64/", b"__.SYMDEF", b"__.SYMDEF SORTED"):
                pass  # symbol index; ar_util builds its own from the members' symbol tables
            else:
                if raw_name.startswith(b"/") and raw_name[1:].isdigit():
                    start = int(raw_name[1:])
                    end = long_names.index(b"\n", start)
                    raw_name = long_names[start:end]
                elif raw_name.startswith(b"#1/"):  # BSD: name stored at the start of the body
                    length = int(raw_name[3:])
                    raw_name = self._data[body:body + length].rstrip(b"\0")
                    body, size = body + length, size - length
                name = raw_name.rstrip(b"/").decode("utf-8", "replace")
                entries.append(Entry(name, body, size))
            pos = body + size + ((body + size) & 1)  # members are 2-byte aligned
        return entries

    def __iter__(self):
        return iter(self._entries)

    def open(self, name, mode="rb"):
        for entry in self._entries:
            if entry.name == name:
                return io.BytesIO(self._data[entry.offset:entry.offset + entry.size])
        raise KeyError(name)
