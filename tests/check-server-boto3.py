#!/usr/bin/env python3
# check-server-boto3.py
#
# Copyright 2026 The Pathview authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""boto3, the independent peer, against pathview-server over real HTTP on loopback.

    check-server-boto3.py PATHVIEW_SERVER MAKE_JOB_SCRIPT

Every expected value comes from the job file itself (sorted here in python) or from AWS's rules,
never from the server's code.
"""

import datetime
import email.utils
import json
import os
import sys
import tempfile

try:
    import boto3  # noqa: F401
    import botocore.exceptions
except ImportError:
    print("1..0 # SKIP boto3 is not installed")
    sys.exit(77)

from pv_test_server import (SESSION_KEY, SESSION_SECRET, SESSION_TOKEN, Server, Tap, error_type,
                            install_paginator, make_job)

tap = Tap()


def expected_order(persons, sort):
    """AWS's documented orders. TIMESTAMP: by time (the service's default). INDEX: by person, and
    within a person by detection confidence, highest first; detections without a face (no
    confidence) last, then by time. Ties keep the file order."""
    items = list(enumerate(persons))
    if sort == "TIMESTAMP":
        items.sort(key=lambda it: (it[1]["Timestamp"], it[0]))
    else:
        def key(it):
            pos, p = it
            face = p["Person"].get("Face")
            conf = face["Confidence"] if face and "Confidence" in face else None
            return (p["Person"]["Index"], conf is None, -(conf or 0), p["Timestamp"], pos)
        items.sort(key=key)
    return [p for _, p in items]


def paginate(client, job_id, page_size=None, sort=None):
    kwargs = {"JobId": job_id}
    if sort:
        kwargs["SortBy"] = sort
    if page_size:
        kwargs["PaginationConfig"] = {"PageSize": page_size}
    return list(client.get_paginator("get_person_tracking").paginate(**kwargs))


def client_error_code(fn):
    try:
        fn()
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"], e.response
    raise AssertionError("no error raised")


def check_pages(pages, job, sort, page_size):
    persons = [p for page in pages for p in page["Persons"]]
    want = expected_order(job["Persons"], sort)
    assert len(persons) == len(want), (len(persons), len(want))
    assert persons == want, "detections differ from the file's in %s order" % sort
    size = min(page_size or 1000, 1000)
    for i, page in enumerate(pages):
        assert page["JobStatus"] == "SUCCEEDED"
        assert page["VideoMetadata"] == job["VideoMetadata"], "page %d VideoMetadata" % i
        last = i == len(pages) - 1
        assert ("NextToken" in page) != last, "page %d NextToken presence" % i
        assert len(page["Persons"]) == (size if not last else len(want) - size * i)


def run(binary, make_job_script):
    tmp = tempfile.mkdtemp(prefix="pv-boto3-")
    install_paginator(tmp)
    jobs = os.path.join(tmp, "jobs")
    os.makedirs(jobs)
    job = make_job(make_job_script, os.path.join(jobs, "job-A_1.json"), 2500, seed=3)
    other = make_job(make_job_script, os.path.join(jobs, "other.json"), 1500, seed=4)
    small = make_job(make_job_script, os.path.join(jobs, "small.json"), 7, seed=5)
    with open(os.path.join(jobs, "empty.json"), "w") as f:
        json.dump({"JobStatus": "SUCCEEDED", "Persons": [], "fileName": "ignored"}, f)
    with open(os.path.join(jobs, "failed.json"), "w") as f:
        json.dump({"JobStatus": "FAILED", "StatusMessage": "Unsupported codec", "Persons": []}, f)
    with open(os.path.join(jobs, "broken.json"), "w") as f:
        f.write('{"Persons": [{"Timestamp": 1, "Person": {"Index": 0}},')
    assert any("Face" in p["Person"] for p in job["Persons"])
    assert other and small

    with Server(binary, jobs) as server:
        client = server.client()

        @tap.test("/server/boto3/paginate/timestamp-default")
        def _():
            check_pages(paginate(client, "job-A_1"), job, "TIMESTAMP", None)

        @tap.test("/server/boto3/paginate/timestamp-explicit-333")
        def _():
            check_pages(paginate(client, "job-A_1", 333, "TIMESTAMP"), job, "TIMESTAMP", 333)

        @tap.test("/server/boto3/paginate/index-333")
        def _():
            pages = paginate(client, "job-A_1", 333, "INDEX")
            check_pages(pages, job, "INDEX", 333)
            # INDEX really is by confidence within a person, not by time
            seq = [p for pg in pages for p in pg["Persons"]]
            by_time = expected_order(job["Persons"], "TIMESTAMP")
            assert seq != sorted(by_time, key=lambda p: p["Person"]["Index"])

        @tap.test("/server/boto3/paginate/index-default")
        def _():
            check_pages(paginate(client, "job-A_1", None, "INDEX"), job, "INDEX", None)

        @tap.test("/server/boto3/paginate/max-results-capped-at-1000")
        def _():
            check_pages(paginate(client, "job-A_1", 5000), job, "TIMESTAMP", 5000)

        @tap.test("/server/boto3/paginate/page-size-1")
        def _():
            pages = paginate(client, "small", 1)
            assert len(pages) == 7
            check_pages(pages, small, "TIMESTAMP", 1)

        @tap.test("/server/boto3/paginate/exact-multiple")
        def _():
            pages = paginate(client, "other", 500)
            assert len(pages) == 3
            check_pages(pages, other, "TIMESTAMP", 500)

        @tap.test("/server/boto3/empty-job")
        def _():
            pages = paginate(client, "empty")
            assert len(pages) == 1 and pages[0]["Persons"] == [] and "NextToken" not in pages[0]
            assert "VideoMetadata" not in pages[0] and pages[0]["JobStatus"] == "SUCCEEDED"

        @tap.test("/server/boto3/failed-job")
        def _():
            r = client.get_person_tracking(JobId="failed")
            assert r["JobStatus"] == "FAILED" and r["StatusMessage"] == "Unsupported codec"

        @tap.test("/server/boto3/error/unknown-job")
        def _():
            code, _ = client_error_code(lambda: client.get_person_tracking(JobId="nope"))
            assert code == "ResourceNotFoundException", code

        @tap.test("/server/boto3/error/broken-job-file")
        def _():
            code, resp = client_error_code(lambda: client.get_person_tracking(JobId="broken"))
            assert code == "InternalServerError", code
            assert "broken.json" in resp["Error"]["Message"]
            assert resp["ResponseMetadata"]["HTTPStatusCode"] == 500

        @tap.test("/server/boto3/error/garbage-token")
        def _():
            code, _ = client_error_code(
                lambda: client.get_person_tracking(JobId="job-A_1", NextToken="abc"))
            assert code == "InvalidPaginationTokenException", code

        token = client.get_person_tracking(JobId="job-A_1", MaxResults=10)["NextToken"]

        @tap.test("/server/boto3/error/forged-token")
        def _():
            for i in (0, len(token) // 2, len(token) - 3):
                forged = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:]
                code, _ = client_error_code(
                    lambda: client.get_person_tracking(JobId="job-A_1", NextToken=forged))
                assert code == "InvalidPaginationTokenException", (i, code)

        @tap.test("/server/boto3/error/token-of-other-job")
        def _():
            code, _ = client_error_code(
                lambda: client.get_person_tracking(JobId="other", NextToken=token))
            assert code == "InvalidPaginationTokenException", code

        @tap.test("/server/boto3/error/token-of-other-sort")
        def _():
            code, _ = client_error_code(lambda: client.get_person_tracking(
                JobId="job-A_1", NextToken=token, SortBy="INDEX"))
            assert code == "InvalidPaginationTokenException", code

        @tap.test("/server/boto3/token-resumes")
        def _():
            r = client.get_person_tracking(JobId="job-A_1", MaxResults=10, NextToken=token)
            assert r["Persons"] == expected_order(job["Persons"], "TIMESTAMP")[10:20]

        @tap.test("/server/boto3/error/bad-signature")
        def _():
            bad = server.client(secret="not-the-secret")
            code, resp = client_error_code(lambda: bad.get_person_tracking(JobId="job-A_1"))
            assert code == "InvalidSignatureException", code
            assert resp["ResponseMetadata"]["HTTPStatusCode"] == 403

        @tap.test("/server/boto3/error/unknown-key")
        def _():
            bad = server.client(key="AKIAUNKNOWN000000000")
            code, resp = client_error_code(lambda: bad.get_person_tracking(JobId="job-A_1"))
            assert code == "UnrecognizedClientException", code
            assert resp["ResponseMetadata"]["HTTPStatusCode"] == 400

        @tap.test("/server/boto3/session-token")
        def _():
            ok = server.client(key=SESSION_KEY, secret=SESSION_SECRET, token=SESSION_TOKEN)
            check_pages(paginate(ok, "job-A_1", 1000), job, "TIMESTAMP", 1000)
            no_token = server.client(key=SESSION_KEY, secret=SESSION_SECRET)
            code, _ = client_error_code(lambda: no_token.get_person_tracking(JobId="job-A_1"))
            assert code == "UnrecognizedClientException", code
            wrong = server.client(key=SESSION_KEY, secret=SESSION_SECRET, token="other-token")
            code, _ = client_error_code(lambda: wrong.get_person_tracking(JobId="job-A_1"))
            assert code == "UnrecognizedClientException", code
            # a long-term key must not come with a token
            extra = server.client(token=SESSION_TOKEN)
            code, _ = client_error_code(lambda: extra.get_person_tracking(JobId="job-A_1"))
            assert code == "UnrecognizedClientException", code

        @tap.test("/server/raw/error/bad-parameters")
        def _():
            cases = [
                ({"JobId": "bad/id"}, "InvalidParameterException"),
                ({"JobId": "../other"}, "InvalidParameterException"),
                ({"JobId": "a" * 65}, "InvalidParameterException"),
                ({"JobId": ""}, "InvalidParameterException"),
                ({}, "InvalidParameterException"),
                ({"JobId": "job-A_1", "MaxResults": 0}, "InvalidParameterException"),
                ({"JobId": "job-A_1", "MaxResults": -5}, "InvalidParameterException"),
                ({"JobId": "job-A_1", "MaxResults": "10"}, "SerializationException"),
                ({"JobId": "job-A_1", "SortBy": "NAME"}, "InvalidParameterException"),
                ({"JobId": "job-A_1", "NextToken": "x" * 256}, "InvalidParameterException"),
                ({"JobId": "job-A_1", "NextToken": ""}, "InvalidPaginationTokenException"),
                ({"JobId": 5}, "SerializationException"),
            ]
            for body, want in cases:
                status, headers, data = server.post(body)
                assert status == 400, (body, status)
                assert error_type(headers, data) == want, (body, data)
            # 64 characters is still valid: it is only unknown
            status, headers, data = server.post({"JobId": "a" * 64})
            assert error_type(headers, data) == "ResourceNotFoundException", data

        @tap.test("/server/raw/error/protocol")
        def _():
            status, headers, data = server.post(b"{not json")
            assert (status, error_type(headers, data)) == (400, "SerializationException"), data
            status, headers, data = server.post(b"[1,2]")
            assert (status, error_type(headers, data)) == (400, "SerializationException"), data
            status, headers, data = server.post({"JobId": "job-A_1"},
                                                target="RekognitionService.NoSuchThing")
            assert (status, error_type(headers, data)) == (400, "UnknownOperationException")
            status, headers, data = server.post({"JobId": "job-A_1"}, target=None)
            assert (status, error_type(headers, data)) == (400, "UnknownOperationException")
            status, headers, data = server.post({"JobId": "job-A_1"},
                                                content_type="application/json")
            assert (status, error_type(headers, data)) == (400, "SerializationException")
            status, headers, data = server.post({"JobId": "job-A_1"}, sign=False)
            assert error_type(headers, data) == "MissingAuthenticationTokenException", data
            status, headers, data = server.post(
                {"JobId": "job-A_1"}, sign=False,
                extra_headers={"Authorization": "AWS4-HMAC-SHA256 garbage"})
            assert error_type(headers, data) == "IncompleteSignatureException", data

        @tap.test("/server/raw/error/chunked-body")
        def _():
            import http.client
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            conn.request("POST", "/", body=iter([b'{"JobId":', b'"small"}']),
                         headers={"Content-Type": "application/x-amz-json-1.1"},
                         encode_chunked=True)
            resp = conn.getresponse()
            data = resp.read()
            conn.close()
            # without a length the body size cannot be capped before it is read
            assert resp.status == 411, (resp.status, data)
            assert error_type({}, data) == "SerializationException", data

        @tap.test("/server/raw/error/oversize-body")
        def _():
            status, headers, data = server.post(b"{" + b" " * 200000 + b"}")
            assert status == 413, status
            assert error_type(headers, data) == "SerializationException", data

        @tap.test("/server/raw/error/signature-expired")
        def _():
            now = datetime.datetime.utcnow()
            for delta, phrase in ((-600, "Signature expired"),
                                  (600, "Signature not yet current")):
                when = now + datetime.timedelta(seconds=delta)
                status, headers, data = server.post({"JobId": "job-A_1"}, when=when)
                assert status == 403, status
                assert error_type(headers, data) == "InvalidSignatureException"
                assert json.loads(data)["Message"].startswith(phrase), data
                server_time = email.utils.parsedate_to_datetime(headers["date"])
                skew = abs((server_time.replace(tzinfo=None) - now).total_seconds())
                assert skew < 30, headers["date"]
            # within the 5 minutes is fine
            status, _, data = server.post({"JobId": "small"},
                                          when=now - datetime.timedelta(seconds=200))
            assert status == 200, data

        @tap.test("/server/raw/signature-covers-body")
        def _():
            import http.client
            status, headers, data = server.post({"JobId": "small"})
            assert status == 200
            # a body changed after signing must be rejected
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            from pv_test_server import ACCESS_KEY, SECRET
            req = AWSRequest(method="POST", url=server.url + "/", data=b'{"JobId":"small"}',
                             headers={"Content-Type": "application/x-amz-json-1.1",
                                      "X-Amz-Target": "RekognitionService.GetPersonTracking"})
            SigV4Auth(Credentials(ACCESS_KEY, SECRET), "rekognition", "us-east-1").add_auth(req)
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            conn.request("POST", "/", body=b'{"JobId":"other"}', headers=dict(req.headers.items()))
            resp = conn.getresponse()
            body = resp.read()
            conn.close()
            assert resp.status == 403 and b"InvalidSignatureException" in body, body

        @tap.test("/server/boto3/rewritten-job-invalidates-tokens")
        def _():
            path = os.path.join(jobs, "mutable.json")
            make_job(make_job_script, path, 30, seed=6)
            t = client.get_person_tracking(JobId="mutable", MaxResults=10)["NextToken"]
            client.get_person_tracking(JobId="mutable", MaxResults=10, NextToken=t)
            newer = make_job(make_job_script, path + ".new", 40, seed=7)
            os.replace(path + ".new", path)
            code, _ = client_error_code(lambda: client.get_person_tracking(
                JobId="mutable", MaxResults=10, NextToken=t))
            assert code == "InvalidPaginationTokenException", code
            check_pages(paginate(client, "mutable", 10), newer, "TIMESTAMP", 10)

        @tap.test("/server/demo-credentials")
        def _():
            import configparser
            path = os.environ.get("PATHVIEW_DEMO_CREDENTIALS")
            assert path, "PATHVIEW_DEMO_CREDENTIALS is not set"
            with open(path) as f:
                text = f.read()
            assert "NOT A SECRET" in text
            ini = configparser.ConfigParser()
            ini.read_string(text)
            assert ini.sections(), "no profiles"
            with Server(binary, jobs, credentials=text) as demo:
                for name in ini.sections():
                    p = ini[name]
                    c = demo.client(key=p["aws_access_key_id"], secret=p["aws_secret_access_key"],
                                    token=p.get("aws_session_token"))
                    r = c.get_person_tracking(JobId="small", MaxResults=3)
                    assert len(r["Persons"]) == 3, name

        return tap.run()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: check-server-boto3.py PATHVIEW_SERVER MAKE_JOB_SCRIPT", file=sys.stderr)
        sys.exit(2)
    sys.exit(run(sys.argv[1], sys.argv[2]))
