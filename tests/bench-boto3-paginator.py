#!/usr/bin/env python3
# bench-boto3-paginator.py
#
# Copyright 2026 The Pathview authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""The peer side of the GetPersonTracking benchmark: boto3's paginator fetching every page of a
job from pathview-server and collecting the detections into Python objects.

    bench-boto3-paginator.py --server PATHVIEW_SERVER --make-job MAKE_JOB_SCRIPT
                             [--job FILE | --persons 1000000] [--page-size 1000]
                             [--endpoint-url URL --job-id ID]

Prints one JSON line: {"peer": "boto3", "detections", "pages", "seconds", "peak_rss_kb",
"server_load_seconds"}. The fetch runs in a child process so peak_rss_kb is that of the fetch
alone (interpreter and boto3 included, as for any client). The server loads the job once before
the clock starts, so a client measured against the same server afterwards is treated alike.
With --endpoint-url the running server at that URL is used instead of starting one.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pv_test_server import ACCESS_KEY, SECRET, Server, install_paginator  # noqa: E402

CHILD = r"""
import json, os, resource, sys, time
import boto3
endpoint, job_id, page_size, key, secret = sys.argv[1:6]
client = boto3.client("rekognition", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id=key, aws_secret_access_key=secret)
t = time.monotonic()
persons = []
pages = 0
for page in client.get_paginator("get_person_tracking").paginate(
        JobId=job_id, PaginationConfig={"PageSize": int(page_size)}):
    pages += 1
    persons.extend(page["Persons"])
elapsed = time.monotonic() - t
print(json.dumps({"detections": len(persons), "pages": pages, "seconds": elapsed,
                  "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def measure(endpoint, job_id, page_size, key, secret):
    out = subprocess.run([sys.executable, "-c", CHILD, endpoint, job_id, str(page_size), key,
                          secret], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server")
    ap.add_argument("--make-job")
    ap.add_argument("--job", help="an existing merged result to serve")
    ap.add_argument("--persons", type=int, default=1000000)
    ap.add_argument("--page-size", type=int, default=1000)
    ap.add_argument("--endpoint-url")
    ap.add_argument("--job-id", default="bench")
    ap.add_argument("--access-key", default=ACCESS_KEY)
    ap.add_argument("--secret-key", default=SECRET)
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="pv-bench-")
    install_paginator(tmp.name)

    if args.endpoint_url:
        result = measure(args.endpoint_url, args.job_id, args.page_size, args.access_key,
                         args.secret_key)
        result["server_load_seconds"] = None
    else:
        if not args.server:
            ap.error("--server is needed unless --endpoint-url is given")
        jobs = os.path.join(tmp.name, "jobs")
        os.makedirs(jobs)
        target = os.path.join(jobs, args.job_id + ".json")
        if args.job:
            os.symlink(os.path.abspath(args.job), target)
        else:
            if not args.make_job:
                ap.error("--make-job is needed unless --job is given")
            subprocess.run([sys.executable, args.make_job, "--persons", str(args.persons),
                            "--out", target], check=True)
        with Server(args.server, jobs, ["--preload"]) as server:
            t = time.monotonic()
            status, _, data = server.post({"JobId": args.job_id, "MaxResults": 1})
            load = time.monotonic() - t  # after --preload: only the first page's cost
            if status != 200:
                raise SystemExit("the server cannot serve the job: %s" % data[:300])
            result = measure(server.url, args.job_id, args.page_size, ACCESS_KEY, SECRET)
            result["server_load_seconds"] = load

    result["peer"] = "boto3"
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
