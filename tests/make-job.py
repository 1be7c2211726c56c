#!/usr/bin/env python3
# make-job.py
#
# Copyright 2026 The Pathview authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write a synthetic GetPersonTracking job as one merged result (the shape the AWS CLI writes).

    make-job.py --persons 1000000 --out job.json [--pages DIR --page-size 1000] [--seed 1]

--persons is the number of PersonDetection items (the API's "Persons" array), not of people.
People walk across a 1920x1080, 29.97 fps video, --concurrent of them at a time; each lives for
a random number of frames and is then replaced by a new Index. Every fifth detection carries a
Face with its BoundingBox, Confidence, the 5 default Landmarks, Pose and Quality. Numbers are
float32 values printed the way the service prints them (e.g. 0.4151041805744171). The output is
deterministic for a given seed and arguments, so tests and benchmarks can regenerate it.

--pages DIR also writes the same detections as GetPersonTracking response pages
(page-00001.json, ...), each with VideoMetadata and JobStatus, and a NextToken on all but the last.
"""

import argparse
import json
import os
import random
import struct
import sys

LANDMARKS = ("eyeLeft", "eyeRight", "mouthLeft", "mouthRight", "nose")


def f32(x):
    """Round to float32 and back, as the service's values are float32 printed as doubles."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


class Walker:
    def __init__(self, rng, index, frames):
        self.index = index
        self.frames_left = frames
        self.w = rng.uniform(0.04, 0.16)
        self.h = clamp(self.w * rng.uniform(2.2, 3.2) * 16 / 9 / 2, 0.12, 0.9)
        self.x = rng.uniform(0.0, 1.0 - self.w)
        self.y = rng.uniform(0.0, 1.0 - self.h)
        self.vx = rng.uniform(-0.004, 0.004)
        self.vy = rng.uniform(-0.002, 0.002)

    def step(self, rng):
        self.vx = clamp(self.vx + rng.gauss(0, 0.0005), -0.006, 0.006)
        self.vy = clamp(self.vy + rng.gauss(0, 0.0003), -0.003, 0.003)
        self.x = clamp(self.x + self.vx, 0.0, 1.0 - self.w)
        self.y = clamp(self.y + self.vy, 0.0, 1.0 - self.h)
        self.frames_left -= 1


def box(left, top, width, height):
    return {"Width": f32(width), "Height": f32(height), "Left": f32(left), "Top": f32(top)}


def face_for(rng, p):
    fw = p.w * rng.uniform(0.35, 0.5)
    fh = fw * 16 / 9 * rng.uniform(1.1, 1.3)
    fl = p.x + (p.w - fw) * rng.uniform(0.3, 0.7)
    ft = p.y + p.h * rng.uniform(0.02, 0.06)
    ex = fw * 0.22
    marks = {
        "eyeLeft": (fl + fw / 2 - ex, ft + fh * 0.38),
        "eyeRight": (fl + fw / 2 + ex, ft + fh * 0.38),
        "mouthLeft": (fl + fw / 2 - ex * 0.8, ft + fh * 0.75),
        "mouthRight": (fl + fw / 2 + ex * 0.8, ft + fh * 0.75),
        "nose": (fl + fw / 2, ft + fh * 0.57),
    }
    return {
        "BoundingBox": box(fl, ft, fw, fh),
        "Confidence": f32(rng.uniform(90.0, 99.9999)),
        "Landmarks": [{"Type": t, "X": f32(marks[t][0] + rng.gauss(0, fw * 0.01)),
                       "Y": f32(marks[t][1] + rng.gauss(0, fh * 0.01))} for t in LANDMARKS],
        "Pose": {"Roll": f32(rng.uniform(-20, 20)), "Yaw": f32(rng.uniform(-60, 60)),
                 "Pitch": f32(rng.uniform(-25, 25))},
        "Quality": {"Brightness": f32(rng.uniform(30, 90)),
                    "Sharpness": f32(rng.uniform(20, 95))},
    }


def generate(n, concurrent, fps, seed):
    """Detections sorted by Timestamp (the TIMESTAMP order the service pages in)."""
    rng = random.Random(seed)
    next_index = 0
    walkers = []
    frame = 0
    out = []
    while len(out) < n:
        while len(walkers) < concurrent:
            walkers.append(Walker(rng, next_index, rng.randint(30, 900)))
            next_index += 1
        ts = int(round(frame * 1000.0 / fps))
        for p in walkers:
            if len(out) >= n:
                break
            person = {"Index": p.index, "BoundingBox": box(p.x, p.y, p.w, p.h)}
            if len(out) % 5 == 0:
                person["Face"] = face_for(rng, p)
            out.append({"Timestamp": ts, "Person": person})
            p.step(rng)
        walkers = [p for p in walkers if p.frames_left > 0]
        frame += 1
    duration = int(round(frame * 1000.0 / fps))
    return out, duration


def video_metadata(fps, duration):
    return {"Codec": "h264", "DurationMillis": duration, "Format": "QuickTime / MOV",
            "FrameRate": f32(fps), "FrameHeight": 1080, "FrameWidth": 1920}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--persons", type=int, required=True, help="number of PersonDetection items")
    ap.add_argument("--out", required=True, help="merged result file to write ('-' = stdout)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--concurrent", type=int, default=8, help="people visible at a time")
    ap.add_argument("--fps", type=float, default=30000 / 1001)
    ap.add_argument("--indent", type=int, default=None, help="pretty-print (the AWS CLI uses 4)")
    ap.add_argument("--pages", metavar="DIR", help="also write API response pages here")
    ap.add_argument("--page-size", type=int, default=1000)
    args = ap.parse_args()

    if args.persons < 0 or args.concurrent < 1 or args.page_size < 1 or args.fps <= 0:
        ap.error("--persons must be >= 0, --concurrent, --page-size and --fps > 0")

    persons, duration = generate(args.persons, args.concurrent, args.fps, args.seed)
    meta = video_metadata(args.fps, duration)
    seps = (",", ": ") if args.indent is not None else (",", ":")

    merged = {"JobStatus": "SUCCEEDED", "VideoMetadata": meta, "Persons": persons}
    # json.dumps, not json.dump: only dumps uses the C encoder, several times faster at 1M items.
    text = json.dumps(merged, indent=args.indent, separators=seps)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        tmp = args.out + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, args.out)
    del text

    if args.pages:
        os.makedirs(args.pages, exist_ok=True)
        n_pages = max(1, (len(persons) + args.page_size - 1) // args.page_size)
        for i in range(n_pages):
            page = {"JobStatus": "SUCCEEDED", "VideoMetadata": meta,
                    "Persons": persons[i * args.page_size:(i + 1) * args.page_size]}
            if i + 1 < n_pages:
                page["NextToken"] = "page-%05d" % (i + 2)
            with open(os.path.join(args.pages, "page-%05d.json" % (i + 1)), "w") as f:
                f.write(json.dumps(page, indent=args.indent, separators=seps))


if __name__ == "__main__":
    main()
