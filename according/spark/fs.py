"""Files of a batch output on any filesystem Spark can write: local paths directly, other URIs
(``hdfs://``, ``s3a://``) through Hadoop's FileSystem in the driver's JVM."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from .inputs import is_local


class OutputDir:
    """The output directory; ``spark`` is only needed for a non-local URI."""

    def __init__(self, root: str, spark: Any = None) -> None:
        self.root = root.rstrip("/") if not is_local(root) else str(Path(root).expanduser().resolve())
        self._spark = spark

    def path(self, *parts: str) -> str:
        return "/".join([self.root, *parts])

    # -- Hadoop for URIs -------------------------------------------------------------------
    def _hadoop(self, path: str) -> tuple[Any, Any]:
        jvm = self._spark.sparkContext._jvm
        conf = self._spark.sparkContext._jsc.hadoopConfiguration()
        hpath = jvm.org.apache.hadoop.fs.Path(path)
        return hpath.getFileSystem(conf), hpath

    def exists(self, *parts: str) -> bool:
        path = self.path(*parts)
        if is_local(path):
            return os.path.exists(path)
        fs, hpath = self._hadoop(path)
        return bool(fs.exists(hpath))

    def listdir(self, *parts: str) -> list[str]:
        path = self.path(*parts)
        if is_local(path):
            return sorted(os.listdir(path)) if os.path.isdir(path) else []
        fs, hpath = self._hadoop(path)
        if not fs.exists(hpath):
            return []
        return sorted(status.getPath().getName() for status in fs.listStatus(hpath))

    def delete(self, *parts: str) -> None:
        path = self.path(*parts)
        if is_local(path):
            if os.path.isdir(path):
                shutil.rmtree(path)
            elif os.path.exists(path):
                os.remove(path)
            return
        fs, hpath = self._hadoop(path)
        fs.delete(hpath, True)

    def read_text(self, *parts: str) -> str | None:
        path = self.path(*parts)
        if is_local(path):
            return Path(path).read_text(encoding="utf-8") if os.path.isfile(path) else None
        fs, hpath = self._hadoop(path)
        if not fs.exists(hpath):
            return None
        stream = fs.open(hpath)
        try:
            jvm = self._spark.sparkContext._jvm
            return str(jvm.org.apache.commons.io.IOUtils.toString(stream, "UTF-8"))
        finally:
            stream.close()

    def write_text(self, name: str, text: str) -> None:
        """Replace ``name`` atomically (write beside it, then rename), so a reader never sees
        half a manifest."""
        path, tmp = self.path(name), self.path(f".{name}.tmp")
        if is_local(path):
            os.makedirs(self.root, exist_ok=True)
            Path(tmp).write_text(text, encoding="utf-8")
            os.replace(tmp, path)
            return
        fs, htmp = self._hadoop(tmp)
        stream = fs.create(htmp, True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()
        _, hpath = self._hadoop(path)
        fs.delete(hpath, False)
        fs.rename(htmp, hpath)
