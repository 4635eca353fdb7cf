#!/usr/bin/env python3
"""Helpers for scripts/benchmark.sh: Dovecot session counts, the archive check and the result table.

  bench_tool.py sessions LOG FROM_LINE            one line per POP3 session logged after FROM_LINE:
                                                   login_epoch logout_epoch seconds top retr
  bench_tool.py verify LABEL DIR GLOB REF_DIR REF_GLOB
                                                   fails unless the files under DIR matching GLOB hold exactly the
                                                   messages of REF_DIR (each once), compared after CRLF -> LF
  bench_tool.py tenths DIR GLOB                    milliseconds per message in the second and in the last tenth of
                                                   a drain, from the modification times of the files matching GLOB
                                                   (one per message), and their ratio
  bench_tool.py table RESULTS_TSV                  the side-by-side table (Markdown) and the ratios
"""
import collections
import hashlib
import pathlib
import re
import sys
from datetime import datetime

STAMP = r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}) "
LOGIN = re.compile(STAMP + r"pop3-login: Info: Login: .*session=<([^>]+)>")
LOGOUT = re.compile(STAMP + r"pop3\([^)]*\)<\d+><([^>]+)>: Info: .*top=(\d+)/\d+, retr=(\d+)/\d+")


def epoch(stamp):
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S.%f").timestamp()


def sessions(log, from_line):
    logins, done = {}, []
    with open(log, encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines):
            if number < from_line:
                continue
            if m := LOGIN.match(line):
                logins[m.group(2)] = epoch(m.group(1))
            elif m := LOGOUT.match(line):
                start = logins.get(m.group(2))
                if start is not None:
                    done.append((start, epoch(m.group(1)), int(m.group(3)), int(m.group(4))))
    for start, end, top, retr in sorted(done):
        print(f"{start:.6f} {end:.6f} {end - start:.3f} {top} {retr}")


def digests(folder, pattern):
    found = collections.Counter()
    for path in pathlib.Path(folder).glob(pattern):
        if path.is_file():
            found[hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()] += 1
    return found


def verify(label, folder, pattern, ref_folder, ref_pattern):
    got, expected = digests(folder, pattern), digests(ref_folder, ref_pattern)
    missing = expected - got
    extra = got - expected
    duplicated = sum(count - 1 for count in got.values() if count > 1)
    if not expected or missing or extra or duplicated:
        sys.exit(f"VERIFY FAILED: {label}: {sum(got.values())} files under {folder}, expected "
                 f"{sum(expected.values())} like {ref_folder}; {sum(missing.values())} missing, "
                 f"{sum(extra.values())} unexpected, {duplicated} duplicated")
    print(f"verified: {label}: {sum(got.values())} messages, each exactly once, byte-identical to {ref_folder} "
          f"(after CRLF -> LF)")


def tenths(folder, pattern):
    times = sorted(path.stat().st_mtime for path in pathlib.Path(folder).glob(pattern) if path.is_file())
    tenth = len(times) // 10
    if tenth < 10:
        sys.exit(f"tenths: only {len(times)} files match {pattern} under {folder}")
    second = (times[2 * tenth - 1] - times[tenth]) / (tenth - 1) * 1000
    last = (times[-1] - times[-tenth]) / (tenth - 1) * 1000
    print(f"{second:.3f} {last:.3f} {last / second:.2f}")


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def ratio(a, b):
    a, b = number(a), number(b)
    return f"{a / b:.2f}" if a is not None and b else "n/a"


def table(results):
    rows = [line.rstrip("\n").split("\t") for line in open(results, encoding="utf-8") if line.strip()]
    head = ["case", "contender", "first sync s", "drain s", "warm drain s", "CPU s", "msgs/s", "MB/s", "peak RSS MB",
            "re-poll s", "re-poll in job s", "server s first / re-poll", "TOP first / re-poll", "RETR first / re-poll"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    by_case = collections.OrderedDict()
    for (case, key, name, first, rate, mbs, rss, repoll, srv1, srv2, top1, top2, retr1, retr2,
         drain, in_job, cpu, warm) in rows:
        by_case.setdefault(case, {})[key] = (first, repoll, srv1, srv2, drain, in_job, cpu, warm)
        print(f"| {case} | {name} | {first} | {drain} | {warm} | {cpu} | {rate} | {mbs} | {rss} | {repoll} | "
              f"{in_job} | {srv1} / {srv2} | {top1} / {top2} | {retr1} / {retr2} |")
    print()
    for case, got in by_case.items():
        a = got.get("a")
        if not a:
            continue
        parts = []
        for key in ("b", "c", "d"):
            if key in got:
                other = got[key]
                if key == "b":  # b's re-poll is a session inside its process, not a process: compare sessions
                    parts.append(f"a/b first sync {ratio(a[0], other[0])}, drain {ratio(a[4], other[0])}, "
                                 f"re-poll session {ratio(a[3], other[3])}")
                elif key == "c":
                    parts.append(f"a/c first sync {ratio(a[0], other[0])}, drain {ratio(a[4], other[0])}, "
                                 f"warm drain {ratio(a[7], other[0])}, CPU {ratio(a[6], other[6])}, "
                                 f"re-poll {ratio(a[1], other[1])}, re-poll in job {ratio(a[5], other[1])}, "
                                 f"re-poll session {ratio(a[3], other[3])}")
                else:
                    parts.append(f"a/d first sync {ratio(a[0], other[0])}, first session {ratio(a[2], other[2])}")
        print(f"- ratios, {case}: " + "; ".join(parts))


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "sessions" and len(sys.argv) == 4:
        sessions(sys.argv[2], int(sys.argv[3]))
    elif command == "verify" and len(sys.argv) == 7:
        verify(*sys.argv[2:])
    elif command == "tenths" and len(sys.argv) == 4:
        tenths(sys.argv[2], sys.argv[3])
    elif command == "table" and len(sys.argv) == 3:
        table(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
