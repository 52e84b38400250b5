"""Fuzz the readers: mutate our own DOCX, PDF and TXT files and read each mutant in a guarded child.

Run from the project root: ``python -m benchmarks.fuzz_readers --minutes 10``. Seeds are the
sample contract (resources/samples: DOCX, PDF, and its text as TXT) plus small fixtures built
with fpdf2 and python-docx. Each mutant is written to a scratch folder and read with
``read_document`` in a worker process that has a memory cap; the parent gives it a time limit.

A *finding* is any exception that is not an ``ItoError`` (the readers' promise is a typed error
with a sentence), a worker that crashes or hangs, a peak memory over 1 GB, or an ``ItoError``
whose sentence does not name the file or spans several lines. Findings are saved with their
input under ``--out`` and summarised at the end; mutants are reproducible from
``--seed`` and their case number (``--replay N``).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES = PROJECT_ROOT / "resources" / "samples"
MEMORY_LIMIT = 1 << 30
WORKER_ADDRESS_SPACE = 3 << 30
INTERESTING = [b"0", b"-1", b"1", b"255", b"65535", b"2147483647", b"-2147483648",
               b"4294967296", b"9" * 30, b"1e308", b"NaN", b"", b"00000000000"]


# --- seeds ------------------------------------------------------------------------------------


def build_seeds(folder: Path) -> dict[str, bytes]:
    """Seed files by name: the sample contract in three formats and two small fixtures."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = {
        "sample.docx": (SAMPLES / "sample_msa.docx").read_bytes(),
        "sample.pdf": (SAMPLES / "sample_msa.pdf").read_bytes(),
    }
    sys.path.insert(0, str(PROJECT_ROOT))
    from ito_desktop.core.ingest.registry import read_document

    text = "\n\n".join(b.text for b in read_document(SAMPLES / "sample_msa.docx").blocks)
    seeds["sample.txt"] = text.encode("utf-8")
    try:  # the test fixtures need fpdf2 (a test dependency)
        from tests.core.ingest import docx_factory, pdf_factory
    except ImportError:
        return seeds
    seeds["small.pdf"] = pdf_factory.write_contract(folder / "small.pdf").read_bytes()
    seeds["rich.docx"] = docx_factory.build_rich(folder / "rich.docx").read_bytes()
    return seeds


# --- mutators ---------------------------------------------------------------------------------


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        index = rng.randrange(len(out))
        out[index] ^= 1 << rng.randrange(8)
    return bytes(out)


def random_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    start = rng.randrange(len(out))
    length = rng.randint(1, 2048)
    out[start : start + length] = rng.randbytes(min(length, len(out) - start))
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def splice(data: bytes, rng: random.Random) -> bytes:
    """Copy a chunk of the file over another place, or repeat it."""
    start, end = sorted(rng.randrange(len(data)) for _ in range(2))
    chunk = data[start : end + 1][:65536]
    at = rng.randrange(len(data))
    if rng.random() < 0.5:
        return data[:at] + chunk + data[at:]
    return data[:at] + chunk * rng.randint(1, 50) + data[at + len(chunk) :]


def delete_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 4096) :]


_NUMBER = re.compile(rb"(?<![\w.])-?\d+(?![\w.])")


def numbers(data: bytes, rng: random.Random) -> bytes:
    """Replace a few numbers (offsets, lengths, counts, sizes) by interesting values."""
    found = list(_NUMBER.finditer(data[:4_000_000]))
    if not found:
        return flip_bytes(data, rng)
    out = data
    for match in sorted(rng.sample(found, min(len(found), rng.randint(1, 8))),
                        key=lambda m: -m.start()):
        out = out[: match.start()] + rng.choice(INTERESTING) + out[match.end() :]
    return out


BYTE_MUTATORS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": flip_bytes, "noise": random_bytes, "truncate": truncate, "splice": splice,
    "delete": delete_chunk, "numbers": numbers,
}

_ELEMENT = re.compile(rb"<(w:[A-Za-z]+)\b[^>]*?(?:/>|>.*?</\1>)", re.DOTALL)
_ATTRIBUTE = re.compile(rb'(\w+:\w+)="([^"]*)"')


