#!/usr/bin/env python3
# make-client-response-seeds.py
#
# Copyright 2026 The Pathview authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the seed corpus of fuzz-client-response: whole HTTP responses (status line, headers,
empty line, body) as an endpoint sends them for GetPersonTracking.

    make-client-response-seeds.py SHARED_DATA OUT_DIR

From the shared data: the error responses of botocore's awsJson1.1 output vectors (Apache-2.0),
the one recorded Rekognition error body, and the AWS CLI example page (Apache-2.0). Made up here:
pages in pathview-server's compact shape (which the client's fast path reads), IN_PROGRESS,
FAILED, throttling, a page cut off mid-body, an empty page that still has a NextToken.
"""

import json
import os
import sys


def response(status, reason, headers, body):
    if isinstance(body, str):
        body = body.encode()
    head = "HTTP/1.1 %d %s\r\n" % (status, reason)
    for name, value in headers:
        head += "%s: %s\r\n" % (name, value)
    head += "Content-Length: %d\r\n\r\n" % len(body)
    return head.encode() + body


JSON = ("Content-Type", "application/x-amz-json-1.1")
REQUEST_ID = ("x-amzn-RequestId", "0b3b0b8e-6f4c-4c3a-9d76-0123456789ab")


def compact_page(n, next_token=None, status="SUCCEEDED", faces=True):
    persons = []
    for i in range(n):
        person = {"Index": i % 3, "BoundingBox": {"Width": 0.125, "Height": 0.25,
                                                  "Left": (i * 37 % 800) / 1024.0,
                                                  "Top": (i * 53 % 700) / 1024.0}}
        if faces and i % 5 == 0:
            person["Face"] = {
                "BoundingBox": {"Width": 0.03125, "Height": 0.0625, "Left": 0.5, "Top": 0.25},
                "Confidence": 99.5,
                "Landmarks": [{"Type": t, "X": 0.5, "Y": 0.25} for t in
                              ("eyeLeft", "eyeRight", "mouthLeft", "mouthRight", "nose")],
                "Pose": {"Roll": 1.5, "Yaw": -2.5, "Pitch": 3.5},
                "Quality": {"Brightness": 50.0, "Sharpness": 60.0}}
        persons.append({"Timestamp": (i // 3) * 40, "Person": person})
    page = {"JobStatus": status,
            "VideoMetadata": {"Codec": "h264", "DurationMillis": 600000,
                              "Format": "QuickTime / MOV", "FrameRate": 25.0,
                              "FrameHeight": 720, "FrameWidth": 1280},
            "Persons": persons}
    if next_token is not None:
        page["NextToken"] = next_token
    return json.dumps(page, separators=(",", ":"))


def main():
    shared, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    seeds = {}

    with open(os.path.join(shared, "aws-protocol", "botocore_protocols_output_json.json")) as f:
        vectors = json.load(f)
    n = 0
    for suite in vectors:
        for case in suite["cases"]:
            r = case.get("response", {})
            if r.get("status_code", 200) < 400:
                continue
            n += 1
            seeds["botocore-error-%02d" % n] = response(
                r["status_code"], "Bad Request" if r["status_code"] == 400 else "Server Error",
                sorted(r.get("headers", {}).items()), r.get("body") or "")

    with open(os.path.join(shared, "aws-protocol",
                           "rekognition_recorded_error_AccessDeniedException.json"), "rb") as f:
        seeds["recorded-access-denied"] = response(400, "Bad Request", [JSON, REQUEST_ID],
                                                   f.read().strip())
    with open(os.path.join(shared, "rekognition", "awscli_example_get-person-tracking.json"),
              "rb") as f:
        seeds["awscli-example-page"] = response(200, "OK", [JSON, REQUEST_ID], f.read())

    seeds["compact-page"] = response(200, "OK", [JSON, REQUEST_ID], compact_page(12, "abc\\/def+="))
    seeds["compact-last-page"] = response(200, "OK", [JSON], compact_page(4, faces=False))
    seeds["empty-page-with-token"] = response(200, "OK", [JSON], compact_page(0, "t2"))
    seeds["in-progress"] = response(200, "OK", [JSON], '{"JobStatus":"IN_PROGRESS"}')
    seeds["failed"] = response(200, "OK", [JSON],
                               '{"JobStatus":"FAILED","StatusMessage":"Unsupported codec"}')
    seeds["throttling"] = response(400, "Bad Request", [JSON, ("X-Amzn-ErrorType",
                                                               "ThrottlingException:http://x/")],
                                   '{"__type":"com.amazonaws.rekognition#ThrottlingException",'
                                   '"message":"Rate exceeded"}')
    seeds["clock-skew"] = response(400, "Bad Request",
                                   [JSON, ("Date", "Sun, 30 Aug 2015 12:36:00 GMT")],
                                   '{"__type":"InvalidSignatureException","message":"Signature '
                                   'expired: 20150830T123600Z is now earlier than 20150830T124100Z'
                                   ' (20150830T124600Z - 5 min.)"}')
    seeds["plain-503"] = response(503, "Service Unavailable", [("Content-Type", "text/html")],
                                  "<html><body>busy</body></html>")
    full = response(200, "OK", [JSON], compact_page(6, "next"))
    seeds["cut-mid-body"] = full[:len(full) - 80]

    for name, data in sorted(seeds.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
