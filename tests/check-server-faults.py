#!/usr/bin/env python3
# check-server-faults.py
#
# Copyright 2026 The Pathview authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Each fault-injection option of pathview-server, over real HTTP on loopback.

    check-server-faults.py PATHVIEW_SERVER MAKE_JOB_SCRIPT

The client's tests rely on these faults behaving exactly as documented, so each is checked here
with raw requests signed by botocore, and error parsing is checked with botocore's own parser.
"""

import http.client
import json
import os
import socket
import sys
import tempfile
import time

try:
    import boto3  # noqa: F401
    import botocore.exceptions
except ImportError:
    print("1..0 # SKIP boto3 is not installed")
    sys.exit(77)

from pv_test_server import CREDENTIALS, Server, Tap, error_type, make_job

tap = Tap()
ctx = {}


def page(server, job_id="job", **params):
    body = {"JobId": job_id}
    body.update(params)
    status, headers, data = server.post(body)
    return status, headers, data


def ok_page(server, job_id="job", **params):
    status, headers, data = page(server, job_id, **params)
    assert status == 200, (status, data)
    return json.loads(data)


def expect_error(result, status, type_):
    got_status, headers, data = result
    assert got_status == status, (got_status, data)
    assert error_type(headers, data) == type_, (headers, data)


@tap.test("/server/fault/throttle-requests")
def _():
    with Server(ctx["bin"], ctx["jobs"], ["--fault-throttle-requests", "1,2,4"]) as s:
        results = [page(s, MaxResults=5) for _ in range(5)]
        for i in (0, 1, 3):
            expect_error(results[i], 500, "ThrottlingException")
        for i in (2, 4):
            assert results[i][0] == 200, results[i]


def throttle_pattern(extra):
    with Server(ctx["bin"], ctx["jobs"], extra) as s:
        return [page(s, MaxResults=1)[0] for _ in range(100)]


@tap.test("/server/fault/throttle-rate-seeded")
def _():
    a = throttle_pattern(["--fault-throttle-rate", "0.3", "--fault-seed", "7"])
    b = throttle_pattern(["--fault-throttle-rate", "0.3", "--fault-seed", "7"])
    c = throttle_pattern(["--fault-throttle-rate", "0.3", "--fault-seed", "8"])
    assert a == b, "the same seed must give the same faults"
    assert a != c, "another seed must give other faults"
    assert set(a) == {200, 500}
    n = a.count(500)
    assert 15 <= n <= 45, n  # binomial(100, 0.3): outside this is ~1e-3 unlikely
    assert throttle_pattern(["--fault-throttle-rate", "0"]) == [200] * 100
    assert throttle_pattern(["--fault-throttle-rate", "1"]) == [500] * 100


@tap.test("/server/fault/500-rate")
def _():
    with Server(ctx["bin"], ctx["jobs"], ["--fault-500-rate", "1"]) as s:
        expect_error(page(s), 500, "InternalServerError")
    with Server(ctx["bin"], ctx["jobs"], ["--fault-500-rate", "0.5", "--fault-seed", "3"]) as s:
        statuses = [page(s, MaxResults=1)[0] for _ in range(60)]
        assert set(statuses) == {200, 500}, statuses


@tap.test("/server/fault/latency")
def _():
    with Server(ctx["bin"], ctx["jobs"], ["--fault-latency-ms", "400"]) as s:
        t = time.monotonic()
        data = ok_page(s, MaxResults=3)
        elapsed = time.monotonic() - t
        assert elapsed >= 0.4, elapsed
        assert len(data["Persons"]) == 3
        # a client with a shorter timeout gives up; the server must survive that
        try:
            s.post({"JobId": "job"}, timeout=0.1)
            raise AssertionError("no timeout")
        except (socket.timeout, TimeoutError):
            pass
        time.sleep(0.5)
        assert len(ok_page(s, MaxResults=2)["Persons"]) == 2


@tap.test("/server/fault/drop-mid-body")
def _():
    with Server(ctx["bin"], ctx["jobs"], ["--fault-drop-mid-body", "2"]) as s:
        full = ok_page(s)
        try:
            s.post({"JobId": "job"})
            raise AssertionError("the body was not cut")
        except http.client.IncompleteRead as e:
            whole = len(json.dumps(full, separators=(",", ":")))
            # half the body arrived, and it is not valid JSON
            assert 0 < len(e.partial) < whole, (len(e.partial), whole)
            try:
                json.loads(e.partial)
                raise AssertionError("a truncated body parsed")
            except ValueError:
                pass
        assert ok_page(s) == full
    # with latency too, the cut comes after the delay
    with Server(ctx["bin"], ctx["jobs"], ["--fault-drop-mid-body", "1",
                                          "--fault-latency-ms", "200"]) as s:
        t = time.monotonic()
        try:
            s.post({"JobId": "job"})
            raise AssertionError("the body was not cut")
        except http.client.IncompleteRead:
            assert time.monotonic() - t >= 0.2


@tap.test("/server/fault/repeat-token")
def _():
    with Server(ctx["bin"], ctx["jobs"], ["--fault-repeat-token"]) as s:
        first = ok_page(s, MaxResults=10)
        second = ok_page(s, MaxResults=10, NextToken=first["NextToken"])
        assert second["NextToken"] == first["NextToken"]


@tap.test("/server/fault/in-progress")
def _():
    with Server(ctx["bin"], ctx["jobs"], ["--fault-in-progress", "2"]) as s:
        for _ in range(2):
            r = ok_page(s, MaxResults=10)
            assert r["JobStatus"] == "IN_PROGRESS" and r["Persons"] == [], r
            assert "NextToken" not in r
        r = ok_page(s, MaxResults=10)
        assert r["JobStatus"] == "SUCCEEDED" and len(r["Persons"]) == 10


@tap.test("/server/fault/failed")
def _():
    with Server(ctx["bin"], ctx["jobs"], ["--fault-failed", "The video could not be decoded"]) as s:
        for _ in range(2):
            r = ok_page(s)
            assert r["JobStatus"] == "FAILED" and r["Persons"] == [], r
            assert r["StatusMessage"] == "The video could not be decoded"


# SOURCES.md section 5: the statuses from the API reference
ERRORS = {
    "AccessDeniedException": 400,
    "InternalServerError": 500,
    "InvalidParameterException": 400,
    "InvalidPaginationTokenException": 400,
    "ProvisionedThroughputExceededException": 400,
    "ResourceNotFoundException": 400,
    "ThrottlingException": 500,
}


@tap.test("/server/fault/error-every-type")
def _():
    for type_, status in ERRORS.items():
        with Server(ctx["bin"], ctx["jobs"], ["--fault-error", type_ + ":2"]) as s:
            expect_error(page(s), status, type_)
            expect_error(page(s), status, type_)
            assert page(s)[0] == 200
    with Server(ctx["bin"], ctx["jobs"], ["--fault-error", "AccessDeniedException"]) as s:
        for _ in range(4):
            expect_error(page(s), 400, "AccessDeniedException")


@tap.test("/server/fault/error-is-after-authentication")
def _():
    with Server(ctx["bin"], ctx["jobs"], ["--fault-error", "ThrottlingException:1"]) as s:
        status, headers, data = s.post({"JobId": "job"}, secret="wrong")
        assert error_type(headers, data) == "InvalidSignatureException"
        expect_error(page(s), 500, "ThrottlingException")


@tap.test("/server/fault/error-styles-parse-in-botocore")
def _():
    for style in ("plain", "namespace", "suffix", "lowercase", "header-only"):
        for type_, status in ERRORS.items():
            with Server(ctx["bin"], ctx["jobs"],
                        ["--fault-error", type_, "--fault-error-style", style]) as s:
                client = s.client()
                try:
                    client.get_person_tracking(JobId="job")
                    raise AssertionError("no error")
                except botocore.exceptions.EndpointConnectionError as e:
                    raise AssertionError("%s %s: %s" % (style, type_, s.proc.poll())) from e
                except botocore.exceptions.ClientError as e:
                    # botocore's awsJson parser reads only __type (the header is a restJson
                    # habit), so for header-only it can only see the status.
                    code = e.response["Error"]["Code"]
                    # botocore strips the ":url" suffix only since 1.3x; Debian 12's 1.29 keeps
                    # it, so the suffix style is checked up to the colon there.
                    if style == "suffix":
                        code = code.split(":", 1)[0]
                    if style != "header-only":
                        assert code == type_, (style, e.response["Error"])
                    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == status
                status_, headers, data = page(s)
                if style == "header-only":
                    assert data == b"", data
                    assert headers["x-amzn-errortype"] == type_
                else:
                    body = json.loads(data)
                    assert ("message" if style == "lowercase" else "Message") in body, body
            if style != "plain":
                break  # every type once in plain style; the other styles with one type each


@tap.test("/server/fault/empty-page")
def _():
    with Server(ctx["bin"], ctx["jobs"], ["--fault-empty-page", "2"]) as s:
        first = ok_page(s, MaxResults=10)
        empty = ok_page(s, MaxResults=10, NextToken=first["NextToken"])
        assert empty["Persons"] == [] and empty["NextToken"] != first["NextToken"]
        assert empty["VideoMetadata"] == first["VideoMetadata"]
        after = ok_page(s, MaxResults=10, NextToken=empty["NextToken"])
        want = sorted(enumerate(ctx["job"]["Persons"]), key=lambda it: (it[1]["Timestamp"], it[0]))
        assert after["Persons"] == [p for _, p in want][10:20]


@tap.test("/server/fault/bad-options-rejected")
def _():
    import subprocess
    for bad in (["--fault-throttle-rate", "1.5"], ["--fault-throttle-requests", "1,x"],
                ["--fault-error", ":3"], ["--fault-error", "ThrottlingException:0"],
                ["--fault-error-style", "loud"], ["--listen", "not-an-address"],
                ["--port", "70000"]):
        r = subprocess.run([ctx["bin"], "--port", "0", "--jobs", ctx["jobs"], "--credentials",
                            ctx["creds"]] + bad, capture_output=True, text=True, timeout=20)
        assert r.returncode != 0, bad
        # the message names the option that was wrong
        assert bad[0] in r.stderr, (bad, r.stderr)


@tap.test("/server/preload")
def _():
    with open(os.path.join(ctx["jobs"], "bad-file.json"), "w") as f:
        f.write("{")
    try:
        with Server(ctx["bin"], ctx["jobs"], ["--preload"]) as s:
            # the file was read before the first request, and a bad file did not stop the server
            assert "loaded job job (120 detections)" in open(s.stderr_file.name).read()
            assert "bad-file.json" in open(s.stderr_file.name).read()
            assert len(ok_page(s, MaxResults=7)["Persons"]) == 7
    finally:
        os.unlink(os.path.join(ctx["jobs"], "bad-file.json"))


@tap.test("/server/listen/non-loopback-warns")
def _():
    import subprocess
    # 192.0.2.1 is TEST-NET-1: never a local address, so the bind fails after the warning and
    # nothing is ever exposed.
    r = subprocess.run([ctx["bin"], "--port", "0", "--jobs", ctx["jobs"], "--credentials",
                        ctx["creds"], "--listen", "192.0.2.1"], capture_output=True, text=True,
                       timeout=20)
    assert r.returncode != 0
    assert "NOT a loopback address" in r.stderr, r.stderr
    # ::1 is loopback: no warning
    with Server(ctx["bin"], ctx["jobs"], ["--listen", "::1"]) as s:
        pass
    assert "NOT a loopback" not in s.stderr_text, s.stderr_text


def main():
    if len(sys.argv) != 3:
        print("usage: check-server-faults.py PATHVIEW_SERVER MAKE_JOB_SCRIPT", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="pv-faults-")
    ctx["bin"] = sys.argv[1]
    ctx["jobs"] = os.path.join(tmp, "jobs")
    os.makedirs(ctx["jobs"])
    ctx["creds"] = os.path.join(tmp, "credentials")
    with open(ctx["creds"], "w") as f:
        f.write(CREDENTIALS)
    ctx["job"] = make_job(sys.argv[2], os.path.join(ctx["jobs"], "job.json"), 120, seed=11)
    return tap.run()


if __name__ == "__main__":
    sys.exit(main())