def xml_mutation(part: bytes, rng: random.Random) -> bytes:
    """Mutations a Word part survives structurally: elements and attribute values."""
    choice = rng.randrange(6)
    if choice == 0:  # an attribute value becomes an interesting one
        found = list(_ATTRIBUTE.finditer(part))
        if found:
            match = rng.choice(found)
            value = rng.choice([*INTERESTING, b"x" * 300, b"%1%2%3%4%5%6%7%8%9" * 20])
            return part[: match.start(2)] + value + part[match.end(2) :]
    if choice in (1, 2):  # delete or duplicate an element
        found = list(_ELEMENT.finditer(part[:2_000_000]))
        if found:
            match = rng.choice(found)
            if choice == 1:
                return part[: match.start()] + part[match.end() :]
            return part[: match.end()] + match.group(0) * rng.randint(1, 200) + part[match.end():]
    if choice == 3:  # deep nesting
        depth = rng.choice([10, 300, 5000])
        at = part.find(b"<w:body>")
        if at >= 0:
            at += len(b"<w:body>")
            nest = b"<w:sdt><w:sdtContent>" * depth + b"<w:p/>" + b"</w:sdtContent></w:sdt>" * depth
            return part[:at] + nest + part[at:]
    if choice == 4:
        return truncate(part, rng)
    return rng.choice(list(BYTE_MUTATORS.values()))(part, rng)


