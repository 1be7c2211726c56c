# pv_test_server.py
#
# Copyright 2026 The Pathview authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for the python tests that talk to pathview-server over real HTTP on loopback:
start the binary on port 0 and read its port file, sign raw requests with botocore (the
independent peer), a paginator definition for boto3, and a tiny TAP runner."""

import contextlib
import datetime
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import types

ACCESS_KEY = "AKIAPATHVIEWTEST0000"
SECRET = "PathviewTestSecretKeyNotSecret0000000000"
SESSION_KEY = "ASIAPATHVIEWTEST0001"
SESSION_SECRET = "PathviewTestSessionSecretNotSecret000000"
SESSION_TOKEN = "PathviewTestSessionToken/with+base64=chars"
TARGET = "RekognitionService.GetPersonTracking"
CONTENT_TYPE = "application/x-amz-json-1.1"


@contextlib.contextmanager
def botocore_fixed_time(when):
    """Makes botocore sign at WHEN. Newer botocore asks botocore.auth.get_current_datetime ();
    Debian 12's 1.29 calls datetime.datetime.utcnow () inside botocore.auth instead."""
    import botocore.auth

    if hasattr(botocore.auth, "get_current_datetime"):
        original = botocore.auth.get_current_datetime
        botocore.auth.get_current_datetime = lambda: when
        try:
            yield
        finally:
            botocore.auth.get_current_datetime = original
        return

    class FixedDatetime(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return when

    original = botocore.auth.datetime
    botocore.auth.datetime = types.SimpleNamespace(datetime=FixedDatetime,
                                                   timedelta=datetime.timedelta)
    try:
        yield
    finally:
        botocore.auth.datetime = original

CREDENTIALS = """# test keys, not secret
[default]
aws_access_key_id = %s
aws_secret_access_key = %s

[session]
aws_access_key_id = %s
aws_secret_access_key = %s
aws_session_token = %s
""" % (ACCESS_KEY, SECRET, SESSION_KEY, SESSION_SECRET, SESSION_TOKEN)

# botocore ships no paginator for GetPersonTracking (AWS never defined one). This definition follows
# the API (NextToken in and out, MaxResults, Persons) and is loaded through AWS_DATA_PATH, so
# client.get_paginator('get_person_tracking') is botocore's own Paginator machinery.
PAGINATORS = {
    "pagination": {
        "GetPersonTracking": {
            "input_token": "NextToken",
            "output_token": "NextToken",
            "limit_key": "MaxResults",
            "result_key": "Persons",
            "non_aggregate_keys": ["JobStatus", "StatusMessage", "VideoMetadata"],
        }
    }
}


def install_paginator(tmpdir):
    path = os.path.join(tmpdir, "botocore-data", "rekognition", "2016-06-27")
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "paginators-1.json"), "w") as f:
        json.dump(PAGINATORS, f)
    os.environ["AWS_DATA_PATH"] = os.path.join(tmpdir, "botocore-data")


class Server:
    """pathview-server on 127.0.0.1, port 0, with its own jobs folder and credentials file."""

    def __init__(self, binary, jobs_dir, extra_args=(), credentials=CREDENTIALS):
        self.binary = binary
        self.jobs_dir = jobs_dir
        self.extra_args = list(extra_args)
        self.credentials = credentials
        self.proc = None
        self.port = None
        self.stderr_text = ""

    def __enter__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="pv-server-")
        cred_path = os.path.join(self.tmp.name, "credentials")
        with open(cred_path, "w") as f:
            f.write(self.credentials)
        port_file = os.path.join(self.tmp.name, "port")
        self.stderr_file = open(os.path.join(self.tmp.name, "stderr"), "w+")
        self.proc = subprocess.Popen(
            [self.binary, "--port", "0", "--port-file", port_file, "--jobs", self.jobs_dir,
             "--credentials", cred_path] + self.extra_args,
            stdout=subprocess.DEVNULL, stderr=self.stderr_file)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if os.path.exists(port_file) and open(port_file).read().endswith("\n"):
                self.port = int(open(port_file).read())
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        if self.port is None:
            self.stop()
            raise RuntimeError("pathview-server did not start: " + self.stderr_text)
        return self

    def stop(self):
        status = None
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                status = self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                status = self.proc.wait()
        elif self.proc is not None:
            status = self.proc.returncode
        self.stderr_file.seek(0)
        self.stderr_text = self.stderr_file.read()
        self.stderr_file.close()
        self.tmp.cleanup()
        return status

    def __exit__(self, exc_type, exc, tb):
        status = self.stop()
        # A clean exit on SIGTERM, so sanitizer reports (leaks) fail the test that caused them.
        if exc_type is None and status != 0:
            raise AssertionError("pathview-server exited with %s:\n%s" % (status, self.stderr_text))
        return False

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def client(self, key=ACCESS_KEY, secret=SECRET, token=None, **config):
        import boto3
        import botocore.config
        return boto3.client(
            "rekognition", endpoint_url=self.url, region_name="us-east-1",
            aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
            config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"},
                                          **config))

    def post(self, body, target=TARGET, key=ACCESS_KEY, secret=SECRET, token=None,
             when=None, content_type=CONTENT_TYPE, sign=True, extra_headers=None,
             region="us-east-1", timeout=30):
        """A raw request signed by botocore's SigV4Auth. Returns (status, headers, body bytes)."""
        import botocore.auth
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode("utf-8")
        headers = {}
        if content_type is not None:
            headers["Content-Type"] = content_type
        if target is not None:
            headers["X-Amz-Target"] = target
        request = AWSRequest(method="POST", url=self.url + "/", data=body, headers=headers)
        if sign:
            when = when or datetime.datetime.utcnow()
            with botocore_fixed_time(when):
                SigV4Auth(Credentials(key, secret, token), "rekognition", region).add_auth(request)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            send_headers = dict(request.headers.items())
            send_headers.update(extra_headers or {})
            conn.request("POST", "/", body=body, headers=send_headers)
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
        finally:
            conn.close()


def make_job(make_job_script, path, persons, seed=1, extra=()):
    subprocess.run([sys.executable, make_job_script, "--persons", str(persons), "--seed", str(seed),
                    "--out", path] + list(extra), check=True)
    with open(path) as f:
        return json.load(f)


class Tap:
    """Minimal TAP producer: each test is a function; an exception is a failure."""

    def __init__(self):
        self.tests = []

    def test(self, name):
        def register(fn):
            self.tests.append((name, fn))
            return fn
        return register

    def run(self, *args):
        print("1..%d" % len(self.tests), flush=True)
        failed = 0
        for i, (name, fn) in enumerate(self.tests, 1):
            try:
                fn(*args)
                print("ok %d %s" % (i, name), flush=True)
            except Exception:
                failed += 1
                print("not ok %d %s" % (i, name))
                for line in traceback.format_exc().splitlines():
                    print("# " + line)
                sys.stdout.flush()
        return 1 if failed else 0


def error_type(headers, body):
    """The AWS error type, read the way botocore does for JSON 1.1: __type minus prefix/suffix."""
    code = json.loads(body).get("__type", "") if body else headers.get("x-amzn-errortype", "")
    return code.split("#")[-1].split(":")[0]
