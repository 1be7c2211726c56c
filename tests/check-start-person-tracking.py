#!/usr/bin/env python3
# check-start-person-tracking.py SERVER DEMO_CLIP CREDENTIALS
#
# StartPersonTracking over HTTP on loopback, with boto3 as the client: a job on a short clip runs
# to SUCCEEDED and pages back; ClientRequestToken is idempotent; names that leave the bucket are
# refused; a file that is not a video FAILS with a message; a server stopped mid-job runs the job
# again when it starts. TAP output.

import configparser
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import boto3
import botocore.exceptions
from botocore.config import Config

SERVER, CLIP, CREDENTIALS = sys.argv[1:4]

results = []


def ok(cond, name, detail=""):
    results.append((bool(cond), name, detail))
    note = f" # {detail}" if detail and not cond else ""
    print(("ok" if cond else "not ok") + f" {len(results)} {name}" + note)
    sys.stdout.flush()


def cut(src, dst, frames):
    # The demo clip's first keyframe is frame 0 and it has no B-frames: cut without re-encoding.
    subprocess.run(["gst-launch-1.0", "-q", "filesrc", f"location={src}", "!", "qtdemux", "!",
                    "h264parse", "!", "identity", f"eos-after={frames}", "!", "mp4mux", "!",
                    "filesink", f"location={dst}"], check=True)


class Server:
    def __init__(self, state, bucket, workers=1):
        self.state = state
        self.port_file = os.path.join(state, "port")
        if os.path.exists(self.port_file):
            os.unlink(self.port_file)
        self.log = open(os.path.join(state, "server.log"), "a")
        self.proc = subprocess.Popen([SERVER, "--port", "0", "--port-file", self.port_file,
                                      "--jobs", os.path.join(state, "jobs"),
                                      "--credentials", CREDENTIALS,
                                      "--bucket", f"pets={bucket}",
                                      "--workers", str(workers)],
                                     stdout=self.log, stderr=self.log)
        for _ in range(200):
            if os.path.exists(self.port_file) and open(self.port_file).read().strip():
                break
            if self.proc.poll() is not None:
                raise RuntimeError("pathview-server exited at start")
            time.sleep(0.05)
        port = open(self.port_file).read().strip()
        cred = configparser.ConfigParser()
        cred.read(CREDENTIALS)
        self.client = boto3.client(
            "rekognition", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
            aws_access_key_id=cred["default"]["aws_access_key_id"],
            aws_secret_access_key=cred["default"]["aws_secret_access_key"],
            config=Config(retries={"max_attempts": 1}))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=60)
        self.log.close()
        return code


def wait_done(client, job_id, timeout=120):
    deadline = time.time() + timeout
    seen_in_progress = False
    while time.time() < deadline:
        r = client.get_person_tracking(JobId=job_id)
        if r["JobStatus"] != "IN_PROGRESS":
            return r, seen_in_progress
        seen_in_progress = True
        time.sleep(0.2)
    return None, seen_in_progress


def error_code(call):
    try:
        call()
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"].get("Message", "")
    return None, ""


