#!/usr/bin/python3
# bench-export-peer.py: the common peer for the export benchmark (issue 6): Python + OpenCV
# (Debian's python3-opencv) reading the video, drawing each visible person's box with
# cv2.rectangle and its Index with cv2.putText, and writing an H.264 MP4 or PNGs (cv2.imwrite).
#
# "mp4" goes through cv2.VideoWriter with fourcc "avc1": FFmpeg's libx264 with its defaults,
# preset medium, CRF 23, 3 B-frames, keyint 250 (the x264 option string in the output says so).
# They cannot be changed that way: Debian 12's OpenCV 4.6 reads OPENCV_FFMPEG_WRITER_OPTIONS but
# opens the encoder without those options (avcodec_open2 with no dictionary), so this script
# does not pretend to set any. tests/bench-export.c sets our side to match these defaults.
#
# "mp4-gst" goes through cv2.VideoWriter with OpenCV's GStreamer backend, the usual way to choose
# encoder settings from OpenCV: appsrc (BGR frames) ▶ videoconvert ▶ I420 ▶ x264enc with the
# given properties ▶ h264parse ▶ mp4mux ▶ filesink. So the peer can use exactly our encoder and
# our settings.
#
#   bench-export-peer.py mp4 VIDEO RESULTS.json OUT.mp4
#   bench-export-peer.py mp4-gst VIDEO RESULTS.json OUT.mp4 "X264ENC PROPERTIES" CONVERT_THREADS
#   bench-export-peer.py png VIDEO RESULTS.json OUTDIR ZLIB_LEVEL MAX_FRAMES
#
# Prints one JSON line: {"seconds": wall time of the loop, "frames": frames written}.
import bisect
import json
import os
import sys
import time

import cv2


def load(path):
    with open(path) as f:
        persons = json.load(f)["Persons"]
    by_time = {}
    for p in persons:
        box = p["Person"].get("BoundingBox")
        if box:
            by_time.setdefault(p["Timestamp"], []).append((p["Person"]["Index"], box))
    times = sorted(by_time)
    return times, by_time


def main():
    mode, video, results, out = sys.argv[1:5]
    times, by_time = load(results)
    tolerance = (times[1] - times[0]) / 2 if len(times) > 1 else 0

    cap = cv2.VideoCapture(video)
    if not cap.isOpened():
        sys.exit("cannot open " + video)
    fps = cap.get(cv2.CAP_PROP_FPS)
    width = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))
    height = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
    thickness = max(2, round(min(width, height) / 270))

    writer = None
    png_params = None
    max_frames = None
    if mode == "mp4":
        writer = cv2.VideoWriter(out, cv2.VideoWriter_fourcc(*"avc1"), fps, (width, height))
    elif mode == "mp4-gst":
        pipeline = ("appsrc ! videoconvert n-threads=%d ! video/x-raw,format=I420 ! x264enc %s ! "
                    "h264parse ! mp4mux ! filesink location=\"%s\""
                    % (int(sys.argv[6]), sys.argv[5], out))
        writer = cv2.VideoWriter(pipeline, cv2.CAP_GSTREAMER, 0, fps, (width, height), True)
    if mode.startswith("mp4"):
        if not writer.isOpened():
            sys.exit("cannot write " + out)
    else:
        png_params = [cv2.IMWRITE_PNG_COMPRESSION, int(sys.argv[5])]
        max_frames = int(sys.argv[6])
        os.makedirs(out, exist_ok=True)

    start = time.monotonic()
    n = 0
    first_ms = None
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        # Timestamps count from the first frame; the nearest sample within half a sampling step.
        pos = cap.get(cv2.CAP_PROP_POS_MSEC)
        if first_ms is None:
            first_ms = pos
        t = pos - first_ms
        i = bisect.bisect_left(times, t)
        best = None
        for j in (i - 1, i):
            if 0 <= j < len(times) and abs(times[j] - t) <= tolerance:
                if best is None or abs(times[j] - t) < abs(best - t):
                    best = times[j]
        if best is not None:
            for index, box in by_time[best]:
                x0 = int(box["Left"] * width)
                y0 = int(box["Top"] * height)
                x1 = int((box["Left"] + box["Width"]) * width)
                y1 = int((box["Top"] + box["Height"]) * height)
                colour = ((index * 67) % 256, (index * 137) % 256, (index * 211) % 256)
                cv2.rectangle(frame, (x0, y0), (x1, y1), colour, thickness)
                cv2.putText(frame, str(index), (x0, max(0, y0 - 4)), cv2.FONT_HERSHEY_SIMPLEX,
                            0.6, colour, 2)
        if writer is not None:
            writer.write(frame)
        else:
            cv2.imwrite(os.path.join(out, "frame-%06d.png" % n), frame, png_params)
        n += 1
        if max_frames is not None and n >= max_frames:
            break
    if writer is not None:
        writer.release()
    print(json.dumps({"seconds": time.monotonic() - start, "frames": n}))


main()