def zip_mutation(data: bytes, rng: random.Random) -> bytes:
    """Mutate one part inside the DOCX, drop it, rename it, or store the package oddly."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    except (zipfile.BadZipFile, OSError, EOFError):
        return flip_bytes(data, rng)
    xml_parts = [i for i, (name, _) in enumerate(parts) if name.endswith((".xml", ".rels"))]
    choice = rng.random()
    if choice < 0.75 and xml_parts:
        index = rng.choice(xml_parts)
        if rng.random() < 0.6:
            index = next((i for i, (name, _) in enumerate(parts)
                          if name == rng.choice(["word/document.xml", "word/numbering.xml",
                                                 "word/styles.xml"])), index)
        name, part = parts[index]
        parts[index] = (name, xml_mutation(part, rng))
    elif choice < 0.85:
        parts.pop(rng.randrange(len(parts)))
    elif choice < 0.95:
        index = rng.randrange(len(parts))
        parts[index] = (parts[index][0].upper(), parts[index][1])
    else:
        parts.append(parts[rng.randrange(len(parts))])  # a duplicate entry name
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if rng.random() < 0.1 else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", method) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names: that is the point
        for name, part in parts:
            archive.writestr(name, part)
    return out.getvalue()


def text_mutation(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(5)
    if choice == 0:  # another encoding, with or without its BOM
        text = data.decode("utf-8", errors="replace")
        encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1"])
        return text.encode(encoding, errors="replace")
    if choice == 1:  # control characters and NULs
        out = bytearray(data)
        for _ in range(rng.randint(1, 200)):
            out.insert(rng.randrange(len(out)), rng.randrange(0, 32))
        return bytes(out)
    if choice == 2:  # one enormous line, or lines of one character
        return data.replace(b"\n", b" " if rng.random() < 0.5 else b"\n\n\n")
    if choice == 3:  # a BOM that lies
        return rng.choice([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xff\xfe\x00\x00"]) + data
    return rng.choice(list(BYTE_MUTATORS.values()))(data, rng)


_REF = re.compile(rb"\b(\d+) 0 R\b")
_CONTENT = re.compile(rb"(?<!end)stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
_OPERATORS = [b"q " * 5000, b"Q " * 5000, b"BT ", b"ET ", b"1e308 0 0 1e308 0 0 Tm ",
              b"/F1 -2147483648 Tf ", b"[(A) -99999999 (B)] TJ ", b"(" + b"\\" * 999 + b") Tj ",
              b"0 0 m 1e300 1e300 l S ", b"/Nope Do ", b"<FEFF00410042> Tj ",
              b"BI /W 99999 /H 99999 /BPC 8 /CS /G ID \x00\x00 EI ", b"T* " * 3000]


def pdf_mutation(data: bytes, rng: random.Random) -> bytes:
    """Structural PDF damage: references re-pointed (loops included), content operators."""
    choice = rng.randrange(3)
    if choice == 0:
        refs = list(_REF.finditer(data[:4_000_000]))
        out = data
        for match in sorted(rng.sample(refs, min(len(refs), rng.randint(1, 6))),
                            key=lambda m: -m.start()) if refs else []:
            target = rng.choice([b"1", b"2", b"0", b"99999", rng.choice(refs).group(1)])
            out = out[: match.start(1)] + target + out[match.end(1) :]
        return out
    if choice == 1:  # change operators inside a page's content stream, then re-deflate it
        streams = list(_CONTENT.finditer(data))
        if streams:
            match = rng.choice(streams)
            try:
                content = zlib.decompress(match.group(1))
            except zlib.error:
                return flip_bytes(data, rng)
            at = rng.randrange(len(content) + 1)
            content = content[:at] + rng.choice(_OPERATORS) + content[at:]
            # /Length now lies and every later offset moves: PDFium has to recover both.
            return data[: match.start(1)] + zlib.compress(content) + data[match.end(1) :]
    names = [b"/Kids", b"/Parent", b"/Contents", b"/Resources", b"/Font", b"/Count", b"/Length",
             b"/Type", b"/Pages", b"/Page", b"/Root", b"/Size", b"/Filter", b"/ToUnicode",
             b"/Encoding", b"/MediaBox", b"/Rotate", b"/Widths", b"/FirstChar"]
    source, target = rng.sample(names, 2)
    positions = [m.start() for m in re.finditer(re.escape(source), data)]
    if not positions:
        return flip_bytes(data, rng)
    at = rng.choice(positions)
    return data[:at] + target + data[at + len(source) :]


def mutate(name: str, data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """A mutant of seed ``name`` and the name of the mutation used."""
    suffix = Path(name).suffix
    if suffix == ".docx" and rng.random() < 0.6:
        return zip_mutation(data, rng), "zip-entry"
    if suffix == ".txt" and rng.random() < 0.5:
        return text_mutation(data, rng), "text"
    if suffix == ".pdf" and rng.random() < 0.4:
        return pdf_mutation(data, rng), "pdf-structure"
    label = rng.choice(sorted(BYTE_MUTATORS))
    out = BYTE_MUTATORS[label](data, rng)
    if rng.random() < 0.3:  # stack a second mutation now and then
        second = rng.choice(sorted(BYTE_MUTATORS))
        out, label = BYTE_MUTATORS[second](out or data, rng), f"{label}+{second}"
    return out or data[:1], label


# --- the worker -------------------------------------------------------------------------------

WORKER = r"""
import json, resource, sys, traceback
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
from ito_desktop.core.errors import ItoError
from ito_desktop.core.ingest.registry import read_document
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    path = Path(line.rstrip("\n"))
    try:
        document = read_document(path)
        reply = {"status": "ok", "clauses": len(document.clauses),
                 "warnings": list(document.warnings)}
    except ItoError as error:
        reply = {"status": "ito", "type": type(error).__name__, "message": str(error)}
    except BaseException as error:
        reply = {"status": "exception", "type": type(error).__name__, "message": str(error)[:500],
                 "traceback": traceback.format_exc()[-4000:]}
    reply["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(reply), flush=True)
"""


class Worker:
    """A child that reads one file per line of stdin; restarted after a hang or a crash."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(WORKER_ADDRESS_SPACE)], cwd=PROJECT_ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        ready = self._line(120)
        if ready is None or not ready.get("ready"):
            raise RuntimeError("the fuzz worker did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    # A pipe to a dead worker may refuse its last flush.
                    with contextlib.suppress(OSError):
                        stream.close()
            self.process = None

    def read(self, path: Path, timeout: float) -> dict[str, object]:
        if self.process is None:
            self.start()
        assert self.process is not None
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(f"{path}\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            self.stop()
            return {"status": "crash", "type": "worker died before the case"}
        reply = self._line(timeout)
        if reply is None:
            code = self.process.poll()
            self.stop()
            if code is None:
                return {"status": "hang", "type": f"no answer in {timeout:g} s"}
            return {"status": "crash", "type": f"worker exited with {code}"}
        return reply

    def _line(self, timeout: float) -> dict[str, object] | None:
        assert self.process is not None
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.process.stdout.readline()
        return json.loads(line) if line else None


# --- the run ----------------------------------------------------------------------------------


@dataclass
class Tally:
    cases: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    by_seed: Counter[str] = field(default_factory=Counter)
    findings: dict[str, dict[str, object]] = field(default_factory=dict)


def finding_of(reply: dict[str, object], path: Path) -> str | None:
    """A short key for a reply that breaks a promise, or None."""
    status = reply.get("status")
    if status in ("exception", "crash", "hang"):
        where = ""
        trace = str(reply.get("traceback", ""))
        frames = re.findall(r'File "([^"]+)", line (\d+)', trace)
        if frames:
            file, line = frames[-1]
            where = f" at {Path(file).name}:{line}"
        return f"{status}: {reply.get('type')}{where}"
    maxrss = reply.get("maxrss")
    if isinstance(maxrss, int) and maxrss > MEMORY_LIMIT:
        return f"memory: {maxrss / 1e6:.0f} MB"
    if status == "ito":
        message = str(reply.get("message", ""))
        if "\n" in message:
            return f"message on several lines: {reply.get('type')}"
        if path.name not in message and reply.get("type") != "Cancelled":
            return f"message does not name the file: {reply.get('type')}"
    return None


def run(minutes: float, seed: int, out: Path, timeout: float, replay: int | None = None,
        max_cases: int | None = None, quiet: bool = False) -> Tally:
    scratch = Path(tempfile.mkdtemp(prefix="ito-fuzz-"))
    seeds = build_seeds(scratch / "seeds")
    names = sorted(seeds)
    tally = Tally()
    worker = Worker()
    deadline = time.monotonic() + minutes * 60
    case = replay if replay is not None else 0
    try:
        while time.monotonic() < deadline and (max_cases is None or tally.cases < max_cases):
            rng = random.Random(f"{seed}:{case}")
            name = rng.choice(names)
            data, how = mutate(name, seeds[name], rng)
            path = scratch / f"case-{case}{Path(name).suffix}"
            path.write_bytes(data)
            reply = worker.read(path, timeout)
            maxrss = reply.get("maxrss")
            if isinstance(maxrss, int) and maxrss > MEMORY_LIMIT:
                worker.stop()  # a fresh worker, so the next peak is its own
            tally.cases += 1
            tally.by_seed[f"{name} {how.split('+')[0]}"] += 1
            tally.outcomes[str(reply.get("type") or reply.get("status"))] += 1
            key = finding_of(reply, path)
            if key is not None and key not in tally.findings:
                out.mkdir(parents=True, exist_ok=True)
                kept = out / f"{len(tally.findings):03d}-{path.name}"
                shutil.copyfile(path, kept)
                tally.findings[key] = {"case": case, "seed": name, "mutation": how,
                                       "file": str(kept), **reply}
                if not quiet:
                    print(f"FINDING case {case} ({name}, {how}): {key}", flush=True)
            path.unlink(missing_ok=True)
            if replay is not None:
                print(json.dumps(reply, indent=2))
                break
            case += 1
    finally:
        worker.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="how long to fuzz")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the whole run")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "ito-fuzz",
                        help="folder for inputs that broke a promise")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per file")
    parser.add_argument("--replay", type=int, help="rebuild and read only this case number")
    parser.add_argument("--json", type=Path, help="write the summary as JSON")
    args = parser.parse_args()
    started = time.monotonic()
    tally = run(args.minutes, args.seed, args.out, args.timeout, args.replay)
    elapsed = time.monotonic() - started
    print(f"\n{tally.cases} mutants in {elapsed / 60:.1f} min (seed {args.seed})")
    for label, count in sorted(tally.by_seed.items()):
        print(f"  {count:6}  {label}")
    print("outcomes:")
    for label, count in tally.outcomes.most_common():
        print(f"  {count:6}  {label}")
    print(f"findings: {len(tally.findings)}")
    for key, info in tally.findings.items():
        print(f"  {key}  (case {info['case']}, {info['seed']}, {info['mutation']}: {info['file']})")
    if args.json:
        args.json.write_text(json.dumps({
            "cases": tally.cases, "minutes": elapsed / 60, "seed": args.seed,
            "outcomes": dict(tally.outcomes), "findings": tally.findings,
        }, indent=2, default=str), encoding="utf-8")
    return 1 if tally.findings else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    sys.exit(main())
