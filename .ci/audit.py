"""Dependency audit for CI: known vulnerabilities in the installed packages fail the build.

Two halves: ``pip-audit`` against PyPI's vulnerability data (counted only for the packages PyPI
could actually audit: a version the index does not know cannot be), then the checked-in
advisories of ``.ci/advisories.txt`` against every installed version, which works offline.
A finding fails the build unless its id is in ``.ci/audit-ignore.txt`` with a reason.
Usage: ``python .ci/audit.py`` (in the virtualenv to audit).
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

HERE = Path(__file__).resolve().parent


def ignored() -> dict[str, str]:
    out = {}
    for number, line in enumerate((HERE / "audit-ignore.txt").read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        vuln, _, reason = line.partition("#")
        if not reason.strip():
            sys.exit(f"audit-ignore.txt:{number}: {vuln.strip()} has no reason; write why it does not apply")
        out[vuln.strip()] = reason.strip()
    return out


def installed() -> dict[str, str]:
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def offline(versions: dict[str, str]) -> list[tuple[str, str, str, str]]:
    found = []
    for line in (HERE / "advisories.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, spec, vuln, what = (part.strip() for part in line.split("|"))
        version = versions.get(canonicalize_name(name))
        try:
            if version is not None and Version(version) in SpecifierSet(spec):
                found.append((name, version, vuln, what))
        except InvalidVersion:
            continue
    return found


def online() -> tuple[list[tuple[str, str, str, str]], int, int]:
    """pip-audit's findings, and how many packages it audited out of how many."""
    done = subprocess.run(
        [sys.executable, "-m", "pip_audit", "-f", "json", "--progress-spinner", "off", "--skip-editable"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(f"audit: pip-audit gave no report ({done.stderr.strip()[-300:]})")
        return [], 0, 0
    deps = report.get("dependencies", [])
    audited = [d for d in deps if "skip_reason" not in d]
    found = [
        (d["name"], d["version"], v["id"], (v.get("description") or "")[:80])
        for d in audited
        for v in d.get("vulns", [])
    ]
    return found, len(audited), len(deps)


def main() -> int:
    skip = ignored()
    found, audited, total = online()
    print(
        f"audit: pip-audit checked {audited} of {total} installed packages against PyPI's vulnerability data"
    )
    versions = installed()
    found += offline(versions)
    print(f"audit: {len(versions)} installed packages checked against .ci/advisories.txt")
    failing = [f for f in found if f[2] not in skip]
    for name, version, vuln, what in found:
        note = f" (ignored: {skip[vuln]})" if vuln in skip else ""
        print(f"audit: {name} {version}: {vuln} {what}{note}")
    advice = " — fix or list them in .ci/audit-ignore.txt" if failing else ""
    print(f"audit: {len(failing)} known vulnerabilities{advice}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
