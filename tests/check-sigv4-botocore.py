#!/usr/bin/env python3
# check-sigv4-botocore.py
#
# Copyright 2026 The Pathview authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sign a few hundred random GetPersonTracking requests with botocore's SigV4Auth and with PvSigv4
(through the sigv4-sign test program) and require the same header values.

    check-sigv4-botocore.py SIGV4_SIGN_PROGRAM [--count N] [--seed S]

botocore is the independent peer: the expected values are never computed by our code.
"""

import argparse
import datetime
import json
import random
import string
import subprocess
import sys

try:
    import botocore.auth
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError:
    print("1..0 # SKIP botocore is not installed")
    sys.exit(77)

from pv_test_server import botocore_fixed_time

JOB_ID_CHARS = string.ascii_letters + string.digits + "-_"
TOKEN_CHARS = string.ascii_letters + string.digits + "+/="
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2",
           "ap-northeast-1", "ca-central-1", "sa-east-1"]


def rand_str(rng, chars, lo, hi):
    return "".join(rng.choice(chars) for _ in range(rng.randint(lo, hi)))


def make_case(rng):
    params = {"JobId": rand_str(rng, JOB_ID_CHARS, 1, 64)}
    if rng.random() < 0.6:
        params["MaxResults"] = rng.choice([1, 2, 10, 100, 999, 1000, 5000, rng.randint(1, 10**6)])
    if rng.random() < 0.5:
        params["NextToken"] = rand_str(rng, TOKEN_CHARS, 1, 255)
    if rng.random() < 0.6:
        params["SortBy"] = rng.choice(["INDEX", "TIMESTAMP"])
    keys = list(params)
    rng.shuffle(keys)
    # Key order and spacing vary, because the signature covers the exact bytes sent.
    seps = rng.choice([(",", ":"), (", ", ": ")])
    body = json.dumps({k: params[k] for k in keys}, separators=seps)

    region = rng.choice(REGIONS)
    if rng.random() < 0.8:
        url = "https://rekognition.%s.amazonaws.com/" % region
        host = "rekognition.%s.amazonaws.com" % region
    else:
        port = rng.randint(1024, 65535)
        url = "http://127.0.0.1:%d/" % port
        host = "127.0.0.1:%d" % port

    when = datetime.datetime(2015, 8, 30, 12, 36, 0) + datetime.timedelta(
        seconds=rng.randint(0, 20 * 365 * 86400))
    case = {
        "method": "POST",
        "host": host,
        "path": "/",
        "region": region,
        "service": "rekognition",
        "access_key": "AKIA" + rand_str(rng, string.ascii_uppercase + string.digits, 16, 16),
        "secret": rand_str(rng, string.ascii_letters + string.digits + "+/", 40, 40),
        "amz_date": when.strftime("%Y%m%dT%H%M%SZ"),
        "headers": {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "RekognitionService.GetPersonTracking",
        },
        "body": body,
    }
    if rng.random() < 0.5:
        case["session_token"] = rand_str(rng, TOKEN_CHARS, 100, 400)
    return case, url, when


def botocore_headers(case, url, when):
    creds = Credentials(case["access_key"], case["secret"], case.get("session_token"))
    request = AWSRequest(method="POST", url=url, data=case["body"].encode("utf-8"),
                         headers=dict(case["headers"]))
    with botocore_fixed_time(when):
        SigV4Auth(creds, "rekognition", case["region"]).add_auth(request)
    out = {"Authorization": request.headers["Authorization"],
           "X-Amz-Date": request.headers["X-Amz-Date"]}
    if "X-Amz-Security-Token" in request.headers:
        out["X-Amz-Security-Token"] = request.headers["X-Amz-Security-Token"]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("program")
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--seed", type=int, default=20261203)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    cases = [make_case(rng) for _ in range(args.count)]
    stdin = "".join(json.dumps(c) + "\n" for c, _, _ in cases)
    proc = subprocess.run([args.program], input=stdin, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print("Bail out! %s exited with %d: %s" % (args.program, proc.returncode, proc.stderr))
        return 1
    ours = [json.loads(line) for line in proc.stdout.splitlines()]
    if len(ours) != len(cases):
        print("Bail out! %d requests in, %d answers out" % (len(cases), len(ours)))
        return 1

    print("1..%d" % len(cases))
    failed = 0
    with_token = 0
    for i, ((case, url, when), mine) in enumerate(zip(cases, ours), 1):
        theirs = botocore_headers(case, url, when)
        with_token += "X-Amz-Security-Token" in theirs
        if mine == theirs:
            print("ok %d %s %s %s" % (i, case["region"], case["amz_date"],
                                      "token" if "session_token" in case else "no-token"))
        else:
            failed += 1
            print("not ok %d %s" % (i, case["region"]))
            print("# body: %s" % case["body"])
            for k in sorted(set(mine) | set(theirs)):
                if mine.get(k) != theirs.get(k):
                    print("# %s\n#   ours:     %s\n#   botocore: %s"
                          % (k, mine.get(k), theirs.get(k)))
    # The generator must really have exercised both paths, or the comparison proves less than it
    # says.
    if with_token == 0 or with_token == len(cases):
        print("Bail out! the generated cases did not mix requests with and without a session token")
        return 1
    print("# %d of %d signatures differ from botocore" % (failed, len(cases)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
