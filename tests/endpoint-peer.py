#!/usr/bin/env python3
# endpoint-peer.py: the endpoint botocore resolves for Rekognition, case by case
#
# Copyright 2026 The Pathview authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The independent peer for tests/test-aws-config.c: reads a JSON list of cases from argv[1],
# each {"env": {NAME: VALUE}, "endpoint_url": URL or null}, and prints a JSON list with, for
# each, the endpoint URL botocore would call, or "error: <exception class>". The case's
# environment replaces every AWS_* variable (it names the config and credentials files).
# Service-specific endpoints came with botocore 1.31: older versions print {"skip": reason}.

import json
import os
import sys

try:
    import botocore
    import botocore.session
except ImportError as e:
    print(json.dumps({"skip": f"botocore is not installed ({e})"}))
    sys.exit(0)

version = tuple(int(p) for p in botocore.__version__.split(".")[:2])
if version < (1, 31):
    print(json.dumps({"skip": f"botocore {botocore.__version__} predates service-specific "
                               "endpoints (1.31)"}))
    sys.exit(0)

with open(sys.argv[1], encoding="utf-8") as f:
    cases = json.load(f)

results = []
for case in cases:
    for name in [n for n in os.environ if n.startswith("AWS_")]:
        del os.environ[name]
    os.environ.update(case["env"])
    try:
        session = botocore.session.Session()
        client = session.create_client("rekognition", endpoint_url=case.get("endpoint_url"),
                                       aws_access_key_id="AKID", aws_secret_access_key="x")
        results.append(client.meta.endpoint_url)
    except Exception as e:  # the peer's refusal is an answer too
        results.append(f"error: {type(e).__name__}")
print(json.dumps(results))
