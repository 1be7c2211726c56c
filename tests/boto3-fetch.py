#!/usr/bin/env python3
# boto3-fetch.py
#
# Copyright 2026 The Pathview authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""The independent peer: fetch a GetPersonTracking job with boto3's paginator.

    boto3-fetch.py --endpoint-url URL --job-id ID [--max-results N] [--region R] [--keep]

Prints "<detections> <checksum>" where the checksum is the same order-independent sum
test-client.c computes over PvClient's detections. With --keep, all pages stay in memory as
Python objects until the end (the benchmark's peer) and the peak RSS is printed to stderr.
Exits 77 (skip) when boto3 is missing.
"""

import argparse
import math
import resource
import sys
import time

try:
    import boto3
    from botocore.config import Config
    from botocore.paginate import Paginator
except ImportError:
    sys.exit(77)

MASK = (1 << 64) - 1


def detection_hash(timestamp, index, left, top):
    return (timestamp * 1000003 + index * 7919 + math.floor(left * 1e6 + 0.5) * 31
            + math.floor(top * 1e6 + 0.5)) & MASK


# botocore ships no paginator for GetPersonTracking (the AWS CLI does not page it either), so
# build botocore's own Paginator with the definition every other Rekognition Get* call uses.
PAGINATION = {"input_token": "NextToken", "output_token": "NextToken",
              "limit_key": "MaxResults", "result_key": "Persons"}


def paginator(client):
    if client.can_paginate("get_person_tracking"):
        return client.get_paginator("get_person_tracking")
    model = client.meta.service_model.operation_model("GetPersonTracking")
    return Paginator(client.get_person_tracking, PAGINATION, model)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint-url", required=True)
    ap.add_argument("--job-id", required=True)
    ap.add_argument("--max-results", type=int, default=0)
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()

    client = boto3.client("rekognition", endpoint_url=args.endpoint_url, region_name=args.region,
                          config=Config(retries={"max_attempts": 5, "mode": "standard"}))
    params = {"JobId": args.job_id}
    if args.max_results:
        params["PaginationConfig"] = {"PageSize": args.max_results}

    start = time.monotonic()
    pages = []
    n = 0
    total = 0
    for page in paginator(client).paginate(**params):
        if args.keep:
            pages.append(page)
        for item in page.get("Persons", []):
            person = item["Person"]
            box = person.get("BoundingBox", {})
            total = (total + detection_hash(item["Timestamp"], person["Index"],
                                            box.get("Left", 0.0), box.get("Top", 0.0))) & MASK
            n += 1
    elapsed = time.monotonic() - start

    print(f"{n} {total}")
    if args.keep:
        rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"boto3: {len(pages)} pages, {n} detections, {elapsed:.3f} s, peak RSS {rss_kib} KiB",
              file=sys.stderr)


if __name__ == "__main__":
    main()
