#!/usr/bin/env python3
# check-cli-and-secrets.py
#
# Copyright 2026 The Pathview authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad command lines for `pathview export` and `pathview-server` (part of the catalogue in
tests/BAD-INPUTS.md), and the credentials check: a fetch through `pathview export` against
pathview-server, with unique marker secrets in AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN and
G_MESSAGES_DEBUG=all, must not write either marker anywhere: stdout, stderr, the exported PNGs and
their frames.json sidecar, the result cache, the server's output.

    check-cli-and-secrets.py PATHVIEW PATHVIEW_SERVER VIDEO JOB_FILE
"""

import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pv_test_server import Server, Tap  # noqa: E402

tap = Tap()
ctx = {}

MARK_SECRET = "MarkerSecret/hardening+%d/ZZqk0Xy" % os.getpid()
MARK_TOKEN = "MarkerSessionToken//hardening+%d==" % os.getpid()
MARK_KEY = "ASIAHARDENINGMARK%03d" % (os.getpid() % 1000)


def env(**extra):
    e = dict(os.environ)
    e.pop("AWS_PROFILE", None)
    e.update({"XDG_CACHE_HOME": os.path.join(ctx["tmp"], "cache"),
              "HOME": ctx["tmp"], "AWS_REGION": "us-east-1"})
    # GLib's first quark table is only recognisable (tests/lsan.supp) with full stacks, as in
    # tests/test-clip.h: GStreamer's plugins push the process past 2048 quarks.
    if "ASAN_OPTIONS" in e:
        e["ASAN_OPTIONS"] += ":fast_unwind_on_malloc=0:malloc_context_size=10"
    e.update(extra)
    return e


def export(*args, **extra):
    return subprocess.run([ctx["pathview"], "export"] + list(args), capture_output=True,
                          text=True, timeout=120, env=env(**extra))


def expect_failure(r, part):
    assert r.returncode == 1, (r.returncode, r.stderr)
    assert part in r.stderr, r.stderr
    # user input never trips an assertion meant for programming errors
    assert "CRITICAL" not in r.stderr and "WARNING" not in r.stderr, r.stderr


@tap.test("/cli/export/unknown-flag")
def _():
    expect_failure(export(ctx["video"], "--bogus-flag"), "Unknown option --bogus-flag")


@tap.test("/cli/export/job-id-pattern")
def _():
    expect_failure(export(ctx["video"], "--job-id", "bad id!", "--endpoint-url",
                          "http://127.0.0.1:9", "-o", os.path.join(ctx["tmp"], "x.mp4"),
                          AWS_ACCESS_KEY_ID="AKIDX", AWS_SECRET_ACCESS_KEY="x"),
                   "A JobId has only letters, digits")


@tap.test("/cli/export/endpoint-not-http")
def _():
    expect_failure(export(ctx["video"], "--job-id", "abc", "--endpoint-url", "ftp://example.com",
                          "-o", os.path.join(ctx["tmp"], "x.mp4"),
                          AWS_ACCESS_KEY_ID="AKIDX", AWS_SECRET_ACCESS_KEY="x"),
                   "ftp://example.com")


@tap.test("/cli/export/plain-http-remote")
def _():
    expect_failure(export(ctx["video"], "--job-id", "abc", "--endpoint-url",
                          "http://198.51.100.7:8080", "-o", os.path.join(ctx["tmp"], "x.mp4"),
                          AWS_ACCESS_KEY_ID="AKIDX", AWS_SECRET_ACCESS_KEY="x"),
                   "https")


@tap.test("/cli/export/unwritable-output")
def _():
    # The parent of the output is a file: no permission bits involved (tests may run as root).
    blocker = os.path.join(ctx["tmp"], "a-file")
    with open(blocker, "w") as f:
        f.write("x")
    out = os.path.join(blocker, "out.mp4")
    expect_failure(export(ctx["video"], "--results", ctx["job"], "-o", out, "--to", "0.5"),
                   "out.mp4")
    assert not os.path.exists(out)


@tap.test("/cli/server/unknown-flag")
def _():
    r = subprocess.run([ctx["server"], "--bogus-flag"], capture_output=True, text=True,
                       timeout=30, env=env())
    assert r.returncode == 1 and "Unknown option --bogus-flag" in r.stderr, r.stderr


@tap.test("/cli/server/unwritable-port-file")
def _():
    blocker = os.path.join(ctx["tmp"], "a-file")
    with open(blocker, "w") as f:
        f.write("x")
    creds = os.path.join(ctx["tmp"], "creds")
    with open(creds, "w") as f:
        f.write("[default]\naws_access_key_id = AKIDX\naws_secret_access_key = x\n")
    r = subprocess.run([ctx["server"], "--port", "0", "--port-file", os.path.join(blocker, "port"),
                        "--jobs", ctx["tmp"], "--credentials", creds], capture_output=True,
                       text=True, timeout=30, env=env())
    assert r.returncode == 1 and os.path.join(blocker, "port") in r.stderr, r.stderr


def grep_tree(root, markers):
    found = []
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            try:
                data = open(path, "rb").read()
            except OSError:
                continue
            for m in markers:
                if m.encode() in data:
                    found.append((path, m))
    return found


@tap.test("/security/secrets-never-written")
def _():
    markers = (MARK_SECRET, MARK_TOKEN)
    jobs = os.path.join(ctx["tmp"], "jobs")
    os.makedirs(jobs, exist_ok=True)
    shutil.copy(ctx["job"], os.path.join(jobs, "secretjob.json"))
    creds = ("[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
             "aws_session_token = %s\n" % (MARK_KEY, MARK_SECRET, MARK_TOKEN))
    out_dir = os.path.join(ctx["tmp"], "frames")
    secrets = dict(AWS_ACCESS_KEY_ID=MARK_KEY, AWS_SECRET_ACCESS_KEY=MARK_SECRET,
                   AWS_SESSION_TOKEN=MARK_TOKEN, G_MESSAGES_DEBUG="all")
    texts = []
    with Server(ctx["server"], jobs, extra_args=["--verbose"], credentials=creds) as server:
        url = "http://127.0.0.1:%d" % server.port
        ok = export(ctx["video"], "--job-id", "secretjob", "--endpoint-url", url, "-o", out_dir,
                    "--format", "png", "--to", "0.3", **secrets)
        assert ok.returncode == 0, ok.stderr[-2000:]
        texts += [ok.stdout, ok.stderr]
        # A fetch that fails (the signature is wrong) must not quote the secret either.
        bad = export(ctx["video"], "--job-id", "otherjob", "--endpoint-url", url, "-o",
                     os.path.join(ctx["tmp"], "never.mp4"),
                     **dict(secrets, AWS_SECRET_ACCESS_KEY=MARK_SECRET + "x"))
        assert bad.returncode == 1, bad.stderr[-2000:]
        texts += [bad.stdout, bad.stderr]
    texts.append(server.stderr_text if hasattr(server, "stderr_text") else "")
    assert os.path.isfile(os.path.join(out_dir, "frames.json")), os.listdir(out_dir)
    cache = os.path.join(ctx["tmp"], "cache", "pathview")
    assert os.listdir(cache), "the fetch was not cached"
    # the debug output is really there: otherwise the grep proves little
    assert "pv-client-DEBUG" in ok.stdout + ok.stderr, ok.stdout[:2000]
    for t in texts:
        for m in markers:
            assert m not in t, ("marker in output", m)
    found = grep_tree(ctx["tmp"], markers)
    # the server's own credentials file holds them, by design; nothing else may
    found = [f for f in found if not f[0].endswith("/credentials")]
    assert not found, found


def main():
    ctx.update(pathview=sys.argv[1], server=sys.argv[2], video=sys.argv[3], job=sys.argv[4])
    with tempfile.TemporaryDirectory(prefix="pv-cli-") as tmp:
        ctx["tmp"] = tmp
        return tap.run()


if __name__ == "__main__":
    sys.exit(main())