def main():
    tmp = tempfile.mkdtemp(prefix="pv-start-")
    bucket = os.path.join(tmp, "bucket")
    outside = os.path.join(tmp, "outside")
    state = os.path.join(tmp, "state")
    for d in (bucket, outside, state):
        os.makedirs(d)
    cut(CLIP, os.path.join(bucket, "short.mp4"), 10)
    cut(CLIP, os.path.join(bucket, "longer.mp4"), 40)
    with open(os.path.join(bucket, "notes.mp4"), "w") as f:
        f.write("this is a text file, not a video\n")
    shutil.copy(os.path.join(bucket, "short.mp4"), os.path.join(outside, "secret.mp4"))
    os.symlink(os.path.join(outside, "secret.mp4"), os.path.join(bucket, "link-out.mp4"))
    os.makedirs(os.path.join(bucket, "sub"))
    os.symlink(os.path.join("..", "short.mp4"), os.path.join(bucket, "sub", "link-in.mp4"))

    server = Server(state, bucket)
    c = server.client
    video = {"S3Object": {"Bucket": "pets", "Name": "short.mp4"}}

    # A job runs to SUCCEEDED, and its results page back whole.
    job = c.start_person_tracking(Video=video, ClientRequestToken="token-1", JobTag="short-clip",
                                  NotificationChannel={
                                      "SNSTopicArn": "arn:aws:sns:us-east-1:123456789012:done",
                                      "RoleArn": "arn:aws:iam::123456789012:role/pathview"})
    job_id = job["JobId"]
    ok(len(job_id) <= 64 and all(ch.isalnum() or ch in "-_" for ch in job_id),
       "/start/job-id-pattern", job_id)
    # Every page echoes the job, as newer API versions do: exactly the members botocore's
    # service model gives GetPersonTrackingResponse, IN_PROGRESS pages included.
    raw_pages = []
    c.meta.events.register("after-call.rekognition.GetPersonTracking",
                           lambda http_response, **kw: raw_pages.append(
                               json.loads(http_response.content)))
    model = c.meta.service_model.operation_model("GetPersonTracking").output_shape.members
    early = c.get_person_tracking(JobId=job_id)
    first, _ = wait_done(c, job_id)
    ok(first is not None and first["JobStatus"] == "SUCCEEDED", "/start/succeeded",
       str(first)[:300])
    if not all(m in model for m in ("JobId", "Video", "JobTag")):
        print("ok %d /start/echoes-job # SKIP botocore's model has no JobId/Video/JobTag in "
              "GetPersonTrackingResponse" % (len(results) + 1))
        results.append((True, "/start/echoes-job", ""))
    else:
        echoed = [p for p in (early, first)
                  if p is not None and p.get("JobId") == job_id and p.get("Video") == video
                  and p.get("JobTag") == "short-clip"]
        seen = [(p.get("JobStatus"), p.get("JobId"), p.get("Video"), p.get("JobTag"))
                for p in (early, first) if p]
        ok(len(echoed) == 2, "/start/echoes-job", str(seen))
        unknown = sorted({k for page in raw_pages for k in page} - set(model))
        ok(raw_pages and not unknown, "/start/members-in-model",
           f"{len(raw_pages)} pages; not in the model: {unknown}")
    persons, pages, token = [], 0, None
    while True:
        kwargs = {"JobId": job_id, "MaxResults": 7}
        if token:
            kwargs["NextToken"] = token
        page = c.get_person_tracking(**kwargs)
        pages += 1
        persons += page["Persons"]
        meta = page["VideoMetadata"]
        token = page.get("NextToken")
        if not token:
            break
    ok(len(persons) >= 8, "/start/people-found", f"{len(persons)} detections")
    ok(pages == (len(persons) + 6) // 7, "/start/paged", f"{pages} pages for {len(persons)}")
    ok(meta["FrameWidth"] == 768 and meta["FrameHeight"] == 576 and meta["Codec"] == "h264",
       "/start/video-metadata", str(meta))
    ok(all(p["Timestamp"] % 200 == 0 and p["Timestamp"] < 1000 for p in persons),
       "/start/timestamps", str([p["Timestamp"] for p in persons][:20]))
    boxes_ok = all(0 <= p["Person"]["BoundingBox"]["Left"] <= 1
                   and 0 < p["Person"]["BoundingBox"]["Width"] <= 1 for p in persons)
    ok(boxes_ok, "/start/boxes-are-ratios")
    st = json.load(open(os.path.join(state, "jobs", job_id + ".state")))
    ok(st.get("NotificationChannel", {}).get("RoleArn", "").endswith("role/pathview")
       and st.get("JobTag") == "short-clip", "/start/notification-channel-recorded", str(st))

    # Idempotency.
    again = c.start_person_tracking(Video=video, ClientRequestToken="token-1", JobTag="short-clip",
                                    NotificationChannel={
                                        "SNSTopicArn": "arn:aws:sns:us-east-1:123456789012:done",
                                        "RoleArn": "arn:aws:iam::123456789012:role/pathview"})
    ok(again["JobId"] == job_id, "/start/token/same-job-id")
    code, _ = error_code(lambda: c.start_person_tracking(
        Video={"S3Object": {"Bucket": "pets", "Name": "longer.mp4"}}, ClientRequestToken="token-1"))
    ok(code == "IdempotentParameterMismatchException", "/start/token/mismatch", str(code))
    other = c.start_person_tracking(Video=video)
    ok(other["JobId"] != job_id, "/start/token/none-is-new-job")

    # Names that leave the bucket.
    for name, label in (("../outside/secret.mp4", "dotdot"),
                        ("sub/../../outside/secret.mp4", "dotdot-deep"),
                        (os.path.join(outside, "secret.mp4"), "absolute"),
                        ("link-out.mp4", "symlink-out")):
        code, msg = error_code(lambda: c.start_person_tracking(
            Video={"S3Object": {"Bucket": "pets", "Name": name}}))
        ok(code == "InvalidParameterException", f"/start/traversal/{label}", f"{code} {msg}")
    inside = c.start_person_tracking(
        Video={"S3Object": {"Bucket": "pets", "Name": "sub/link-in.mp4"}})
    ok(inside.get("JobId"), "/start/traversal/symlink-inside-allowed")
    code, _ = error_code(lambda: c.start_person_tracking(
        Video={"S3Object": {"Bucket": "pets", "Name": "missing.mp4"}}))
    ok(code == "InvalidS3ObjectException", "/start/missing-object", str(code))
    code, _ = error_code(lambda: c.start_person_tracking(
        Video={"S3Object": {"Bucket": "nobucket", "Name": "short.mp4"}}))
    ok(code == "InvalidS3ObjectException", "/start/unknown-bucket", str(code))

    # A file that is not a video: FAILED, saying which file and why.
    bad = c.start_person_tracking(Video={"S3Object": {"Bucket": "pets", "Name": "notes.mp4"}})
    r, _ = wait_done(c, bad["JobId"])
    ok(r is not None and r["JobStatus"] == "FAILED" and "notes.mp4" in r.get("StatusMessage", ""),
       "/start/unreadable-fails", str(r)[:300])

    for jid in (other["JobId"], inside["JobId"]):
        wait_done(c, jid)

    # Stop the server while a job runs; the next start runs it again.
    longer = c.start_person_tracking(Video={"S3Object": {"Bucket": "pets", "Name": "longer.mp4"}},
                                     ClientRequestToken="token-long")
    long_id = longer["JobId"]
    state_file = os.path.join(state, "jobs", long_id + ".state")
    for _ in range(100):
        if json.load(open(state_file)).get("Runs", 0) >= 1:
            break
        time.sleep(0.05)
    time.sleep(0.2)
    code = server.stop()
    st = json.load(open(state_file))
    ok(st["JobStatus"] == "IN_PROGRESS", "/restart/left-in-progress", str(st))
    ok(code == 0, "/restart/clean-exit", f"exit code {code}")

    server = Server(state, bucket)
    c = server.client
    again = c.start_person_tracking(Video={"S3Object": {"Bucket": "pets", "Name": "longer.mp4"}},
                                    ClientRequestToken="token-long")
    ok(again["JobId"] == long_id, "/restart/token-survives")
    r, _ = wait_done(c, long_id, timeout=300)
    ok(r is not None and r["JobStatus"] == "SUCCEEDED" and len(r["Persons"]) > 0,
       "/restart/job-reruns", str(r)[:300])
    st = json.load(open(state_file))
    ok(st.get("Runs") == 2 and "run again" in st.get("Note", ""), "/restart/noted", str(st))
    r = c.get_person_tracking(JobId=job_id)
    ok(r["JobStatus"] == "SUCCEEDED" and len(r["Persons"]) > 0, "/restart/old-results-kept")
    code = server.stop()
    ok(code == 0, "/restart/second-clean-exit", f"exit code {code}")

    if all(r[0] for r in results):
        shutil.rmtree(tmp)
    else:
        print(f"# left {tmp} for inspection; server log: {os.path.join(state, 'server.log')}")
    print(f"1..{len(results)}")
    return 0 if all(r[0] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
